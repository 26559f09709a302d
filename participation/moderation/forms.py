from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from participation.core.forms import MaxLength, as_id
from participation.core.inputs import MAX_ID
from participation.moderation import states
from participation.moderation.labels import ACTION_LABELS, REASON_LABELS
from participation.moderation.services.appeals import APPEAL_MAX
from participation.moderation.services.decisions import REASON_MAX
from participation.moderation.services.reports import REPORT_TEXT_MAX


class ReportForm(FlaskForm):
    reason = RadioField(_l("Why are you reporting this?"), choices=list(REASON_LABELS.items()),
                        validators=[InputRequired(_l("Choose a reason for your report."))])
    text = TextAreaField(_l("Explain (required for “Other”)"), validators=[Optional(), MaxLength(REPORT_TEXT_MAX)])
    submit = SubmitField(_l("Send report"))


class ReasonFields:
    """A standard reason to pick, or a reason in the moderator's own words, for a decision on an item."""

    template_id = SelectField(_l("Standard reason for this decision"), coerce=as_id, default=0)
    reason = TextAreaField(_l("Or write the reason for this decision"), validators=[Optional(), MaxLength(REASON_MAX)],
                           description=_l("The author receives this reason. A written reason replaces the standard one."))


class DecisionForm(ReasonFields, FlaskForm):
    action = RadioField(_l("Decision"), choices=[(a, ACTION_LABELS[a]) for a in states.ITEM_ACTIONS],
                        validators=[InputRequired(_l("Choose a decision."))])
    version = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=MAX_ID)])
    submit = SubmitField(_l("Apply decision"))


class BulkDecisionForm(ReasonFields, FlaskForm):
    action = SelectField(_l("Decision for the selected items"),
                         choices=[(a, ACTION_LABELS[a]) for a in states.ITEM_ACTIONS])
    template_id = SelectField(_l("Standard reason for the selected items"), coerce=as_id, default=0)
    reason = TextAreaField(_l("Or write the reason for the selected items"), validators=[Optional(), MaxLength(REASON_MAX)],
                           description=_l("Each author receives this reason. A written reason replaces the standard one."))
    submit = SubmitField(_l("Apply to selected items"))


class _PersonForm(FlaskForm):
    """Blocking sits on the same page as the decision form: its own prefix gives its fields their own
    names and ids (no two "reason" boxes with one id), and its own labels say which reason is which."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "block")
        super().__init__(*args, **kwargs)


class BlockForm(_PersonForm):
    template_id = SelectField(_l("Standard reason for blocking"), coerce=as_id, default=0)
    reason = TextAreaField(_l("Or write the reason for blocking"), validators=[Optional(), MaxLength(REASON_MAX)],
                           description=_l("The person receives this reason. A written reason replaces the standard one."))
    submit = SubmitField(_l("Block user"))


class UnblockForm(_PersonForm):
    template_id = SelectField(_l("Standard reason for unblocking"), coerce=as_id, default=0)
    reason = TextAreaField(_l("Or write the reason for unblocking"), validators=[Optional(), MaxLength(REASON_MAX)],
                           description=_l("The person receives this reason. A written reason replaces the standard one."))
    submit = SubmitField(_l("Unblock user"))


class AppealForm(FlaskForm):
    text = TextAreaField(_l("Why should the decision change?"),
                         validators=[DataRequired(_l("Explain why the decision should change.")), MaxLength(APPEAL_MAX)])
    submit = SubmitField(_l("Send appeal"))


class AppealDecisionForm(FlaskForm):
    outcome = RadioField(_l("Outcome"), choices=[("grant", _l("Grant: undo the decision")), ("refuse", _l("Refuse: keep the decision"))],
                         validators=[InputRequired(_l("Choose an outcome."))])
    answer = TextAreaField(_l("Answer to the author"), validators=[DataRequired(_l("Give a reason: pick one of the standard reasons or write one.")), MaxLength(REASON_MAX)])
    submit = SubmitField(_l("Decide appeal"))


class DigestForm(FlaskForm):
    wants_digest = BooleanField(_l("Send me a daily email with what is waiting"))
    submit = SubmitField(_l("Save"))



class AssignForm(FlaskForm):
    process_id = SelectField(_l("Process"), coerce=as_id, validators=[InputRequired(_l("Choose a process."))])
    submit = SubmitField(_l("Assign"))
