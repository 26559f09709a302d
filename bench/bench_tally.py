"""Benchmark the participatory-budgeting engine on the big Pabulib files.

    .venv/bin/python bench/bench_tally.py              # timings + greedy vs pabutools (~30 s)
    .venv/bin/python bench/bench_tally.py --compare    # also MES vs pabutools on Łódź (+~50 s)

Goals (2-core machine): parse + greedy of Łódź ≤ 2 s; exact MES add1 with
cost utility on Łódź ≤ 5 s. Exit status 1 if any winner set disagrees with
pabutools or the official `selected` column; with --strict, also if a goal
is missed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script (make bench), not as an installed package

from participation.budgeting.pabulib import Election, load_election  # noqa: E402
from participation.budgeting.tally import EXACT_BACKEND, equal_shares, greedy  # noqa: E402

DATA = Path(os.environ.get("PABULIB_DIR", REPO.parent / "shared" / "pabulib"))
LODZ = "Poland_Lodz_2022.pb"
KATOWICE = "Poland_Katowice_2020.pb"

problems: list[str] = []
missed_goals: list[str] = []


def best_of(repeat: int, action):
    """(best wall time in seconds, result of the last run)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def report(label: str, seconds: float, goal: float | None = None, extra: str = "") -> None:
    verdict = ""
    if goal is not None:
        verdict = f"  goal ≤ {goal:g} s: {'ok' if seconds <= goal else 'MISSED'}"
        if seconds > goal:
            missed_goals.append(label)
    print(f"  {label:<48} {seconds:8.3f} s{verdict}{('  ' + extra) if extra else ''}")


def check(label: str, ours: list[str], reference: list[str]) -> None:
    same = sorted(ours) == sorted(reference)
    print(f"  {label:<48} {'same winners' if same else 'DIFFERENT WINNERS'} ({len(ours)} projects)")
    if not same:
        problems.append(label)
        print(f"    only ours:      {sorted(set(ours) - set(reference))}")
        print(f"    only reference: {sorted(set(reference) - set(ours))}")


def bench_lodz(repeat: int) -> Election:
    path = DATA / LODZ
    print(f"Łódź 2022 ({path.stat().st_size / 1e6:.1f} MB)")
    parse_time, election = best_of(repeat, lambda: load_election(path))
    threshold = election.score_threshold
    greedy_time, result = best_of(repeat, lambda: greedy(election, threshold=threshold))
    print(f"  {election.voter_count:,} voters, {len(election.ballots):,} distinct ballots, {len(election.projects)} projects")
    report("parse", parse_time)
    report(f"greedy-threshold ({threshold})", greedy_time)
    report("parse + greedy", parse_time + greedy_time, goal=2.0)
    check("greedy-threshold vs official `selected`", result.selected, election.officially_selected())

    plain_time, plain = best_of(repeat, lambda: equal_shares(election))
    report("MES cost, no completion", plain_time, extra=f"{len(plain.selected)} winners, {plain.total_cost:,}")
    mes_time, mes = best_of(repeat, lambda: equal_shares(election, completion="add1"))
    report(
        "MES cost, add1 completion",
        mes_time,
        goal=5.0,
        extra=f"{len(mes.selected)} winners, {mes.total_cost:,}, {mes.completion_steps} steps",
    )
    return election


def pabutools_greedy(path: Path, cumulative: bool) -> tuple[float, list[str]]:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.election.satisfaction.additivesatisfaction import AdditiveSatisfaction
    from pabutools.rules import greedy_utilitarian_welfare

    class Points_Times_Cost_Sat(AdditiveSatisfaction):
        """pabutools ranks by satisfaction ÷ cost; points × cost makes that the points."""

        def __init__(self, instance, profile, ballot):
            super().__init__(instance, profile, ballot, lambda inst, prof, b, p, pre: b.get(p, 0) * p.cost)

    start = time.perf_counter()
    instance, profile = parse_pabulib(str(path))
    outcome = greedy_utilitarian_welfare(
        instance, profile.as_multiprofile(), sat_class=Points_Times_Cost_Sat if cumulative else Cost_Sat
    )
    return time.perf_counter() - start, [p.name for p in outcome]


def compare_greedy(name: str) -> None:
    path = DATA / name
    start = time.perf_counter()
    election = load_election(path)
    ours = greedy(election)
    ours_time = time.perf_counter() - start
    theirs_time, theirs = pabutools_greedy(path, election.vote_type == "cumulative")
    print(f"{name}: plain greedy (no threshold), parse included")
    report("ours", ours_time)
    report("pabutools", theirs_time)
    check("ours vs pabutools", ours.selected, theirs)
    if election.score_threshold is not None and election.officially_selected():
        official = greedy(election, threshold=election.score_threshold)
        check(f"greedy-threshold ({election.score_threshold}) vs official", official.selected, election.officially_selected())


def compare_mes_lodz(election: Election) -> None:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import method_of_equal_shares

    print("Łódź 2022: MES cost add1 vs pabutools (slow)")
    start = time.perf_counter()
    ours = equal_shares(election, completion="add1")
    report("ours (parsed already)", time.perf_counter() - start)
    start = time.perf_counter()
    instance, profile = parse_pabulib(str(DATA / LODZ))
    outcome = method_of_equal_shares(instance, profile.as_multiprofile(), sat_class=Cost_Sat, voter_budget_increment=1)
    report("pabutools (parse included)", time.perf_counter() - start)
    check("ours vs pabutools", ours.selected, [p.name for p in outcome])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compare", action="store_true", help="also run pabutools' MES on Łódź (~50 s)")
    parser.add_argument("--repeat", type=int, default=3, help="timings are the best of this many runs")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a time goal is missed")
    args = parser.parse_args()
    missing = [name for name in (LODZ, KATOWICE) if not (DATA / name).is_file()]
    if missing:
        print(f"missing Pabulib files in {DATA}: {', '.join(missing)} (set PABULIB_DIR)", file=sys.stderr)
        return 1
    print(f"exact arithmetic: {EXACT_BACKEND}; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs\n")
    election = bench_lodz(args.repeat)
    print()
    for name in (LODZ, KATOWICE):
        compare_greedy(name)
        print()
    if args.compare:
        compare_mes_lodz(election)
        print()
    if problems:
        print(f"FAILED: winners differ in {', '.join(problems)}")
        return 1
    if missed_goals:
        print(f"goals missed: {', '.join(missed_goals)}")
        return 1 if args.strict else 0
    print("all winners agree; all goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
