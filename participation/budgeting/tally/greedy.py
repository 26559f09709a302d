"""Greedy: fund projects by score while they fit (also the top-up after MES)."""

from __future__ import annotations

from fractions import Fraction

from participation.budgeting.pabulib.election import POINTS_TYPES, Election, Number
from participation.budgeting.tally.exact import money, plain
from participation.budgeting.tally.profile import Profile, build_profile
from participation.budgeting.tally.result import ProjectSupport, TallyResult


def greedy(election: Election, *, threshold: Number | None = None, seed: int = 0) -> TallyResult:
    """Fund projects in order of score, skipping any that no longer fit.

    ``threshold`` (Pabulib ``greedy-threshold``): projects whose score is
    below it are not eligible.  Projects nobody supports are never funded.
    """
    profile = build_profile(election, seed)
    rule = "greedy" if threshold is None else "greedy-threshold"
    log = [
        f"Greedy by {'points' if election.vote_type in POINTS_TYPES else 'votes'}: "
        f"budget {money(profile.budget)}, {len(profile.ids)} projects, {profile.voter_count:,} voters."
    ]
    eligible = []
    for p in range(len(profile.ids)):
        if profile.scores[p] <= 0:
            log.append(f"{profile.ids[p]} is not eligible: nobody supports it.")
        elif threshold is not None and profile.scores[p] < threshold:
            log.append(f"{profile.ids[p]} is not eligible: score {money(profile.scores[p])} is below the threshold {money(threshold)}.")
        else:
            eligible.append(p)
    result = TallyResult(rule, [], 0, profile.budget, log=log)
    greedy_fill(profile, eligible, result, stage="rule")
    log.append(f"Done: {len(result.selected)} projects funded for {money(result.total_cost)}.")
    return result


def greedy_fill(profile: Profile, candidates: list[int], result: TallyResult, *, stage: str) -> None:
    """Add candidates in greedy order to ``result`` while they fit the budget."""
    spent = Fraction(result.total_cost)
    for p in profile.greedy_order(candidates):
        pid, cost = profile.ids[p], profile.costs[p]
        left = profile.budget - spent
        if cost > left:
            result.log.append(f"Skip {pid}: costs {money(cost)}, only {money(left)} left.")
            continue
        spent += cost
        result.selected.append(pid)
        result.support[pid] = ProjectSupport(
            pid, profile.votes[p], profile.scores[p], round=len(result.selected), stage=stage
        )
        result.log.append(
            f"{'Top-up: fund' if stage == 'top-up' else 'Fund'} {pid} (score {money(profile.scores[p])}, "
            f"cost {money(cost)}); {money(profile.budget - spent)} left."
        )
    result.total_cost = plain(spent)
