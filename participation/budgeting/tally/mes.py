"""The Method of Equal Shares engine: one run at a given per-voter budget.

:func:`participation.budgeting.tally.equal_shares.equal_shares` drives it (and reruns it for completion).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from participation.budgeting.pabulib.election import Number
from participation.budgeting.tally.exact import Exact, Rational, exact
from participation.budgeting.tally.profile import Profile


@dataclass
class Funding:
    project: int
    rho: Rational
    price: Rational  # per unit of weight: per vote (cost/cardinality) or per point


@dataclass
class MesRun:
    voter_budget: Rational
    free: list[int]
    fundings: list[Funding]
    spent: Rational
    dropped: list[int]

    @property
    def selected(self) -> list[int]:
        return self.free + [f.project for f in self.fundings]


class EqualShares:
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

    def __init__(self, profile: Profile, utility: str) -> None:
        self.profile = profile
        count = len(profile.ids)
        self.unit = [exact(c) if utility == "cost" else Exact(1) for c in profile.costs]
        self.cost = [exact(c) for c in profile.costs]
        weight_index: dict[Number, int] = {1: 0}
        self.weights: list[Rational] = [Exact(1)]
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
                    self.weights.append(exact(weight))
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

    def run(self, voter_budget: Rational) -> MesRun:
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

        fundings: list[Funding] = []
        dropped: list[int] = []
        spent = Exact(0)
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
            fundings.append(Funding(winner, rho, price))
            spent += cost[winner]
            if self.unit_weights:
                self._charge_unit(winner, price, class_budget, group_class, counters, version, alive)
            else:
                self._charge_weighted(winner, price, class_budget, group_class, counters, version, alive)
        return MesRun(voter_budget, list(self.free), fundings, spent, dropped)

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
