from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField


class UnsubscribeForm(FlaskForm):
    scope = RadioField(
        _l("Which emails do you want to stop?"),
        choices=[("kind", "kind"), ("all", _l("All notification emails"))],  # the first label is set per kind
        default="kind",
    )


class UndoUnsubscribeForm(FlaskForm):
    scope = HiddenField()
    frequency = HiddenField()
