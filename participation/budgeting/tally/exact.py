"""Exact rational arithmetic for the rules, and how amounts are written in the log.

gmpy2.mpq when available, fractions.Fraction otherwise; results always carry Fraction.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from participation.budgeting.pabulib.election import Number

try:  # gmpy2 is ~10x faster than Fraction for the rational arithmetic MES needs.
    from gmpy2 import mpq as Exact

    EXACT_BACKEND = "gmpy2"
except ImportError:  # pragma: no cover - exercised only where gmpy2 is missing
    Exact = Fraction  # type: ignore[assignment,misc]
    EXACT_BACKEND = "fractions"

Rational = Any  # gmpy2.mpq or Fraction; kept internal, results use Fraction.


def exact(value: Number) -> Rational:
    if isinstance(value, Fraction):
        return Exact(value.numerator, value.denominator)
    return Exact(value)


def as_fraction(value: Rational) -> Fraction:
    return Fraction(int(value.numerator), int(value.denominator))


def plain(value: Rational | Number) -> Number:
    """Exact value as int when integral, else Fraction (for results)."""
    if isinstance(value, int):
        return value
    frac = value if isinstance(value, Fraction) else as_fraction(value)
    return frac.numerator if frac.denominator == 1 else frac


def money(value: Any) -> str:
    """Human-readable amount: 1,234,567 or 1,234.57."""
    as_float = float(value)
    if as_float == int(as_float):
        return f"{int(as_float):,}"
    return f"{as_float:,.2f}"
