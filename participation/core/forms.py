"""Form fields shared by features."""
from __future__ import annotations

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from flask import current_app
from wtforms import SelectField, SelectMultipleField, StringField, SubmitField, widgets
from wtforms.fields import DateField
from wtforms.validators import Length, ValidationError

from participation.core.i18n import LANGUAGE_NAMES
from participation.core.inputs import db_int
from participation.core.money import MAX_CENTS, AmountProblem, parse_euros, typed_euros
from participation.core.text import too_long, typed_length


class MaxLength(Length):
    """At most `max` characters, refused with a message that says how many were typed.

    Unlike WTForms' Length it sets no HTML `maxlength`: a browser cuts pasted text at that length without
    a word. The field macro shows the limit as a hint and a live counter instead (flag `counted_length`;
    `counted=False` for short codes and amounts, where a counter would only be noise), and this refusal
    is what keeps the column's limit. Counted as core.text.typed_length counts, like the counter.
    `message` is for the minimum, if any; the maximum's message is always the count.
    """

    def __init__(self, max: int, *, min: int = -1, counted: bool = True, message: object | None = None) -> None:  # noqa: A002
        assert min == -1 or message is not None, "a minimum needs its message, in the visitor's language"
        super().__init__(min=min, max=max, message=message)
        self.field_flags = {"counted_length": max} if counted else {}
        if min != -1:
            self.field_flags["minlength"] = min

    def __call__(self, form, field) -> None:
        if self.min != -1 and typed_length(field.data) < self.min:
            raise ValidationError(str(self.message))
        problem = too_long(field.data, self.max)
        if problem is not None:
            raise ValidationError(str(problem))


def counter_attributes(limit: int) -> dict[str, object]:
    """The data attributes static/js/counter.js reads on a field that counts its characters: the limit
    and the counter's words in the visitor's language ({count} and {over} are filled in as they type).
    A Jinja global: the field macro adds them, a hand-written field uses `|xmlattr`."""
    return {
        "data-max-length": limit,
        "data-counter": ngettext("%(count)s of %(num)d character", "%(count)s of %(num)d characters", limit, count="{count}"),
        "data-counter-over": ngettext(
            "%(count)s of %(num)d character: %(over)s too many", "%(count)s of %(num)d characters: %(over)s too many", limit,
            count="{count}", over="{over}",
        ),
    }


class ActionForm(FlaskForm):
    """An empty form for one-button POST actions (log out, publish, delete): it only carries the CSRF token."""

    submit = SubmitField()


class CheckboxListField(SelectMultipleField):
    """A list of checkboxes in a fieldset: works without JavaScript and with every screen reader."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form) -> None:
        # Unknown ids are ignored by the services; no need to reject the whole form.
        pass


class WrittenInField(SelectField):
    """The language a resident wrote in: empty means "recognise it" (core.i18n.written_in)."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("default", "")
        super().__init__(label, validators, **kwargs)
        self.choices = [("", _l("Recognise it from the text"))] + [
            (language, LANGUAGE_NAMES[language]) for language in current_app.config["LANGUAGES"]
        ]


class DayField(DateField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Enter a date as year-month-day, for example 2026-03-31."))) from None


class EuroField(StringField):
    """An amount in euro, typed as people write it; `data` is integer cents (or None when left empty).

    Parsed by core.money.parse_euros, so "1e400", "Infinity" or an amount past what a row holds is a
    message in the visitor's language, and what they typed is shown again.
    """

    def __init__(self, label=None, validators=None, *, minimum_cents: int = 1, maximum_cents: int = MAX_CENTS, **kwargs) -> None:
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(label, validators, **kwargs)
        self.minimum_cents = minimum_cents
        self.maximum_cents = maximum_cents

    def process_formdata(self, valuelist) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = parse_euros(valuelist[0], minimum_cents=self.minimum_cents, maximum_cents=self.maximum_cents)
        except AmountProblem as problem:
            self.data = None
            raise ValueError(str(problem.message)) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return typed_euros(self.data) if isinstance(self.data, int) else ""


def flash_form_errors(form, fallback: object | None = None) -> None:
    """For a small form that answers with a redirect (a reason box on a staff page): each of its problems
    as "Label: message" in a flash, so a reason that is too long is said, not dropped without a word."""
    messages = [f"{field.label.text}: {message}" for field in form if field.type != "CSRFTokenField" for message in field.errors]
    for message in messages or ([str(fallback)] if fallback is not None else []):
        flash(message, "error")


def show_domain_error(form, error) -> None:
    """Put a service's refusal next to the field it concerns, or at the top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [str(error)]
    else:
        form.form_errors.append(str(error))


def as_id(value: int | str) -> int:
    """`coerce=` for select and checkbox fields of ids: a number an id column can hold.

    Anything else raises ValueError, which WTForms shows as an invalid choice in the visitor's language.
    """
    return db_int(str(value))


def as_optional_id(value: int | str | None) -> int | None:
    """As as_id, for selects whose first choice ("none") is an empty value or 0."""
    if value in (None, "", "0", 0):
        return None
    return as_id(value)
