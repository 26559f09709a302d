"""Belgian structured communication (gestructureerde mededeling, communication structurée).

Twelve digits written as +++123/4567/89012+++: a ten-digit number followed by two check digits,
the number modulo 97 (97 when the remainder is 0). Pure functions, no Flask.
"""
from __future__ import annotations

import re

MAX_BASE = 10**10 - 1
_CANDIDATE = re.compile(r"(?<!\d)(?:\+{3}|\*{3})?\s*(\d{3})\s*/?\s*(\d{4})\s*/?\s*(\d{5})\s*(?:\+{3}|\*{3})?(?!\d)")


def check_digits(base: int) -> int:
    if not 0 <= base <= MAX_BASE:
        raise ValueError("the base number has at most ten digits")
    return base % 97 or 97


def digits_for(base: int) -> str:
    """The twelve digits (ten digits of the number, two check digits)."""
    return f"{base:010d}{check_digits(base):02d}"


def is_valid(digits: str) -> bool:
    if len(digits) != 12 or not digits.isdigit():
        return False
    return check_digits(int(digits[:10])) == int(digits[10:])


def format_communication(digits: str) -> str:
    """'123456789002' -> '+++123/4567/89002+++'."""
    if not is_valid(digits):
        raise ValueError("not a valid structured communication")
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def parse_communication(text: str | None) -> str | None:
    """The twelve digits of a structured communication typed or exported in any usual way, or None."""
    if not text:
        return None
    cleaned = re.sub(r"[\s+*/.\-]", "", text)
    return cleaned if is_valid(cleaned) else None


def find_communications(text: str | None) -> list[str]:
    """Every valid structured communication inside free text (a bank statement's description)."""
    if not text:
        return []
    found = []
    for match in _CANDIDATE.finditer(text):
        digits = "".join(match.groups())
        if is_valid(digits) and digits not in found:
            found.append(digits)
    return found
