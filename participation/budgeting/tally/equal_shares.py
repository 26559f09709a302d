"""The Method of Equal Shares as a rule: options, completion, greedy top-up and the explained result."""

from __future__ import annotations

from fractions import Fraction
from typing import Callable, Literal

from participation.budgeting.pabulib.election import Election, Number
from participation.budgeting.tally.completion import complete
from participation.budgeting.tally.exact import as_fraction, exact, money, plain
from participation.budgeting.tally.greedy import greedy_fill
from participation.budgeting.tally.mes import EqualShares, MesRun
from participation.budgeting.tally.profile import Profile, build_profile
from participation.budgeting.tally.result import ProjectSupport, TallyError, TallyResult

Utility = Literal["cost", "cardinality", "points"]
Completion = Literal["none", "add1", "add1-nostop"]
UTILITIES: tuple[str, ...] = ("cost", "cardinality", "points")
COMPLETIONS: tuple[str, ...] = ("none", "add1", "add1-nostop")


def equal_shares(
    election: Election,
    *,
    utility: str = "cost",
    completion: str = "none",
    top_up: bool = False,
    seed: int = 0,
    increment: Number = 1,
    max_completion_steps: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> TallyResult:
    """The Method of Equal Shares.

    Every voter starts with an equal share ``budget / voters`` of the budget.
    Each round funds the project with the least ρ (see module docstring) and
    charges its supporters; it stops when no remaining project can be paid
    for by its supporters.

    ``completion`` handles the budget MES typically leaves unspent, following
    pabutools' ``voter_budget_increment`` exactly: run k gives every voter
    ``budget / voters + k * increment`` (``increment`` = 1 currency unit, so
    the voters' total grows by ``voters`` units per step) and reruns MES from
    scratch.

    * ``"add1"`` (pabutools, equalshares.net): stop at the first run whose
      outcome is *exhaustive* — no further supported project fits in the
      official budget — and return it; if a run's outcome costs more than
      the official budget, return the previous run's outcome instead.
    * ``"add1-nostop"``: the same without the exhaustiveness stop: keep
      raising while outcomes stay within the official budget and return the
      last one that did; stop early only when every supported project is
      funded (more money cannot change anything then).

    ``top_up`` then spends what is left greedily by score.  Projects of cost
    0 that somebody supports are funded up front, as pabutools does.
    """
    if utility not in UTILITIES:
        raise TallyError(f"unknown utility {utility!r}; choose one of {', '.join(UTILITIES)}")
    if completion not in COMPLETIONS:
        raise TallyError(f"unknown completion {completion!r}; choose one of {', '.join(COMPLETIONS)}")
    profile = build_profile(election, seed)
    rule = f"equalshares({utility})" + ("" if completion == "none" else f"/{completion}") + ("/greedy" if top_up else "")
    if profile.voter_count == 0:
        return TallyResult(rule, [], 0, profile.budget, log=["Nobody voted: nothing is funded."])
    mes = EqualShares(profile, utility)
    budget = exact(profile.budget)
    base = budget / profile.voter_count
    step_size = exact(increment)
    log = [
        f"Method of Equal Shares with {utility} utility: {profile.voter_count:,} voters share "
        f"{money(profile.budget)}, {money(base)} each.",
        f"Ties go to the cheaper project, then the one with more votes, then by lot (seed {seed}: "
        f"{', '.join(profile.lot[:10])}{', ...' if len(profile.lot) > 10 else ''}).",
    ]
    outcome = mes.run(base)
    steps = 0
    if completion != "none":
        outcome, steps = complete(mes, outcome, base, step_size, budget, completion, log, max_completion_steps, progress)
    result = TallyResult(rule, [], 0, profile.budget, log=log, voter_budget=as_fraction(outcome.voter_budget), completion_steps=steps)
    _describe_run(profile, mes, outcome, result, utility)
    if top_up:
        chosen = set(outcome.selected)
        rest = [p for p in mes.candidates if p not in chosen]
        log.append(f"Greedy top-up of the {money(profile.budget - result.total_cost)} left:")
        greedy_fill(profile, rest, result, stage="top-up")
    log.append(f"Done: {len(result.selected)} projects funded for {money(result.total_cost)} of {money(profile.budget)}.")
    return result


def _describe_run(profile: Profile, mes: EqualShares, run: MesRun, result: TallyResult, utility: str) -> None:
    log = result.log
    per = "point" if utility == "points" else "vote"
    spent = Fraction(0)
    total_money = as_fraction(run.voter_budget) * profile.voter_count
    for p in run.free:
        pid = profile.ids[p]
        result.selected.append(pid)
        result.support[pid] = ProjectSupport(pid, profile.votes[p], profile.scores[p], round=0, stage="free")
        log.append(f"{pid} costs nothing and has supporters: funded up front.")
    for number, funding in enumerate(run.fundings, start=1):
        p = funding.project
        pid = profile.ids[p]
        cost = profile.costs[p]
        spent += cost
        price = as_fraction(funding.price)
        effective = Fraction(cost) / price
        result.selected.append(pid)
        result.support[pid] = ProjectSupport(
            pid, profile.votes[p], profile.scores[p], round=number,
            rho=as_fraction(funding.rho), price_per_vote=price, effective_support=effective,
        )
        log.append(
            f"Round {number}: fund {pid} (cost {money(cost)}) at ρ = {float(funding.rho):.6g}: "
            f"each supporter pays up to {money(price)} per {per}; effective support "
            f"{float(effective):,.1f} of {money(profile.scores[p] if utility == 'points' else profile.votes[p])} {per}s; "
            f"budget left {money(profile.budget - spent)}, voters' money left {money(total_money - spent)}."
        )
    if run.dropped:
        log.append(
            "No longer affordable by their supporters: " + ", ".join(profile.ids[p] for p in run.dropped) + "."
        )
    result.total_cost = plain(as_fraction(run.spent))
