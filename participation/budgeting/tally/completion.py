"""MES completion: rerun with a raised per-voter budget until the outcome settles, logging the steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from participation.budgeting.tally.exact import Rational, money
from participation.budgeting.tally.mes import EqualShares, MesRun
from participation.budgeting.tally.result import TallyError


def complete(
    mes: EqualShares,
    outcome: MesRun,
    base: Rational,
    step_size: Rational,
    budget: Rational,
    completion: str,
    log: list[str],
    max_steps: int | None,
    progress: Callable[[int], None] | None,
) -> tuple[MesRun, int]:
    candidates = set(mes.candidates)
    previous: MesRun | None = None
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
            steps.add(step, outcome, f"no other supported project fits the {money(budget - cost)} left; stop")
            return outcome, steps.close(step)
        if max_steps is not None and step >= max_steps:
            raise TallyError(f"completion did not settle within {max_steps} steps")
        steps.add(step, outcome, f"raise each voter's budget by {money(step_size)}")
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

    def add(self, step: int, run: MesRun, verdict: str) -> None:
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
            label = f"Completion step {streak.first}: {money(streak.first_budget)} per voter"
        else:
            label = (
                f"Completion steps {streak.first}–{streak.last}: "
                f"{money(streak.first_budget)} to {money(streak.last_budget)} per voter"
            )
        self.log.append(f"{label} funds {len(streak.selected)} projects for {money(streak.spent)}; {streak.verdict}.")
        self.streak = None


def _exhaustive(mes: EqualShares, chosen: set[int], left: Rational) -> bool:
    return all(p in chosen or mes.cost[p] > left for p in mes.candidates)
