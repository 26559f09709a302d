from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DecimalField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, NumberRange, Optional

from participation.core.forms import DayField, EuroField, MaxLength, as_id
from participation.core.money import MAX_BIG_CENTS
from participation.core.translated_forms import TranslatedForm, with_translations

REQUIRED = _l("This field is required.")

VOTE_METHOD_LABELS = {
    "knapsack": _l("Knapsack: choose projects that fit within the budget"),
    "approval": _l("Approval: choose between a minimum and a maximum number of projects"),
    "cumulative": _l("Cumulative: spread a number of points over the projects"),
}
CENSUS_KEY_LABELS = {
    "national_number": _l("National register number"),
    "name_birth_postcode": _l("Name, date of birth and postcode"),
}
RULE_LABELS = {
    "greedy": _l("Greedy: the most supported projects first, as long as the budget reaches"),
    "mes": _l("Method of Equal Shares: every voter controls an equal share of the budget"),
}
RULE_SHORT_LABELS = {
    "greedy": _l("Greedy"),
    "mes": _l("Method of Equal Shares"),
}
FEASIBILITY_LABELS = {
    "pending": _l("Not reviewed yet"),
    "feasible": _l("Feasible"),
    "not_feasible": _l("Not feasible"),
}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "results_published": _l("Results published"),
}


class RoundForm(TranslatedForm):
    title = StringField(_l("Title"), validators=[InputRequired(REQUIRED), MaxLength(160)])
    description = TextAreaField(_l("Description"), validators=[Optional(), MaxLength(20000)],
                                description=_l("You can use simple Markdown: **bold**, *italic*, lists and links."))
    district_id = SelectField(_l("District"), coerce=as_id, description=_l("A district round is for the residents of that district only."))
    vote_method = RadioField(_l("Vote method"), choices=list(VOTE_METHOD_LABELS.items()), default="knapsack",
                             validators=[InputRequired(REQUIRED)])
    budget = EuroField(_l("Budget (euro)"), validators=[InputRequired(REQUIRED)], maximum_cents=MAX_BIG_CENTS)
    min_spend = EuroField(_l("Minimum spend per ballot (euro, knapsack)"), validators=[Optional()], minimum_cents=0,
                          maximum_cents=MAX_BIG_CENTS)
    min_choices = IntegerField(_l("Fewest projects per ballot (approval)"), validators=[Optional(), NumberRange(min=0, max=1000)])
    max_choices = IntegerField(_l("Most projects per ballot (approval)"), validators=[Optional(), NumberRange(min=1, max=1000)])
    points_total = IntegerField(_l("Points per voter (cumulative)"), validators=[Optional(), NumberRange(min=1, max=10000)])
    points_per_project = IntegerField(_l("Most points per project (cumulative)"), validators=[Optional(), NumberRange(min=1, max=10000)])
    min_age = IntegerField(_l("Minimum age"), default=16, validators=[InputRequired(REQUIRED), NumberRange(min=0, max=120)],
                           description=_l("Residents younger than this on the last day of voting are left out of the census."))
    census_key = RadioField(_l("Residents are identified by"), choices=list(CENSUS_KEY_LABELS.items()),
                            default="national_number", validators=[InputRequired(REQUIRED)])


class ProjectForm(TranslatedForm):
    title = StringField(_l("Title"), validators=[InputRequired(REQUIRED), MaxLength(160)])
    description = TextAreaField(_l("Description"), validators=[Optional(), MaxLength(20000)])
    cost = EuroField(_l("Cost (euro)"), validators=[InputRequired(REQUIRED)], minimum_cents=0, maximum_cents=MAX_BIG_CENTS)
    district_id = SelectField(_l("District"), coerce=as_id)
    idea_id = SelectField(_l("From idea"), coerce=as_id, description=_l("Ideas of this process that were accepted after review."))
    latitude = DecimalField(_l("Latitude"), places=6, validators=[Optional(), NumberRange(min=-90, max=90)])
    longitude = DecimalField(_l("Longitude"), places=6, validators=[Optional(), NumberRange(min=-180, max=180)])
    image = FileField(_l("Image"), validators=[FileAllowed(["jpg", "jpeg", "png", "webp"], _l("Only JPEG, PNG and WebP images are accepted."))])
    image_alt = StringField(_l("Image description"), validators=[Optional(), MaxLength(200)])


