"""Form fields shared by features."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from flask import current_app
from wtforms import SelectField, SelectMultipleField, StringField, SubmitField, widgets
from wtforms.fields import DateField

from participation.core.i18n import LANGUAGE_NAMES
from participation.core.inputs import db_int
from participation.core.money import MAX_CENTS, AmountProblem, parse_euros, typed_euros


def too_long(maximum: int) -> object:
    """The message of a Length(max=maximum) validator, agreeing with the maximum ("1 character")."""
    return lazy_ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.", maximum)


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
