from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField, TextAreaField
from wtforms.validators import InputRequired

from participation.core.forms import MaxLength


def consent_field() -> BooleanField:
    """The registration form's required box (accounts.forms.RegistrationForm.accepts_privacy)."""
    return BooleanField(
        _l("I have read the privacy statement"),
        validators=[InputRequired(_l("Tick the box to say you have read the privacy statement: we cannot create your account without it."))],
    )


class PublishForm(FlaskForm):
    changelog = TextAreaField(
        _l("What changed (in Dutch)"),
        validators=[InputRequired(_l("Describe what changed, so people know what they accept.")), MaxLength(5000)],
        description=_l("Plain text. People who accepted an earlier version read this before they accept the new one."),
    )
    submit = SubmitField(_l("Publish a new version"))


class AcceptForm(FlaskForm):
    submit = SubmitField(_l("I accept the privacy statement"))