class ReviewForm(TranslatedForm):
    verdict = RadioField(_l("Feasibility"), choices=[("feasible", FEASIBILITY_LABELS["feasible"]), ("not_feasible", FEASIBILITY_LABELS["not_feasible"])],
                         validators=[InputRequired(REQUIRED)])
    explanation = TextAreaField(_l("Public explanation"), validators=[InputRequired(REQUIRED), MaxLength(5000)])
    cost = EuroField(_l("Estimated cost (euro)"), validators=[InputRequired(REQUIRED)], minimum_cents=0,
                     maximum_cents=MAX_BIG_CENTS)


class ReviewerForm(FlaskForm):
    email = StringField(_l("Email address of the reviewer"), validators=[InputRequired(REQUIRED), Email(_l("Enter a valid email address.")), MaxLength(254, counted=False)])


class CensusForm(FlaskForm):
    file = FileField(_l("CSV file of eligible residents"), validators=[FileRequired(REQUIRED)],
                     description=_l("Columns: birth_date and national_number, or birth_date, first_name, last_name and postcode. Only keyed hashes are stored."))


class LetterCodesForm(FlaskForm):
    file = FileField(_l("CSV file of residents to send a letter to"), validators=[FileRequired(REQUIRED)],
                     description=_l("The census columns, plus the columns for the envelope (for example name, street, postcode, city). "
                                    "Residents on the census without a code get one; the CSV to print has the code and every column except national_number and birth_date."))


class IdentityForm(FlaskForm):
    """The identifying data of a resident; the round decides which fields count."""

    national_number = StringField(_l("National register number"), validators=[Optional(), MaxLength(20, counted=False)],
                                  description=_l("11 digits, on the back of your identity card."))
    first_name = StringField(_l("First name"), validators=[Optional(), MaxLength(80)])
    last_name = StringField(_l("Last name"), validators=[Optional(), MaxLength(80)])
    birth_date = DayField(_l("Date of birth"), validators=[Optional()])
    postcode = StringField(_l("Postcode"), validators=[Optional(), MaxLength(10, counted=False)])

    def identity(self) -> dict:
        return {"national_number": self.national_number.data or "", "first_name": self.first_name.data or "",
                "last_name": self.last_name.data or "", "birth_date": self.birth_date.data, "postcode": self.postcode.data or ""}


class LetterCodeForm(FlaskForm):
    code = StringField(_l("Code from your letter"), validators=[InputRequired(REQUIRED), MaxLength(40, counted=False)])


class ReissueCodeForm(IdentityForm):
    """The details of a resident who lost their letter, as on their identity card."""


class PaperBallotForm(IdentityForm):
    code = StringField(_l("Or: code from the resident's letter"), validators=[Optional(), MaxLength(40, counted=False)])


class ResultsForm(FlaskForm):
    rule = RadioField(_l("Rule"), choices=list(RULE_LABELS.items()), default="mes", validators=[InputRequired(REQUIRED)])


class ImportForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Optional(), MaxLength(160)])
    file = FileField(_l("Pabulib file (.pb)"), validators=[FileRequired(REQUIRED)])


class ReceiptForm(FlaskForm):
    class Meta:
        csrf = False  # a look-up by GET, nothing changes

    code = StringField(_l("Receipt code"), validators=[InputRequired(REQUIRED), MaxLength(40, counted=False)])


def read_choices(formdata, vote_method: str) -> tuple[dict[int, int], list[str]]:
    """The voter's choices from the ballot form, and what could not be read (tampered values)."""
    choices: dict[int, int] = {}
    problems: list[str] = []
    if vote_method == "cumulative":
        for name in formdata:
            match = re.fullmatch(r"points-(\d+)", name)
            if not match:
                continue
            raw = (formdata.get(name) or "").strip()
            if raw == "":
                continue
            try:
                value = Decimal(raw)
            except InvalidOperation:
                problems.append(str(_l("Points must be whole numbers.")))
                continue
            if value != value.to_integral_value():
                problems.append(str(_l("Points must be whole numbers.")))
                continue
            choices[int(match.group(1))] = int(value)
    else:
        values = formdata.getlist("project")
        for raw in values:
            if not raw.isdigit():
                problems.append(str(_l("Your ballot contains a project that is not on this ballot. Reload the page and choose again.")))
                continue
            if int(raw) in choices:
                problems.append(str(_l("A project appears twice on your ballot.")))
                continue
            choices[int(raw)] = 1
    return choices, problems


with_translations(RoundForm, "title", "description")
with_translations(ProjectForm, "title", "description")
with_translations(ReviewForm, explanation="feasibility_explanation")
