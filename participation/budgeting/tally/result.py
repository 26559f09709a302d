"""What a rule returns: the funded projects, how each got its money, and the log."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from participation.budgeting.pabulib.election import Number


class TallyError(ValueError):
    """A rule cannot be applied to this election with these options."""


@dataclass(frozen=True)
class ProjectSupport:
    """How a funded project got its money (terms: see the package docstring)."""

    project_id: str
    votes: int
    score: Number
    round: int
    rho: Fraction | None = None
    price_per_vote: Fraction | None = None
    effective_support: Fraction | None = None
    stage: str = "rule"  # "rule", "free" (zero cost) or "top-up" (greedy after MES)


@dataclass
class TallyResult:
    rule: str
    selected: list[str]
    total_cost: Number
    budget: Number
    support: dict[str, ProjectSupport] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    voter_budget: Fraction | None = None  # MES: per-voter budget of the returned run
    completion_steps: int = 0  # MES: how many times the per-voter budget was raised
