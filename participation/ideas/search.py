"""Text matching that works the same on SQLite and PostgreSQL. No Flask.

Ideas keep a normalised `search_text` (lowercase, accents removed). Search is "every word must
occur"; similar ideas are ranked by how many meaningful words they share with the draft.
"""
from __future__ import annotations

import re
import unicodedata

# Short, frequent Dutch, French and English words that say nothing about what an idea is about.
STOPWORDS = frozenset(
    """
    de het een en van in op te voor met aan om dat die dit er is zijn niet ook maar als bij naar
    of uit door over meer wat kan moet wordt worden zou nog geen wij we ik je jij ze hun onze ons
    le la les un une des et du au aux en dans sur pour par avec que qui est sont pas plus ou ce
    the a an and of to for on with that this is are be or not more our we you it at by from
    """.split()
)
MIN_WORD_LENGTH = 3


def normalise(text: str | None) -> str:
    """Lowercase, strip accents and punctuation, collapse whitespace: 'Één Fietspad!' -> 'een fietspad'."""
    if not text:
        return ""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def search_terms(query: str | None, limit: int = 8) -> list[str]:
    """The words of a search query, normalised, without duplicates."""
    seen: list[str] = []
    for word in normalise(query).split():
        if word not in seen:
            seen.append(word)
    return seen[:limit]


def keywords(text: str | None) -> set[str]:
    return {word for word in normalise(text).split() if len(word) >= MIN_WORD_LENGTH and word not in STOPWORDS}


def similarity(a: set[str], b: set[str]) -> float:
    """Share of common keywords (Jaccard): 0 when nothing in common, 1 for the same words."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
