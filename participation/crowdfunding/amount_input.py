"""Amounts typed into a form field: parsed into cents (amounts.py), or refused with the message shown
next to that field."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.core.errors import DomainError
from participation.crowdfunding.amounts import AmountProblem, parse_euros

AMOUNT_MESSAGES = {
    "empty": _l("Enter an amount in euro."),
    "not_a_number": _l("Enter an amount in euro as a number, for example 25 or 12,50."),
    "too_precise": _l("Use at most two digits after the decimal comma."),
    "not_positive": _l("The amount must be more than zero."),
    "too_small": _l("The amount is too small."),
    "too_large": _l("The amount is larger than we accept."),
}


def parse_amount(text: str | None, *, field: str, error: type[DomainError], minimum_cents: int = 1, maximum_cents: int | None = None) -> int:
    try:
        return parse_euros(text, minimum_cents=minimum_cents, maximum_cents=maximum_cents)
    except AmountProblem as problem:
        raise error(AMOUNT_MESSAGES[problem.code], field=field) from None
