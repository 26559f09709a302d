from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired

from participation.core.forms import MaxLength

REQUIRED = _l("This field is required.")




def code_field(label=None, description=None):
    return StringField(
        label or _l("Code"),
        validators=[InputRequired(REQUIRED), MaxLength(20, counted=False)],
        description=description,
    )


class SecondStepForm(FlaskForm):
    code = code_field(description=_l("The six digits your authenticator app shows, or one of your recovery codes."))
    submit = SubmitField(_l("Log in"))


class EnrolForm(FlaskForm):
    code = code_field(description=_l("After scanning, your app shows six digits that change every 30 seconds."))
    submit = SubmitField(_l("Switch on two-step verification"))


class NewCodesForm(FlaskForm):
    code = code_field(description=_l("The six digits your authenticator app shows now."))
    submit = SubmitField(_l("Make new recovery codes"))


class DisableForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[InputRequired(REQUIRED)])
    code = code_field(description=_l("The six digits your authenticator app shows, or a recovery code."))
    submit = SubmitField(_l("Switch off two-step verification"))
