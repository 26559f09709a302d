"""Amounts typed into a form field: parsed into cents (core.money), or refused with the message shown
next to that field."""
from __future__ import annotations

from participation.core.errors import DomainError
from participation.core.money import AMOUNT_MESSAGES, MAX_CENTS, AmountProblem, parse_euros


def parse_amount(text: str | None, *, field: str, error: type[DomainError], minimum_cents: int = 1,
                 maximum_cents: int = MAX_CENTS) -> int:
    """Crowdfunding's amounts are INTEGER columns: nothing past MAX_CENTS reaches them."""
    try:
        return parse_euros(text, minimum_cents=minimum_cents, maximum_cents=maximum_cents)
    except AmountProblem as problem:
        raise error(AMOUNT_MESSAGES[problem.code], field=field) from None
