from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from participation.core.forms import DayField, MaxLength, WrittenInField, as_id
from participation.core.inputs import MAX_ID

REQUIRED = _l("This field is required.")


class CampaignForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(REQUIRED), MaxLength(160)])
    organisation_name = StringField(
        _l("Organisation"), validators=[Optional(), MaxLength(160)],
        description=_l("Optional: the association or group behind the project."),
    )
    summary = StringField(
        _l("Summary"), validators=[Optional(), MaxLength(300)], description=_l("One sentence shown in the list of campaigns.")
    )
    story = TextAreaField(
        _l("Story"), validators=[Optional(), MaxLength(20000)],
        description=_l("What will you do, for whom, and what does the money pay for? You can use simple Markdown."),
    )
    language = WrittenInField(
        _l("Language of your campaign"),
        description=_l("We recognise it from what you write. Choose it yourself if you want to be sure."),
    )
    goal = StringField(
        _l("Goal in euro"), validators=[InputRequired(REQUIRED), MaxLength(20, counted=False)],
        description=_l("Between 100 and 1,000,000 euro."),
    )
    deadline = DayField(_l("Last day"), validators=[InputRequired(REQUIRED)], description=_l("Between 15 and 90 days from today."))
    funding_model = RadioField(
        _l("How is the money collected?"),
        choices=[
            ("all_or_nothing", _l("All or nothing: cards are only charged if the goal is reached")),
            ("keep_it_all", _l("Keep it all: every pledge is paid at once, even if the goal is not reached")),
        ],
        default="all_or_nothing",
        validators=[InputRequired(REQUIRED)],
    )
    idea_id = IntegerField(_l("Number of a related idea"), validators=[Optional(), NumberRange(min=1, max=MAX_ID)], description=_l("Optional."))
    image = FileField(
        _l("Image"),
        validators=[FileAllowed(["jpg", "jpeg", "png", "webp"], _l("Only JPEG, PNG and WebP images are accepted."))],
        description=_l("Optional. JPEG, PNG or WebP, at most 5 MB."),
    )
    image_alt = StringField(_l("Image description"), validators=[Optional(), MaxLength(200)])
    remove_image = BooleanField(_l("Remove the current image"))
    submit = SubmitField(_l("Save campaign"))


class RewardForm(FlaskForm):
    title = StringField(_l("Reward"), validators=[InputRequired(REQUIRED), MaxLength(120)])
    description = StringField(_l("Description"), validators=[Optional(), MaxLength(500)])
    min_amount = StringField(_l("Minimum pledge in euro"), validators=[InputRequired(REQUIRED), MaxLength(20, counted=False)])
    submit = SubmitField(_l("Add reward"))


class NeedForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[("volunteers", _l("Volunteers")), ("materials", _l("Materials"))])
    title = StringField(_l("What is needed"), validators=[InputRequired(REQUIRED), MaxLength(160)])
    quantity = IntegerField(_l("How many"), validators=[InputRequired(REQUIRED), NumberRange(min=1, max=10000)])
    submit = SubmitField(_l("Add need"))


class SignupForm(FlaskForm):
    quantity = IntegerField(_l("How many"), default=1, validators=[InputRequired(REQUIRED), NumberRange(min=1, max=10000)])
    submit = SubmitField(_l("I will help"))


class UpdateForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(REQUIRED), MaxLength(160)])
    body = TextAreaField(_l("Message"), validators=[Optional(), MaxLength(10000)])
    submit = SubmitField(_l("Post update"))


class PledgeForm(FlaskForm):
    amount = StringField(_l("Amount in euro"), validators=[MaxLength(20, counted=False)], description=_l("For example 25 or 12,50."))
    method = RadioField(
        _l("How do you pay?"),
        choices=[("card", _l("Bank card (Stripe)")), ("bank_transfer", _l("Bank transfer with a structured communication"))],
        default="bank_transfer",
    )
    reward_tier_id = SelectField(_l("Reward"), coerce=as_id, default=0)
    is_anonymous = BooleanField(_l("Do not show my name on the campaign page"))
    submit = SubmitField(_l("Pledge"))


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Optional(), MaxLength(2000)])


class ActionForm(FlaskForm):
    """An empty form: a button with CSRF protection."""


class MatchForm(FlaskForm):
    percent = SelectField(_l("Match"), coerce=as_id, choices=[(25, "25%"), (50, "50%"), (75, "75%")])
    cap = StringField(_l("Maximum in euro"), validators=[Optional(), MaxLength(20, counted=False)], description=_l("Optional."))
    submit = SubmitField(_l("Attach match"))


class MatchFundForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(REQUIRED), NumberRange(min=2000, max=2100)])
    budget = StringField(_l("Budget in euro"), validators=[InputRequired(REQUIRED), MaxLength(20, counted=False)])
    submit = SubmitField(_l("Save budget"))


class StatementForm(FlaskForm):
    statement = FileField(_l("Bank statement (CSV)"), description=_l("A header line with a column “amount” or “bedrag”; lines are matched on their structured communication."))
    submit = SubmitField(_l("Import"))
