"""The idea lifecycle table (states.py), checked without Flask or a database."""
from __future__ import annotations

import pytest

from participation.ideas import states

LIFECYCLE = [
    ("awaiting_moderation", "published"),
    ("published", "under_review"),
    ("under_review", "accepted"),
    ("accepted", "in_progress"),
    ("in_progress", "implemented"),
    ("implemented", "closed"),
]


@pytest.mark.parametrize("next_step", ["selected_for_vote", "crowdfunded"])
def test_an_accepted_idea_can_go_to_the_budget_vote_or_to_crowdfunding(next_step):
    assert states.can_move("accepted", next_step)


@pytest.mark.parametrize(("current", "new"), LIFECYCLE)
def test_an_idea_can_walk_the_whole_lifecycle(current, new):
    assert states.can_move(current, new)


@pytest.mark.parametrize("outcome", ["accepted", "not_feasible", "rejected", "merged", "selected_for_vote", "crowdfunded"])
def test_an_idea_under_review_can_get_every_outcome(outcome):
    assert states.can_move("under_review", outcome)
    assert outcome in states.ANSWERED_STATUSES


@pytest.mark.parametrize("refused", ["rejected", "not_feasible"])
def test_a_refused_idea_must_be_reopened_before_it_can_be_accepted(refused):
    assert not states.can_move(refused, "accepted")
    assert states.can_move(refused, "under_review")
    assert states.can_move("under_review", "accepted")


def test_a_merged_idea_can_only_be_reopened():
    assert states.next_statuses("merged") == ("under_review",)


@pytest.mark.parametrize("project", ["selected_for_vote", "crowdfunded"])
def test_a_budget_project_or_campaign_gets_built_or_goes_back_to_review(project):
    assert set(states.next_statuses(project)) == {"in_progress", "under_review"}


def test_implementation_cannot_skip_steps():
    assert not states.can_move("accepted", "implemented")
    assert not states.can_move("published", "in_progress")
    assert not states.can_move("accepted", "closed")
    assert states.next_statuses("closed") == ()


def test_changes_requested_is_editable_and_resubmits_to_moderation():
    assert "changes_requested" in states.EDITABLE_STATUSES
    assert "changes_requested" not in states.PUBLIC_STATUSES
    assert states.can_move("changes_requested", "awaiting_moderation")
    assert not states.can_move("changes_requested", "published")


def test_moderation_statuses_are_not_public_and_not_answers():
    for status in ("awaiting_moderation", "changes_requested", "hidden"):
        assert status not in states.PUBLIC_STATUSES
        assert status not in states.ANSWERED_STATUSES
        assert status not in states.RESPONSE_STATUSES


def test_the_old_declined_status_is_gone():
    assert "declined" not in states.IDEA_STATUSES
    assert all("declined" not in targets for targets in states.TRANSITIONS.values())


def test_every_status_has_a_row_and_every_target_is_a_known_status():
    assert set(states.TRANSITIONS) == set(states.IDEA_STATUSES)
    for targets in states.TRANSITIONS.values():
        assert targets <= set(states.IDEA_STATUSES)


def test_next_statuses_keeps_lifecycle_order_and_can_be_limited_to_responses():
    assert states.next_statuses("under_review", states.RESPONSE_STATUSES) == (
        "accepted", "not_feasible", "rejected", "merged", "selected_for_vote", "crowdfunded",
    )
