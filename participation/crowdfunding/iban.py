"""IBAN account numbers found in bank statement lines (to pay a transfer back). Pure, no Flask."""
from __future__ import annotations

import re

def normalise(text: str) -> str:
    return re.sub(r"\s", "", text or "").upper()


def is_valid(text: str) -> bool:
    """The ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 == 1."""
    value = normalise(text)
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", value):
        return False
    rearranged = value[4:] + value[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def display(text: str) -> str:
    """'BE68539007547034' -> 'BE68 5390 0754 7034'."""
    value = normalise(text)
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4))


def find_iban(text: str | None, *, except_for: str | None = None) -> str | None:
    """The first valid IBAN in a piece of text (a statement cell), other than `except_for`, in groups of four.

    Written in one piece or in groups separated by spaces: from each word that starts like an IBAN,
    the longest run of following words that forms a valid IBAN is taken."""
    if not text:
        return None
    skip = normalise(except_for or "")
    words = re.split(r"[\s;,:()]+", text.upper())
    for start, word in enumerate(words):
        if not re.match(r"[A-Z]{2}\d{2}", word):
            continue
        for end in range(min(len(words), start + 9), start, -1):
            value = "".join(words[start:end])
            if is_valid(value) and value != skip:
                return display(value)
    return None
