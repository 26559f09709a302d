"""Participatory-budgeting rules: greedy and the Method of Equal Shares (MES).

All arithmetic is exact (gmpy2.mpq when available, fractions.Fraction
otherwise), so results are reproducible to the last cent and match pabutools.

Vocabulary used throughout
--------------------------
votes
    the number of voters who support a project (approved it, or gave it
    positive points).
score
    what greedy ranks by: approvals for approval/ordinal ballots, the total
    number of points for cumulative/scoring ballots.
utility (MES)
    how much a supporter gains from a project: ``cost`` (the project's cost),
    ``cardinality`` (1) or ``points`` (the points the voter gave it; ballots
    without points count every listed project as one point).
ρ (rho, MES)
    the price per unit of utility at which a project's supporters can pay for
    it: a supporter with utility u pays min(own budget, ρ·u).  MES funds the
    project with the smallest ρ each round.
price per vote (MES)
    what one supporting voter pays at most: ρ·cost for cost utility, ρ for
    cardinality, ρ per point for points utility.
effective support (MES)
    cost ÷ price per vote: how many votes (points, for points utility) the
    project is "worth" once supporters who ran out of money are accounted
    for.  It equals the project's votes (points) when no supporter is short
    of money and is lower otherwise.

Tie-breaking (both rules): lower cost first, then more votes, then a lot drawn
with ``random.Random(seed)`` over the sorted project ids.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Literal

from participation.budgeting.pabulib import POINTS_TYPES, Election, Number

try:  # gmpy2 is ~10x faster than Fraction for the rational arithmetic MES needs.
    from gmpy2 import mpq as _Rational

    EXACT_BACKEND = "gmpy2"
except ImportError:  # pragma: no cover - exercised only where gmpy2 is missing
    _Rational = Fraction  # type: ignore[assignment,misc]
    EXACT_BACKEND = "fractions"

Utility = Literal["cost", "cardinality", "points"]
Completion = Literal["none", "add1", "add1-nostop"]
UTILITIES: tuple[str, ...] = ("cost", "cardinality", "points")
COMPLETIONS: tuple[str, ...] = ("none", "add1", "add1-nostop")

Rational = Any  # gmpy2.mpq or Fraction; kept internal, results use Fraction.


class TallyError(ValueError):
    """A rule cannot be applied to this election with these options."""


@dataclass(frozen=True)
class ProjectSupport:
    """How a funded project got its money (see module docstring for terms)."""

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


# --------------------------------------------------------------------------- profile


@dataclass
class _Profile:
    """An election flattened into project indexes for the rules."""

    ids: list[str]
    costs: list[Number]
    votes: list[int]
    scores: list[Number]
    # (multiplicity, ((project index, points), ...)) with positive points only
    groups: list[tuple[int, tuple[tuple[int, Number], ...]]]
    voter_count: int
    budget: Number
    rank: list[int]  # tie-break position: lower is preferred
    lot: list[str]  # project ids in lot order, for the log

    def greedy_order(self, indexes: list[int]) -> list[int]:
        return sorted(indexes, key=lambda p: (-self.scores[p], self.rank[p]))


def _profile(election: Election, seed: int) -> _Profile:
    ids = list(election.projects)
    index = {pid: position for position, pid in enumerate(ids)}
    costs = [election.projects[pid].cost for pid in ids]
    votes = [0] * len(ids)
    scores: list[Number] = [0] * len(ids)
    groups = []
    for group in election.ballots:
        points = group.points if group.points is not None else (1,) * len(group.projects)
        entries = []
        for pid, value in zip(group.projects, points):
            p = index[pid]
            scores[p] += value * group.count
            if value > 0:
                votes[p] += group.count
                entries.append((p, value))
        groups.append((group.count, tuple(entries)))
    lot = sorted(ids)
    random.Random(seed).shuffle(lot)
    lot_position = {pid: position for position, pid in enumerate(lot)}
    order = sorted(range(len(ids)), key=lambda p: (costs[p], -votes[p], lot_position[ids[p]]))
    rank = [0] * len(ids)
    for position, p in enumerate(order):
        rank[p] = position
    return _Profile(ids, costs, votes, scores, groups, election.voter_count, election.budget, rank, lot)


def _rational(value: Number) -> Rational:
    if isinstance(value, Fraction):
        return _Rational(value.numerator, value.denominator)
    return _Rational(value)


def _fraction(value: Rational) -> Fraction:
    return Fraction(int(value.numerator), int(value.denominator))


def _plain(value: Rational | Number) -> Number:
    """Exact value as int when integral, else Fraction (for results)."""
    if isinstance(value, int):
        return value
    frac = value if isinstance(value, Fraction) else _fraction(value)
    return frac.numerator if frac.denominator == 1 else frac


def _money(value: Any) -> str:
    """Human-readable amount: 1,234,567 or 1,234.57."""
    as_float = float(value)
    if as_float == int(as_float):
        return f"{int(as_float):,}"
    return f"{as_float:,.2f}"


# --------------------------------------------------------------------------- greedy


def greedy(election: Election, *, threshold: Number | None = None, seed: int = 0) -> TallyResult:
    """Fund projects in order of score, skipping any that no longer fit.

    ``threshold`` (Pabulib ``greedy-threshold``): projects whose score is
    below it are not eligible.  Projects nobody supports are never funded.
    """
    profile = _profile(election, seed)
    rule = "greedy" if threshold is None else "greedy-threshold"
    log = [
        f"Greedy by {'points' if election.vote_type in POINTS_TYPES else 'votes'}: "
        f"budget {_money(profile.budget)}, {len(profile.ids)} projects, {profile.voter_count:,} voters."
    ]
    eligible = []
    for p in range(len(profile.ids)):
        if profile.scores[p] <= 0:
            log.append(f"{profile.ids[p]} is not eligible: nobody supports it.")
        elif threshold is not None and profile.scores[p] < threshold:
            log.append(f"{profile.ids[p]} is not eligible: score {_money(profile.scores[p])} is below the threshold {_money(threshold)}.")
        else:
            eligible.append(p)
    result = TallyResult(rule, [], 0, profile.budget, log=log)
    _greedy_fill(profile, eligible, result, stage="rule")
    log.append(f"Done: {len(result.selected)} projects funded for {_money(result.total_cost)}.")
    return result


def _greedy_fill(profile: _Profile, candidates: list[int], result: TallyResult, *, stage: str) -> None:
    """Add candidates in greedy order to ``result`` while they fit the budget."""
    spent = Fraction(result.total_cost)
    for p in profile.greedy_order(candidates):
        pid, cost = profile.ids[p], profile.costs[p]
        left = profile.budget - spent
        if cost > left:
            result.log.append(f"Skip {pid}: costs {_money(cost)}, only {_money(left)} left.")
            continue
        spent += cost
        result.selected.append(pid)
        result.support[pid] = ProjectSupport(
            pid, profile.votes[p], profile.scores[p], round=len(result.selected), stage=stage
        )
        result.log.append(
            f"{'Top-up: fund' if stage == 'top-up' else 'Fund'} {pid} (score {_money(profile.scores[p])}, "
            f"cost {_money(cost)}); {_money(profile.budget - spent)} left."
        )
    result.total_cost = _plain(spent)


# --------------------------------------------------------------------------- MES


@dataclass
class _Funding:
    project: int
    rho: Rational
    price: Rational  # per unit of weight: per vote (cost/cardinality) or per point


@dataclass
class _MesRun:
    voter_budget: Rational
    free: list[int]
    fundings: list[_Funding]
    spent: Rational
    dropped: list[int]

    @property
    def selected(self) -> list[int]:
        return self.free + [f.project for f in self.fundings]


class _EqualShares:
    """MES for one election and utility; :meth:`run` is repeated by completion.

    Speed comes from two exact observations:

    * voters with the same budget and the same weight for a project are
      interchangeable when computing its ρ, so each project keeps a counter
      ``budget class × weight -> voters``, updated only for the supporters of
      the project just funded;
    * budgets only go down, so a project's previous ρ is a lower bound on its
      current one: a heap keyed on it lets each round recompute only the
      projects that could still beat the best.

    A supporter's utility for project p is ``unit[p] * weight``: unit is the
    cost (cost utility) or 1, weight is 1 or the voter's points.  Counter keys
    are ints ``class * n_weights + weight index`` because tuple keys made the
    update loop twice as slow.
    """

    def __init__(self, profile: _Profile, utility: str) -> None:
        self.profile = profile
        count = len(profile.ids)
        self.unit = [_rational(c) if utility == "cost" else _Rational(1) for c in profile.costs]
        self.cost = [_rational(c) for c in profile.costs]
        weight_index: dict[Number, int] = {1: 0}
        self.weights: list[Rational] = [_Rational(1)]
        self.supporters: list[list[tuple[int, int]]] = [[] for _ in range(count)]
        self.entries: list[tuple[tuple[int, int], ...]] = []
        self.weight_totals: list[dict[int, int]] = [{} for _ in range(count)]
        for g, (multiplicity, ballot) in enumerate(profile.groups):
            row = []
            for p, points in ballot:
                weight = points if utility == "points" else 1
                wi = weight_index.get(weight)
                if wi is None:
                    wi = weight_index[weight] = len(self.weights)
                    self.weights.append(_rational(weight))
                row.append((p, wi))
                self.supporters[p].append((g, wi))
                totals = self.weight_totals[p]
                totals[wi] = totals.get(wi, 0) + multiplicity
            self.entries.append(tuple(row))
        self.n_weights = len(self.weights)
        # With a single weight, keys are plain class ids and ballots plain project lists.
        self.unit_weights = self.n_weights == 1
        self.plain_entries = [tuple(p for p, _ in row) for row in self.entries] if self.unit_weights else []
        self.plain_supporters = [[g for g, _ in s] for s in self.supporters] if self.unit_weights else []
        self.multiplicity = [m for m, _ in profile.groups]
        self.free = [p for p in range(count) if profile.costs[p] == 0 and self.supporters[p]]
        self.candidates = [p for p in range(count) if profile.costs[p] > 0 and self.supporters[p]]

    def run(self, voter_budget: Rational) -> _MesRun:
        profile, cost, unit, weights = self.profile, self.cost, self.unit, self.weights
        class_budget: list[Rational] = [voter_budget]
        group_class = [0] * len(profile.groups)
        count = len(profile.ids)
        counters: list[dict[int, int]] = [{} for _ in range(count)]
        version = [0] * count
        alive = [False] * count
        heap: list[tuple[Rational, int, int, int]] = []
        for p in self.candidates:
            counters[p] = dict(self.weight_totals[p])  # class 0: key == weight index
            alive[p] = True
            total_weight = sum(weights[wi] * m for wi, m in self.weight_totals[p].items())
            # ρ with unlimited budgets: a valid lower bound to seed the heap.
            heap.append((cost[p] / (unit[p] * total_weight), profile.rank[p], p, -1))
        heapq.heapify(heap)

        fundings: list[_Funding] = []
        dropped: list[int] = []
        spent = _Rational(0)
        for p in self.free:
            spent += cost[p]
        while True:
            while heap:
                _, _, p, seen = heap[0]
                if seen == version[p]:
                    break
                heapq.heappop(heap)
                price = self._price(counters[p], class_budget, cost[p])
                if price is None:
                    alive[p] = False
                    dropped.append(p)
                    continue
                heapq.heappush(heap, (price / unit[p], profile.rank[p], p, version[p]))
            if not heap:
                break
            rho, _, winner, _ = heapq.heappop(heap)
            alive[winner] = False
            price = rho * unit[winner]
            fundings.append(_Funding(winner, rho, price))
            spent += cost[winner]
            if self.unit_weights:
                self._charge_unit(winner, price, class_budget, group_class, counters, version, alive)
            else:
                self._charge_weighted(winner, price, class_budget, group_class, counters, version, alive)
        return _MesRun(voter_budget, list(self.free), fundings, spent, dropped)

    def _price(self, counter: dict[int, int], class_budget: list[Rational], cost: Rational) -> Rational | None:
        """Least price per unit of weight at which these supporters can pay ``cost``.

        Supporters pay min(budget, price·weight); scan them from the poorest
        (relative to weight) up: once the equal price is affordable for the
        current one it is affordable for all richer ones.
        """
        items = []
        total_weight = 0
        if self.unit_weights:
            for c, m in counter.items():
                budget = class_budget[c]
                items.append((budget, budget, 1, m))
                total_weight += m
        else:
            n_weights, weights = self.n_weights, self.weights
            for key, m in counter.items():
                c, wi = divmod(key, n_weights)
                budget, w = class_budget[c], weights[wi]
                items.append((budget / w, budget, w, m))
                total_weight += w * m
        items.sort(key=lambda item: item[0])
        remaining = cost
        for _, budget, w, m in items:
            # price = remaining / total_weight; affordable for this class iff price·w <= budget
            if remaining * w <= budget * total_weight:
                return remaining / total_weight
            remaining -= budget * m
            total_weight -= w * m
        return None

    @staticmethod
    def _pay(budget: Rational, due: Rational, class_budget: list[Rational]) -> int:
        """New budget class after paying ``due`` (-1: nothing left)."""
        left = budget - due if due < budget else 0
        if not left:
            return -1
        class_budget.append(left)
        return len(class_budget) - 1

    def _charge_unit(self, winner, price, class_budget, group_class, counters, version, alive) -> None:
        """Take payments from the winner's supporters (all weights 1) and re-class them."""
        new_class: dict[int, int] = {}
        multiplicity, entries = self.multiplicity, self.plain_entries
        for g in self.plain_supporters[winner]:
            old = group_class[g]
            if old < 0:
                continue  # already spent everything
            moved = new_class.get(old)
            if moved is None:
                moved = new_class[old] = self._pay(class_budget[old], price, class_budget)
            group_class[g] = moved
            m = multiplicity[g]
            for q in entries[g]:
                if alive[q]:
                    counter = counters[q]
                    remaining = counter[old] - m
                    if remaining:
                        counter[old] = remaining
                    else:
                        del counter[old]
                    if moved >= 0:
                        counter[moved] = counter.get(moved, 0) + m
                    version[q] += 1

    def _charge_weighted(self, winner, price, class_budget, group_class, counters, version, alive) -> None:
        """As :meth:`_charge_unit` for points utility, where payments depend on the weight."""
        new_class: dict[tuple[int, int], int] = {}
        n_weights, weights = self.n_weights, self.weights
        for g, wi in self.supporters[winner]:
            old = group_class[g]
            if old < 0:
                continue
            moved = new_class.get((old, wi))
            if moved is None:
                moved = new_class[(old, wi)] = self._pay(class_budget[old], price * weights[wi], class_budget)
            group_class[g] = moved
            m = self.multiplicity[g]
            for q, wq in self.entries[g]:
                if alive[q]:
                    counter = counters[q]
                    old_key = old * n_weights + wq
                    remaining = counter[old_key] - m
                    if remaining:
                        counter[old_key] = remaining
                    else:
                        del counter[old_key]
                    if moved >= 0:
                        new_key = moved * n_weights + wq
                        counter[new_key] = counter.get(new_key, 0) + m
                    version[q] += 1


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
    profile = _profile(election, seed)
    rule = f"equalshares({utility})" + ("" if completion == "none" else f"/{completion}") + ("/greedy" if top_up else "")
    if profile.voter_count == 0:
        return TallyResult(rule, [], 0, profile.budget, log=["Nobody voted: nothing is funded."])
    mes = _EqualShares(profile, utility)
    budget = _rational(profile.budget)
    base = budget / profile.voter_count
    step_size = _rational(increment)
    log = [
        f"Method of Equal Shares with {utility} utility: {profile.voter_count:,} voters share "
        f"{_money(profile.budget)}, {_money(base)} each.",
        f"Ties go to the cheaper project, then the one with more votes, then by lot (seed {seed}: "
        f"{', '.join(profile.lot[:10])}{', ...' if len(profile.lot) > 10 else ''}).",
    ]
    outcome = mes.run(base)
    steps = 0
    if completion != "none":
        outcome, steps = _complete(mes, outcome, base, step_size, budget, completion, log, max_completion_steps, progress)
    result = TallyResult(rule, [], 0, profile.budget, log=log, voter_budget=_fraction(outcome.voter_budget), completion_steps=steps)
    _describe_run(profile, mes, outcome, result, utility)
    if top_up:
        chosen = set(outcome.selected)
        rest = [p for p in mes.candidates if p not in chosen]
        log.append(f"Greedy top-up of the {_money(profile.budget - result.total_cost)} left:")
        _greedy_fill(profile, rest, result, stage="top-up")
    log.append(f"Done: {len(result.selected)} projects funded for {_money(result.total_cost)} of {_money(profile.budget)}.")
    return result


