"""Amounts typed by people, turned into integer cents. Pure functions, no Flask."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation


class AmountProblem(ValueError):
    """`code` says what is wrong: empty, not_a_number, too_precise, not_positive, too_small, too_large."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_euros(text: str | int | None, *, minimum_cents: int = 1, maximum_cents: int | None = None) -> int:
    """'25', '25,50', '€ 1.250,00', '1250.5' -> cents. Belgian and English decimal marks are accepted."""
    if text is None or (isinstance(text, str) and not text.strip()):
        raise AmountProblem("empty")
    if isinstance(text, int):
        raise AmountProblem("not_a_number")  # callers pass what was typed, never a number of cents
    cleaned = re.sub(r"[\s€]|EUR|eur", "", text)
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
    if value <= 0:
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
