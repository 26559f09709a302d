"""Status changes through the ideas services: the timeline row, refusals, outcomes from budgeting and
crowdfunding, and the moderation round trip through changes_requested."""
from __future__ import annotations

import pytest

from participation.ideas import services, states
from participation.moderation import services as moderation


def test_a_refused_move_names_the_allowed_next_steps(make_idea):
    idea = make_idea()
    services.change_idea_status(idea, states.UNDER_REVIEW)
    services.change_idea_status(idea, states.REJECTED, note="Past niet in het plan.")
    with pytest.raises(services.InvalidTransition) as refused:
        services.change_idea_status(idea, states.ACCEPTED)
    message = str(refused.value)
    assert "Niet weerhouden" in message or "Not retained" in message
    assert ("In behandeling" in message) or ("Under review" in message)
    assert idea.status == states.REJECTED
    assert [c.to_status for c in idea.status_changes] == ["published", "under_review", "rejected"]


def test_a_status_change_writes_a_timeline_row_with_the_public_explanation(make_idea, make_user):
    idea, staff = make_idea(), make_user("staff")
    row = services.change_idea_status(idea, states.ACCEPTED, staff, note="  We doen het <b>in 2027</b>. ", is_official_response=True,
                                      cost_estimate_cents=1_500_000)
    assert row.kind == "status" and row.from_status == "published" and row.to_status == "accepted"
    assert row.note == "We doen het <b>in 2027</b>." and row.changed_by_id == staff.id
    assert row.is_official_response and row.cost_estimate_cents == 1_500_000
    assert idea.first_response_at is not None


def test_only_the_first_official_response_sets_first_response_at(make_idea, make_user):
    idea, staff = make_idea(), make_user("staff")
    services.change_idea_status(idea, states.UNDER_REVIEW, staff, note="We bekijken het.", is_official_response=True)
    first = idea.first_response_at
    services.change_idea_status(idea, states.ACCEPTED, staff, note="Goedgekeurd.", is_official_response=True)
    assert idea.first_response_at == first


def test_a_status_change_that_is_not_an_official_response_leaves_first_response_at_empty(make_idea):
    idea = make_idea()
    services.change_idea_status(idea, states.UNDER_REVIEW)
    assert idea.first_response_at is None


def test_an_outcome_from_budgeting_moves_the_idea_and_links_the_project(make_idea, make_user):
    idea, staff = make_idea(), make_user("staff")
    row = services.record_idea_outcome(idea, states.SELECTED_FOR_VOTE, staff, "Dit idee is nu een project in de budgetstemming.", "/burgerbudget/projecten/7")
    assert idea.status == states.SELECTED_FOR_VOTE
    assert row.to_status == states.SELECTED_FOR_VOTE and row.link_url == "/burgerbudget/projecten/7"


def test_an_outcome_that_the_table_does_not_allow_only_adds_a_timeline_entry(make_idea, make_user):
    idea, staff = make_idea(), make_user("staff")
    services.change_idea_status(idea, states.ACCEPTED, staff, note="Ja.")
    services.change_idea_status(idea, states.IN_PROGRESS, staff, note="Werken gestart.")
    row = services.record_idea_outcome(idea, states.CROWDFUNDED, staff, "Buurtbewoners zamelen extra geld in.", "/crowdfunding/12")
    assert idea.status == states.IN_PROGRESS
    assert (row.from_status, row.to_status, row.link_url) == ("in_progress", "in_progress", "/crowdfunding/12")


def test_a_request_for_changes_lets_the_author_edit_and_resubmits_the_idea(make_process, make_user):
    idea = services.submit_idea(make_process(moderation_mode="pre"), make_user(), title="Een speelplein", description="Voor de buurt.")
    item = moderation.item_for("idea", idea.id)
    moderation.decide(make_user("moderator"), item, "request_changes", reason="Zonder telefoonnummer graag.")
    assert idea.status == states.CHANGES_REQUESTED
    services.edit_idea(idea, idea.author, title="Een speelplein", description="Voor de buurt, zonder nummer.")
    assert idea.status == states.AWAITING_MODERATION
    assert moderation.item_for("idea", idea.id).state == "pending"


def test_an_outcome_link_must_be_a_path_or_a_web_address(make_idea, make_user):
    idea = make_idea()
    with pytest.raises(ValueError):
        services.record_idea_outcome(idea, states.SELECTED_FOR_VOTE, make_user("staff"), "Project", "javascript:alert(1)")
    assert idea.status == states.PUBLISHED