def _complete(
    mes: _EqualShares,
    outcome: _MesRun,
    base: Rational,
    step_size: Rational,
    budget: Rational,
    completion: str,
    log: list[str],
    max_steps: int | None,
    progress: Callable[[int], None] | None,
) -> tuple[_MesRun, int]:
    candidates = set(mes.candidates)
    previous: _MesRun | None = None
    steps = _StepLog(log)
    step = 0
    while True:
        cost = outcome.spent
        if cost > budget:
            assert previous is not None  # run 0 never spends more than the budget
            steps.add(step, outcome, f"over the budget: keep step {step - 1}")
            return previous, steps.close(step - 1)
        chosen = set(outcome.selected)
        if candidates <= chosen:
            steps.add(step, outcome, "every supported project is funded; stop")
            return outcome, steps.close(step)
        if completion == "add1" and _exhaustive(mes, chosen, budget - cost):
            steps.add(step, outcome, f"no other supported project fits the {_money(budget - cost)} left; stop")
            return outcome, steps.close(step)
        if max_steps is not None and step >= max_steps:
            raise TallyError(f"completion did not settle within {max_steps} steps")
        steps.add(step, outcome, f"raise each voter's budget by {_money(step_size)}")
        previous = outcome
        step += 1
        if progress is not None:
            progress(step)
        outcome = mes.run(base + step * step_size)


