"""The transition tables, amounts and the match arithmetic: pure functions, no database."""
import pytest

from participation.crowdfunding import states
from participation.core.money import AmountProblem, format_euros, parse_euros


@pytest.mark.parametrize(
    "old,new",
    [("draft", "submitted"), ("submitted", "changes_requested"), ("changes_requested", "submitted"),
     ("submitted", "approved"), ("submitted", "rejected"), ("approved", "live"),
     ("live", "succeeded"), ("live", "failed"), ("live", "cancelled")],
)
def test_campaign_transitions_the_process_allows(old, new):
    assert states.campaign_can_change(old, new)


@pytest.mark.parametrize(
    "old,new",
    [("draft", "live"), ("draft", "approved"), ("submitted", "live"), ("rejected", "submitted"),
     ("succeeded", "failed"), ("failed", "succeeded"), ("cancelled", "live"), ("live", "draft"), ("live", "live")],
)
def test_campaign_transitions_that_skip_vetting_or_reopen_are_refused(old, new):
    assert not states.campaign_can_change(old, new)


def test_every_campaign_status_has_a_row_and_final_statuses_lead_nowhere():
    assert set(states.CAMPAIGN_TRANSITIONS) == set(states.CAMPAIGN_STATUSES)
    assert states.CAMPAIGN_FINAL == {"rejected", "succeeded", "failed", "cancelled"}
    for targets in states.CAMPAIGN_TRANSITIONS.values():
        assert targets <= set(states.CAMPAIGN_STATUSES)


@pytest.mark.parametrize(
    "old,new,allowed",
    [("pending", "authorised", True), ("authorised", "charging", True), ("charging", "charged", True),
     ("charging", "action_required", True), ("action_required", "charged", True), ("action_required", "failed", True),
     ("charged", "refunded", True), ("awaiting_transfer", "received", True), ("received", "refunded", True),
     ("authorised", "charged", False), ("charged", "charged", False), ("charged", "charging", False),
     ("refunded", "charged", False), ("failed", "charged", False), ("cancelled", "authorised", False),
     ("awaiting_transfer", "charged", False)],
)
def test_pledge_transitions(old, new, allowed):
    assert states.pledge_can_change(old, new) is allowed


def test_every_pledge_status_has_a_row():
    assert set(states.PLEDGE_TRANSITIONS) == set(states.PLEDGE_STATUSES)


@pytest.mark.parametrize("text,cents", [("25", 2500), ("25,5", 2550), ("25,50", 2550), ("25.50", 2550), ("€ 1.250,00", 125000), ("1,250.00", 125000), ("0,01", 1)])
def test_amounts_in_belgian_and_english_notation(text, cents):
    assert parse_euros(text) == cents


@pytest.mark.parametrize(
    "text,code",
    [("", "empty"), (None, "empty"), ("   ", "empty"), ("abc", "not_a_number"), ("12abc", "not_a_number"), ("1e3", "not_a_number"),
     ("0", "not_positive"), ("-5", "not_positive"), ("0,00", "not_positive"), ("1,234", "too_precise"), ("nan", "not_a_number"),
     ("inf", "not_a_number")],
)
def test_bad_amounts_say_what_is_wrong(text, code):
    with pytest.raises(AmountProblem) as problem:
        parse_euros(text)
    assert problem.value.code == code


def test_amount_limits():
    with pytest.raises(AmountProblem) as problem:
        parse_euros("10000,01", maximum_cents=1_000_000)
    assert problem.value.code == "too_large"
    assert parse_euros("10000", maximum_cents=1_000_000) == 1_000_000
    with pytest.raises(AmountProblem) as problem:
        parse_euros("0,50", minimum_cents=100)
    assert problem.value.code == "too_small"


def test_euros_are_written_the_belgian_way():
    assert format_euros(125050) == "€ 1.250,50"


@pytest.mark.parametrize("goal,percent,cap,expected", [(100000, 50, None, 50000), (100000, 75, 60000, 60000), (99999, 25, None, 24999)])
def test_match_is_a_percentage_of_the_goal_never_above_the_cap(goal, percent, cap, expected):
    assert states.match_amount_cents(goal, percent, cap) == expected


def test_crowd_target_is_the_goal_minus_the_match():
    assert states.crowd_target_cents(100000, 50000) == 50000
    assert states.crowd_target_cents(100000, 0) == 100000
