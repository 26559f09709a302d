"""Amounts of money typed by people, turned into integer cents, and cents written back.
Pure: needs no app or request (its messages are lazy translations).

One strict parser for every money field (campaign goals, pledges, match budgets, budget rounds, project
costs, cost estimates): digits with a Belgian or English decimal mark, at most two decimals, within
what a cents column holds. "1e400", "Infinity" and "NaN" are not amounts.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from participation.core.inputs import MAX_ID

MAX_CENTS = MAX_ID  # INTEGER *_cents columns (crowdfunding): € 21.474.836,47 is the most one row holds
MAX_BIG_CENTS = 10**12  # BIGINT ones (budgets, costs): € 10 billion, far inside the column, past any real budget

AMOUNT_MESSAGES = {
    "empty": _l("Enter an amount in euro."),
    "not_a_number": _l("Enter an amount in euro as a number, for example 25 or 12,50."),
    "too_precise": _l("Use at most two digits after the decimal comma."),
    "not_positive": _l("The amount must be more than zero."),
    "too_small": _l("The amount is too small."),
    "too_large": _l("The amount is larger than we accept."),
}


class AmountProblem(ValueError):
    """`code` says what is wrong: empty, not_a_number, too_precise, not_positive, too_small, too_large."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def message(self):
        return AMOUNT_MESSAGES[self.code]


def parse_euros(text: str | int | None, *, minimum_cents: int = 1, maximum_cents: int | None = MAX_CENTS) -> int:
    """'25', '25,50', '€ 1.250,00', '1250.5' -> cents. Belgian and English decimal marks are accepted.

    With minimum_cents=0 an amount of zero is accepted (a project that costs nothing); never a negative one.
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        raise AmountProblem("empty")
    if isinstance(text, int):
        raise AmountProblem("not_a_number")  # callers pass what was typed, never a number of cents
    cleaned = re.sub(r"[\s€]|EUR|eur", "", text)
    if len(cleaned) > 40:  # more digits than any amount we hold: no need to read them all
        raise AmountProblem("too_large" if re.fullmatch(r"[\d.,]+", cleaned) else "not_a_number")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d{1,2})?", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")  # 1.250,00
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+\.\d{1,2}", cleaned):  # 1,250.00 (a lone 1,234 is Belgian: 1.234)
        cleaned = cleaned.replace(",", "")  # 1,250.00
    else:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d*)?|-?\.\d+", cleaned):
        raise AmountProblem("not_a_number")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise AmountProblem("not_a_number") from None
    if value < 0 or (value == 0 and minimum_cents > 0):
        raise AmountProblem("not_positive")
    cents = value * 100
    if cents != cents.to_integral_value():
        raise AmountProblem("too_precise")
    cents_int = int(cents)
    if cents_int < minimum_cents:
        raise AmountProblem("too_small")
    if maximum_cents is not None and cents_int > maximum_cents:
        raise AmountProblem("too_large")
    return cents_int


def format_euros(cents: int) -> str:
    """Plain '€ 1.250,50' style used in emails and CSV; pages use format_money from Babel."""
    euros, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}€ {euros:,}".replace(",", ".") + f",{rest:02d}"


def typed_euros(cents: int) -> str:
    """Cents as a person would type them back into a form: '1250,5' -> '1250,50', no thousands mark."""
    euros, rest = divmod(cents, 100)
    return f"{euros},{rest:02d}" if rest else str(euros)