@dataclass
class _Streak:
    first: int
    last: int
    first_budget: Rational
    last_budget: Rational
    selected: tuple[int, ...]
    spent: Rational
    verdict: str


class _StepLog:
    """Completion log that folds consecutive steps with the same outcome into one line."""

    def __init__(self, log: list[str]) -> None:
        self.log = log
        self.streak: _Streak | None = None

    def add(self, step: int, run: _MesRun, verdict: str) -> None:
        selected = tuple(run.selected)
        streak = self.streak
        if streak and streak.selected == selected and streak.verdict == verdict:
            streak.last, streak.last_budget = step, run.voter_budget
            return
        self._flush()
        self.streak = _Streak(step, step, run.voter_budget, run.voter_budget, selected, run.spent, verdict)

    def close(self, kept_step: int) -> int:
        self._flush()
        return kept_step

    def _flush(self) -> None:
        streak = self.streak
        if streak is None:
            return
        if streak.first == streak.last:
            label = f"Completion step {streak.first}: {_money(streak.first_budget)} per voter"
        else:
            label = (
                f"Completion steps {streak.first}–{streak.last}: "
                f"{_money(streak.first_budget)} to {_money(streak.last_budget)} per voter"
            )
        self.log.append(f"{label} funds {len(streak.selected)} projects for {_money(streak.spent)}; {streak.verdict}.")
        self.streak = None


