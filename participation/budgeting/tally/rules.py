"""Choosing a rule: from a file's META ``rule`` or explicit options, and running it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from participation.budgeting.pabulib.election import Election, Number
from participation.budgeting.tally.equal_shares import equal_shares
from participation.budgeting.tally.greedy import greedy
from participation.budgeting.tally.result import TallyError, TallyResult


@dataclass(frozen=True)
class RuleSpec:
    """A rule and its options, e.g. as read from a file's META ``rule``."""

    rule: Literal["greedy", "mes"]
    utility: str = "cost"
    completion: str = "none"
    threshold: Number | None = None
    top_up: bool = False


def spec_from_meta(election: Election) -> RuleSpec:
    """Translate the file's META ``rule`` into a :class:`RuleSpec`.

    ``greedy`` → greedy; ``greedy-threshold`` → greedy with META
    ``min_project_score_threshold`` (plain greedy if absent);
    ``equalshares[/add1|/add1-nostop][/greedy]`` → MES, cost utility.
    Anything else raises :class:`TallyError`.
    """
    name = election.official_rule.lower()
    if name == "greedy":
        return RuleSpec("greedy")
    if name == "greedy-threshold":
        return RuleSpec("greedy", threshold=election.score_threshold)
    parts = name.split("/")
    if parts[0] in ("equalshares", "mes") and all(part in ("add1", "add1-nostop", "greedy") for part in parts[1:]):
        completion = next((part for part in parts[1:] if part != "greedy"), "none")
        return RuleSpec("mes", completion=completion, top_up="greedy" in parts[1:])
    raise TallyError(f"the file's rule {election.official_rule!r} is not one this engine knows")


def run_rule(election: Election, spec: RuleSpec, *, seed: int = 0) -> TallyResult:
    if spec.rule == "greedy":
        return greedy(election, threshold=spec.threshold, seed=seed)
    return equal_shares(election, utility=spec.utility, completion=spec.completion, top_up=spec.top_up, seed=seed)
