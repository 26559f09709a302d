from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired

from participation.core.forms import MaxLength
from participation.core.translated_forms import TranslatedForm, with_translations
from participation.outcomes.services import BODY_MAX, TITLE_MAX

REQUIRED = _l("This field is required.")


class ReportForm(TranslatedForm):
    title = StringField(
        _l("Title"),
        validators=[InputRequired(REQUIRED), MaxLength(TITLE_MAX)],
        description=_l("For example: “You said, we did: the results of this process”."),
    )
    body = TextAreaField(
        _l("Report"),
        validators=[InputRequired(REQUIRED), MaxLength(BODY_MAX)],
        description=_l(
            "What did residents say, what did the city decide and do, and what happens next? "
            "You can use simple Markdown: **bold**, *italic*, lists and links."
        ),
    )
    submit = SubmitField(_l("Save the report"))


with_translations(ReportForm, "title", "body")


class DashboardFilterForm(FlaskForm):
    """The filters of the responsiveness dashboard: a GET form, so the address can be shared."""

    class Meta:
        csrf = False

    department = SelectField(_l("Department"), default="")
    process_id = SelectField(_l("Process"), default="")  # not "process": that name is the form's own method
    overdue = BooleanField(_l("Only overdue ideas"))
    submit = SubmitField(_l("Filter"))