def _exhaustive(mes: _EqualShares, chosen: set[int], left: Rational) -> bool:
    return all(p in chosen or mes.cost[p] > left for p in mes.candidates)


def _describe_run(profile: _Profile, mes: _EqualShares, run: _MesRun, result: TallyResult, utility: str) -> None:
    log = result.log
    per = "point" if utility == "points" else "vote"
    spent = Fraction(0)
    total_money = _fraction(run.voter_budget) * profile.voter_count
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
        price = _fraction(funding.price)
        effective = Fraction(cost) / price
        result.selected.append(pid)
        result.support[pid] = ProjectSupport(
            pid, profile.votes[p], profile.scores[p], round=number,
            rho=_fraction(funding.rho), price_per_vote=price, effective_support=effective,
        )
        log.append(
            f"Round {number}: fund {pid} (cost {_money(cost)}) at ρ = {float(funding.rho):.6g}: "
            f"each supporter pays up to {_money(price)} per {per}; effective support "
            f"{float(effective):,.1f} of {_money(profile.scores[p] if utility == 'points' else profile.votes[p])} {per}s; "
            f"budget left {_money(profile.budget - spent)}, voters' money left {_money(total_money - spent)}."
        )
    if run.dropped:
        log.append(
            "No longer affordable by their supporters: " + ", ".join(profile.ids[p] for p in run.dropped) + "."
        )
    result.total_cost = _plain(_fraction(run.spent))


# --------------------------------------------------------------------------- dispatch


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
