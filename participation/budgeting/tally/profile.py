"""An election flattened into project indexes, with the tie-break order both rules share."""

from __future__ import annotations

import random
from dataclasses import dataclass

from participation.budgeting.pabulib.election import Election, Number


@dataclass
class Profile:
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


def build_profile(election: Election, seed: int) -> Profile:
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
    return Profile(ids, costs, votes, scores, groups, election.voter_count, election.budget, rank, lot)
