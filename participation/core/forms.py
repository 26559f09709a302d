"""Form fields shared by features."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, SubmitField, widgets
from wtforms.fields import DateField

from participation.core.inputs import db_int


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


class DayField(DateField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Enter a date as year-month-day, for example 2026-03-31."))) from None


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
