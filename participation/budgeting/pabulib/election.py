"""An election as the rules see it: projects, merged ballots, metadata, exact numbers."""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Union

Number = Union[int, Fraction]

APPROVAL_TYPES = frozenset({"approval", "choose-1"})
POINTS_TYPES = frozenset({"cumulative", "scoring"})
ORDINAL_TYPES = frozenset({"ordinal"})
VOTE_TYPES = APPROVAL_TYPES | POINTS_TYPES | ORDINAL_TYPES


class ParseError(ValueError):
    """A ``.pb`` file that cannot be read as a Pabulib election.

    ``line`` is the 1-based line number the problem was found on, when known.
    """

    def __init__(self, message: str, *, line: int | None = None, source: str = "") -> None:
        self.message = message
        self.line = line
        self.source = source
        where = source or "<pabulib>"
        if line is not None:
            where = f"{where}, line {line}"
        super().__init__(f"{where}: {message}")


@dataclass
class Project:
    """One project on the ballot.

    ``fields`` keeps every PROJECTS column verbatim (strings), including the
    official ``votes``/``score``/``selected`` columns when the file has them.
    """

    project_id: str
    cost: Number
    name: str = ""
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def officially_selected(self) -> bool | None:
        """The file's ``selected`` column (1 = funded), or None if absent."""
        raw = self.fields.get("selected", "").strip()
        if not raw or raw.lower() == "none":
            return None
        return raw == "1"


@dataclass(frozen=True)
class BallotGroup:
    """Identical ballots cast by ``count`` voters.

    ``projects`` lists the project ids on the ballot: for approval ballots in
    the election's project order, for ordinal ballots in rank order (most
    preferred first), for cumulative/scoring ballots in project order with
    ``points`` aligned to it. ``points`` is None for approval and ordinal.
    """

    projects: tuple[str, ...]
    points: tuple[Number, ...] | None
    count: int


@dataclass
class Election:
    """A parsed Pabulib election: metadata, projects and merged ballots."""

    meta: dict[str, str]
    projects: dict[str, Project]
    ballots: list[BallotGroup]
    project_columns: list[str] = field(default_factory=lambda: ["project_id", "cost"])
    warnings: list[str] = field(default_factory=list)

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval").strip().lower()

    @property
    def budget(self) -> Number:
        return parse_number(self.meta["budget"])

    @property
    def voter_count(self) -> int:
        return sum(group.count for group in self.ballots)

    @property
    def official_rule(self) -> str:
        return self.meta.get("rule", "").strip()

    @property
    def score_threshold(self) -> Number | None:
        """META ``min_project_score_threshold``: the least score a project needs to be funded."""
        raw = self.meta.get("min_project_score_threshold", "").strip()
        return parse_number(raw) if raw else None

    def officially_selected(self) -> list[str]:
        """Project ids the file marks as funded (``selected`` = 1), in file order."""
        return [pid for pid, p in self.projects.items() if p.officially_selected]


def parse_number(raw: str) -> Number:
    """Parse ``"1200"``, ``"1200.50"`` or ``"1200,50"`` exactly (int when integral)."""
    text = raw.strip().replace(",", ".")
    if not text:
        raise ValueError("empty number")
    value = Fraction(text)
    return int(value) if value.denominator == 1 else value


def format_number(value: Number) -> str:
    """Inverse of :func:`parse_number` for numbers with a finite decimal expansion."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    if den != 1:
        raise ValueError(f"{value} has no finite decimal representation")
    digits = 0
    scaled = value
    while scaled.denominator != 1:
        scaled *= 10
        digits += 1
    sign = "-" if scaled < 0 else ""
    whole, frac_part = divmod(abs(scaled.numerator), 10**digits)
    return f"{sign}{whole}.{frac_part:0{digits}d}"
