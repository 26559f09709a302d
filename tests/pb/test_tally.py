"""The rules: greedy and the Method of Equal Shares, on real and hand-made elections.

Expected outcomes of hand-made elections are worked out in the comments;
real elections are checked against the file's official `selected` column and
against pabutools, the reference implementation.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from participation.budgeting.pabulib import Election, parse_election
from participation.budgeting.tally import (
    RuleSpec,
    TallyError,
    equal_shares,
    greedy,
    run_rule,
    spec_from_meta,
)

from .pabulib_data import (
    AMSTERDAM,
    ASSEN_2024,
    ASSEN_2025,
    DIEPPE,
    KATOWICE_DAB,
    TOULOUSE,
    pabulib_path,
    real_election,
    require_pabutools,
)


def pb_text(budget, costs: dict[str, int], ballots: list[tuple], *, vote_type: str = "approval", rule: str = "greedy") -> str:
    """A .pb file; ballots are (projects, count) or, for points, ({project: points}, count)."""
    lines = ["META", "key;value", f"budget;{budget}", f"vote_type;{vote_type}", f"rule;{rule}", "PROJECTS", "project_id;cost"]
    lines += [f"{pid};{cost}" for pid, cost in costs.items()]
    points = vote_type in ("cumulative", "scoring")
    lines += ["VOTES", "voter_id;vote;points" if points else "voter_id;vote"]
    voter = 0
    for ballot, count in ballots:
        for _ in range(count):
            voter += 1
            if points:
                lines.append(f"{voter};{','.join(ballot)};{','.join(str(v) for v in ballot.values())}")
            else:
                lines.append(f"{voter};{','.join(ballot)}")
    return "\n".join(lines) + "\n"


def make_election(budget, costs, ballots, **kwargs) -> Election:
    return parse_election(pb_text(budget, costs, ballots, **kwargs))


def pabutools_outcome(path_or_text, rule: str, sat: str, **kwargs) -> list[str]:
    require_pabutools()
    from pabutools.election import Additive_Cardinal_Sat, Cardinality_Sat, Cost_Sat, parse_pabulib
    from pabutools.election.pabulib import parse_pabulib_from_string
    from pabutools.election.satisfaction.additivesatisfaction import AdditiveSatisfaction
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    class Points_Times_Cost_Sat(AdditiveSatisfaction):
        """Greedy by total points: pabutools ranks by satisfaction ÷ cost."""

        def __init__(self, instance, profile, ballot):
            super().__init__(instance, profile, ballot, lambda inst, prof, b, p, pre: b.get(p, 0) * p.cost)

    sat_class = {"cost": Cost_Sat, "cardinality": Cardinality_Sat, "points": Additive_Cardinal_Sat, "score": Points_Times_Cost_Sat}[sat]
    if isinstance(path_or_text, str):
        instance, profile = parse_pabulib_from_string(path_or_text)
    else:
        instance, profile = parse_pabulib(str(path_or_text))
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile.as_multiprofile(), sat_class=sat_class)
    else:
        outcome = method_of_equal_shares(instance, profile.as_multiprofile(), sat_class=sat_class, **kwargs)
    return [project.name for project in outcome]


# --------------------------------------------------------------------------- real elections


@pytest.mark.parametrize("name", [ASSEN_2024, ASSEN_2025])
def test_assen_mes_add1_reproduces_the_official_selection(name):
    election = real_election(name)
    assert election.official_rule == "equalshares/add1"

    result = run_rule(election, spec_from_meta(election))

    assert sorted(result.selected) == sorted(election.officially_selected())
    assert result.total_cost == sum(election.projects[pid].cost for pid in election.officially_selected())
    assert result.total_cost <= election.budget


@pytest.mark.parametrize("name", [ASSEN_2024, ASSEN_2025])
@pytest.mark.parametrize("utility", ["cost", "cardinality"])
def test_assen_mes_add1_funds_the_same_projects_as_pabutools(name, utility):
    ours = equal_shares(real_election(name), utility=utility, completion="add1")

    reference = pabutools_outcome(pabulib_path(name), "mes", utility, voter_budget_increment=1)

    # Selection order may differ where ρ ties: pabutools breaks ties by project name, we by cost.
    assert sorted(ours.selected) == sorted(reference)


def test_assen_2024_tie_at_equal_rho_goes_to_the_cheaper_project():
    result = equal_shares(real_election(ASSEN_2024), completion="add1")

    # Projects 2 (10,000) and 11 (15,000) both have 24 supporters with money to spare: ρ = 1/24.
    assert result.support["2"].rho == result.support["11"].rho == Fraction(1, 24)
    assert result.selected.index("2") == result.selected.index("11") - 1


@pytest.mark.parametrize("name", [DIEPPE, AMSTERDAM, KATOWICE_DAB, TOULOUSE])
def test_greedy_funds_the_same_projects_as_pabutools(name):
    election = real_election(name)
    ours = greedy(election)

    # For approval, cost satisfaction ÷ cost = approvals; for points, points·cost ÷ cost = points.
    reference = pabutools_outcome(pabulib_path(name), "greedy", "score" if election.vote_type == "cumulative" else "cost")

    assert sorted(ours.selected) == sorted(reference)
    assert ours.total_cost == sum(election.projects[pid].cost for pid in reference)


def test_greedy_funds_in_order_of_score():
    election = real_election(TOULOUSE)

    result = greedy(election)

    scores = [result.support[pid].score for pid in result.selected]
    assert scores == sorted(scores, reverse=True)
    assert result.total_cost <= election.budget


def test_katowice_dab_greedy_threshold_reproduces_the_official_selection():
    election = real_election(KATOWICE_DAB)

    spec = spec_from_meta(election)
    result = run_rule(election, spec)

    assert spec == RuleSpec("greedy", threshold=50)
    assert result.rule == "greedy-threshold"
    assert sorted(result.selected) == sorted(election.officially_selected())


@pytest.mark.parametrize("completion", ["none", "add1"])
def test_points_utility_funds_the_same_projects_as_pabutools_on_katowice_dab(completion):
    election = real_election(KATOWICE_DAB)

    ours = equal_shares(election, utility="points", completion=completion)

    increment = {"voter_budget_increment": 1} if completion == "add1" else {}
    assert sorted(ours.selected) == sorted(pabutools_outcome(pabulib_path(KATOWICE_DAB), "mes", "points", **increment))


def test_effective_support_shrinks_as_supporters_run_out_of_money():
    election = real_election(ASSEN_2025)

    result = equal_shares(election, completion="add1")

    first = result.support[result.selected[0]]
    assert first.effective_support == first.votes, "in round 1 everybody can still pay their share"
    for pid in result.selected:
        support = result.support[pid]
        assert support.effective_support <= support.votes
        assert support.price_per_vote * support.effective_support == election.projects[pid].cost
        assert support.rho * election.projects[pid].cost == support.price_per_vote  # cost utility
    rounds = [line for line in result.log if line.startswith("Round ")]
    assert len(rounds) == len(result.selected)
    assert any(line.startswith("Completion step") and line.endswith("; stop.") for line in result.log)


# --------------------------------------------------------------------------- hand-made elections


def test_greedy_skips_a_project_that_no_longer_fits_and_continues():
    # Budget 10: A (4 votes, 6) fits, B (3 votes, 6) does not fit any more, C (2 votes, 4) does.
    election = make_election(10, {"A": 6, "B": 6, "C": 4}, [(["A", "B"], 3), (["A", "C"], 1), (["C"], 1)])

    result = greedy(election)

    assert result.selected == ["A", "C"]
    assert result.total_cost == 10
    assert any(line.startswith("Skip B") for line in result.log)


def test_greedy_tie_on_votes_goes_to_the_cheaper_project():
    # X and Y both have 3 votes; only one fits in 10. Y is cheaper.
    election = make_election(10, {"X": 6, "Y": 5}, [(["X", "Y"], 3)])

    assert greedy(election).selected == ["Y"]


def test_greedy_tie_on_points_and_cost_goes_to_the_project_with_more_voters():
    # P: one voter gives 2 points; Q: two voters give 1 point each. Same score, same cost, room for one.
    election = make_election(
        5, {"P": 5, "Q": 5}, [({"P": 2}, 1), ({"Q": 1}, 2)], vote_type="cumulative"
    )

    assert greedy(election).selected == ["Q"]


def test_a_full_tie_is_decided_by_a_seeded_lot_that_ignores_file_order():
    costs = {"K": 5, "L": 5, "M": 5}
    election = make_election(5, costs, [(["K", "L", "M"], 4)])
    reordered = make_election(5, dict(reversed(costs.items())), [(["M", "L", "K"], 4)])

    winners = {seed: greedy(election, seed=seed).selected for seed in range(30)}

    assert all(len(w) == 1 for w in winners.values())
    assert {w[0] for w in winners.values()} == {"K", "L", "M"}, "each tied project can win the lot"
    for seed, winner in winners.items():
        assert greedy(election, seed=seed).selected == winner, "the lot is reproducible"
        assert greedy(reordered, seed=seed).selected == winner, "the lot does not depend on file order"
        assert equal_shares(election, seed=seed).selected == winner, "MES uses the same lot"


def test_greedy_threshold_excludes_projects_below_it_even_if_they_fit():
    election = make_election(100, {"A": 10, "B": 10, "C": 10}, [(["A", "B", "C"], 5), (["A", "B"], 2), (["A"], 1)])
    # scores: A 8, B 7, C 5

    assert greedy(election).selected == ["A", "B", "C"]
    assert greedy(election, threshold=7).selected == ["A", "B"], "a score equal to the threshold is enough"
    assert greedy(election, threshold=9).selected == []
    assert any("below the threshold 7" in line for line in greedy(election, threshold=7).log)


def test_greedy_threshold_from_meta_without_a_threshold_is_plain_greedy():
    election = make_election(10, {"A": 5}, [(["A"], 1)], rule="greedy-threshold")

    assert spec_from_meta(election) == RuleSpec("greedy", threshold=None)


def test_greedy_never_funds_a_project_nobody_supports():
    election = make_election(100, {"A": 10, "Z": 10}, [(["A"], 3)])

    assert greedy(election).selected == ["A"]
    assert equal_shares(election, completion="add1").selected == ["A"]


def test_mes_shares_the_cost_equally_among_supporters():
    # 4 voters, budget 40: 10 each. A (cost 30) is approved by v1-v3: 10 each, ρ = 10/30.
    # B (cost 10) is approved by v1 and v4; v1 is broke after A, so v4 alone (10) pays for it.
    election = make_election(40, {"A": 30, "B": 10}, [(["A"], 2), (["A", "B"], 1), (["B"], 1)])

    result = equal_shares(election)

    assert result.selected == ["A", "B"]
    # B first alone would need 5 each (ρ = 1/2) vs A's ρ = 1/3: A goes first.
    assert result.support["A"].rho == Fraction(1, 3)
    assert result.support["A"].price_per_vote == 10
    assert result.support["B"].price_per_vote == 10, "v4 pays all of B"
    assert result.support["B"].effective_support == 1


def test_cardinality_utility_prefers_the_project_cheapest_per_supporter():
    # 4 voters, budget 120: 30 each (the 4th approves nothing).
    # A costs 60, approved by v1-v3: 20 per voter. B costs 19, approved by v1 only: 19 per voter.
    # cost utility: ρ_A = 20/60 < ρ_B = 19/19, A first; v1 keeps 10 < 19, B unaffordable.
    # cardinality:  ρ_B = 19 < ρ_A = 20, B first; v1 keeps 11, A then costs v2, v3 24.5 each.
    ballots = [(["A", "B"], 1), (["A"], 2), ([], 1)]
    text = pb_text(120, {"A": 60, "B": 19}, ballots)
    election = parse_election(text)

    by_cost = equal_shares(election, utility="cost")
    by_voters = equal_shares(election, utility="cardinality")

    assert by_cost.selected == ["A"]
    assert by_voters.selected == ["B", "A"]
    assert by_voters.support["A"].price_per_vote == Fraction(49, 2)
    assert sorted(by_voters.selected) == sorted(pabutools_outcome(text, "mes", "cardinality"))


def test_points_utility_charges_supporters_in_proportion_to_their_points():
    # 2 voters, budget 12: 6 each. P costs 9; v1 gives it 2 points, v2 1 point.
    # ρ = 9 / 3 points = 3 per point: v1 pays 6, v2 pays 3.
    # Q costs 3, only v2 (1 point) supports it; v2 has 3 left: ρ = 3 — a tie with P, but Q is cheaper.
    text = pb_text(12, {"P": 9, "Q": 3}, [({"P": 2}, 1), ({"P": 1, "Q": 1}, 1)], vote_type="cumulative")
    election = parse_election(text)

    result = equal_shares(election, utility="points")

    assert result.selected == ["Q", "P"]
    assert result.support["Q"].rho == result.support["P"].rho == 3
    assert result.support["P"].effective_support == 3, "3 points at 3 per point"
    assert sorted(result.selected) == sorted(pabutools_outcome(text, "mes", "points"))


def test_decimal_points_are_tallied_exactly():
    # Scoring ballots with half points: A gets 1.5 + 1.5 = 3 points, B 2.5.
    election = make_election(10, {"A": 6, "B": 6}, [({"A": "1.5"}, 2), ({"B": "2.5"}, 1)], vote_type="scoring")

    by_score = greedy(election)
    by_points = equal_shares(election, utility="points", top_up=True)

    assert by_score.selected == ["A"]
    assert by_score.support["A"].score == 3
    assert by_points.selected == ["A"]
    assert by_points.support["A"].price_per_vote == 2, "6 for 3 points"
    assert any("of 3 points" in line for line in by_points.log)
    assert any("score 2.50 is below the threshold 2.75" in line for line in greedy(election, threshold=Fraction("2.75")).log)


def test_mes_tie_on_rho_and_cost_goes_to_the_project_with_more_voters():
    # P: one voter gives 2 points; Q: two voters give 1 point each. Both cost 4; 3 voters with 4 each.
    # ρ = 4 / 2 points = 2 for both: Q (2 voters) goes first.
    election = make_election(12, {"P": 4, "Q": 4}, [({"P": 2}, 1), ({"Q": 1}, 2)], vote_type="cumulative")

    assert equal_shares(election, utility="points").selected == ["Q", "P"]


# The add1 variants differ here. 4 voters, budget 12 (3 each); A costs 12, B costs 6.
#   step 0 (3 each): A's three supporters hold 9 < 12; B's two pay 3 each. Outcome {B}, 6 left:
#          A does not fit, so the outcome is exhaustive and add1 stops with {B}.
#   step 1 (4 each): A costs its supporters 4 each (ρ = 1/3) and beats B (ρ = 1/2); afterwards
#          B's supporters hold 0 + 4 < 6. Outcome {A}, cost 12: within budget, so nostop raises again.
#   step 2 (5 each): A, then B (1 + 5 = 6): cost 18 > 12, so nostop keeps step 1: {A}.
ADD1_DIFFERS = (12, {"A": 12, "B": 6}, [(["A"], 2), (["A", "B"], 1), (["B"], 1)])


def test_add1_stops_at_the_first_outcome_where_nothing_else_fits():
    text = pb_text(*ADD1_DIFFERS)

    result = equal_shares(parse_election(text), completion="add1")

    assert result.selected == ["B"]
    assert result.completion_steps == 0
    assert result.selected == pabutools_outcome(text, "mes", "cost", voter_budget_increment=1)


def test_add1_nostop_keeps_raising_until_the_outcome_would_exceed_the_budget():
    result = equal_shares(make_election(*ADD1_DIFFERS), completion="add1-nostop")

    assert result.selected == ["A"]
    assert result.total_cost == 12
    assert result.completion_steps == 1
    assert result.voter_budget == 4
    assert any("over the budget: keep step 1" in line for line in result.log)


def test_completion_stops_once_every_supported_project_is_funded():
    # Everything fits: raising budgets can never change the outcome, so nostop must not loop forever.
    election = make_election(100, {"A": 30, "B": 30}, [(["A"], 1), (["B"], 3)])

    result = equal_shares(election, completion="add1-nostop")

    assert sorted(result.selected) == ["A", "B"]
    assert result.completion_steps == 5, "A's lone supporter needs 30: 25 + 5 steps"
    assert any("every supported project is funded; stop" in line for line in result.log)


def test_completion_can_be_capped():
    with pytest.raises(TallyError, match="within 2 steps"):
        equal_shares(make_election(*ADD1_DIFFERS), completion="add1-nostop", max_completion_steps=2, increment=Fraction(1, 10))


def test_greedy_top_up_spends_what_mes_left_over():
    # 4 voters, budget 12: 3 each. A (12; v1-v3 hold 9) and C (5; v1 holds 3) are unaffordable,
    # B (6; v3, v4) is funded. 6 is left: greedy by votes tries A (3 votes, too big), then C.
    election = make_election(12, {"A": 12, "B": 6, "C": 5}, [(["A", "C"], 1), (["A"], 1), (["A", "B"], 1), (["B"], 1)])

    plain = equal_shares(election)
    topped_up = equal_shares(election, top_up=True)

    assert plain.selected == ["B"]
    assert topped_up.selected == ["B", "C"]
    assert topped_up.total_cost == 11
    assert topped_up.support["C"].stage == "top-up"
    assert topped_up.rule == "equalshares(cost)/greedy"


def test_free_projects_with_supporters_are_funded_up_front():
    election = make_election(10, {"A": 10, "F": 0, "G": 0}, [(["A", "F"], 2)])

    result = equal_shares(election)

    assert result.selected == ["F", "A"]
    assert result.support["F"].stage == "free"


def test_mes_with_no_ballots_funds_nothing():
    election = parse_election("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\nA;5\nVOTES\nvoter_id;vote\n")

    assert equal_shares(election).selected == []
    assert greedy(election).selected == []


def test_results_are_exact_fractions():
    # 3 voters share 100: 100/3 each, which no float represents.
    election = make_election(100, {"A": 100}, [(["A"], 3)])

    result = equal_shares(election)

    assert result.selected == ["A"]
    assert result.voter_budget == Fraction(100, 3)
    assert result.support["A"].price_per_vote == Fraction(100, 3)


@pytest.mark.parametrize(
    ("rule", "spec"),
    [
        ("greedy", RuleSpec("greedy")),
        ("equalshares", RuleSpec("mes")),
        ("equalshares/add1", RuleSpec("mes", completion="add1")),
        ("equalshares/add1/greedy", RuleSpec("mes", completion="add1", top_up=True)),
    ],
)
def test_meta_rule_names_map_to_rules(rule, spec):
    assert spec_from_meta(make_election(10, {"A": 5}, [(["A"], 1)], rule=rule)) == spec


def test_unknown_rules_and_options_are_refused():
    election = make_election(10, {"A": 5}, [(["A"], 1)], rule="unknown")

    with pytest.raises(TallyError, match="'unknown'"):
        spec_from_meta(election)
    with pytest.raises(TallyError, match="utility"):
        equal_shares(election, utility="happiness")
    with pytest.raises(TallyError, match="completion"):
        equal_shares(election, completion="add2")
