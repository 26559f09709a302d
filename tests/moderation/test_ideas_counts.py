"""An idea's reaction count follows what the public sees, and paper ideas are moderated like any idea."""
from __future__ import annotations

import pytest

from participation.extensions import db
from participation.ideas import services as idea_services
from participation.ideas.models import Idea
from participation.moderation import services


@pytest.fixture
def idea(make_process, make_user):
    idea = idea_services.submit_idea(make_process(), make_user(), title="Bankjes aan de Leie", description="Om te rusten langs het water.")
    db.session.commit()
    return idea


def _count(idea) -> int:
    db.session.expire(idea, ["comment_count"])
    return db.session.scalar(db.select(Idea.comment_count).where(Idea.id == idea.id))


def _decide(moderator, comment, action: str):
    item = services.item_for("comment", comment.id)
    db.session.refresh(item)
    return services.decide(moderator, item, action, reason=f"{action}: zie huisregels")


def test_hiding_restoring_and_hiding_a_reaction_moves_the_count_once_each_time(idea, make_user):
    moderator = make_user("moderator")
    keep = idea_services.add_comment(idea, make_user(), "Goed plan")
    comment = idea_services.add_comment(idea, make_user(), "Jullie zijn allemaal dom")
    assert _count(idea) == 2
    _decide(moderator, comment, "hide")
    assert _count(idea) == 1
    _decide(moderator, comment, "restore")
    assert _count(idea) == 2
    _decide(moderator, comment, "hide")
    assert _count(idea) == 1
    _decide(moderator, comment, "reject")  # hidden -> rejected: still not public, no second decrement
    assert _count(idea) == 1
    assert services.is_public("comment", keep.id)


def test_three_reports_hide_a_reaction_and_it_leaves_the_count(idea, make_user):
    comment = idea_services.add_comment(idea, make_user(), "Koop goedkope horloges")
    for _ in range(3):
        services.report(make_user(), "comment", comment, reason="spam")
    assert not services.is_public("comment", comment.id)
    assert _count(idea) == 0
    services.report(make_user(), "comment", comment, reason="spam")  # a fourth report changes nothing
    assert _count(idea) == 0


def test_a_reaction_waiting_for_approval_is_counted_once_approved(app, make_process, make_user):
    idea = idea_services.submit_idea(make_process(), make_user(), title="Fietsstraat", description="In de Kortrijksesteenweg.")
    app.config["MODERATION_WORD_LIST"], previous = ["sukkels"], app.config.get("MODERATION_WORD_LIST")
    try:
        comment = idea_services.add_comment(idea, make_user(), "Die sukkels van de stad doen niets")
    finally:
        app.config["MODERATION_WORD_LIST"] = previous
    assert services.item_for("comment", comment.id).state == "pending"
    assert _count(idea) == 0
    _decide(make_user("moderator"), comment, "approve")
    assert _count(idea) == 1


def test_deleting_a_hidden_reaction_does_not_count_it_out_twice(idea, make_user):
    author = make_user()
    idea_services.add_comment(idea, make_user(), "Goed plan")
    comment = idea_services.add_comment(idea, author, "Slecht plan, idioten")
    _decide(make_user("moderator"), comment, "hide")
    idea_services.delete_comment(comment, author)
    assert _count(idea) == 1
    _decide(make_user("moderator"), comment, "restore")  # a deleted reaction stays out of the count
    assert _count(idea) == 1


def test_blocking_the_author_hides_their_reactions_from_the_count_and_unblocking_brings_them_back(idea, make_user):
    troll = make_user()
    idea_services.add_comment(idea, troll, "Eerste")
    idea_services.add_comment(idea, troll, "Tweede")
    idea_services.add_comment(idea, make_user(), "Derde")
    admin = make_user("staff")
    services.block_user(admin, troll, reason="Herhaald scheldproza.")
    assert _count(idea) == 1
    services.unblock_user(admin, troll, reason="Afspraken gemaakt.")
    assert _count(idea) == 3


def test_a_granted_appeal_puts_the_reaction_back_in_the_count(idea, make_user):
    author = make_user()
    comment = idea_services.add_comment(idea, author, "Scherpe maar eerlijke kritiek")
    decision = _decide(make_user("moderator"), comment, "hide")
    appeal = services.lodge_appeal(author, decision, "Dit is kritiek, geen belediging.")
    assert _count(idea) == 0
    services.decide_appeal(make_user("moderator"), appeal, grant=True, answer="Akkoord, het is kritiek.")
    assert _count(idea) == 1


def test_a_paper_idea_entered_by_staff_is_published_tracked_and_reportable(client, login, make_process, make_user):
    staff = make_user("staff")
    idea = idea_services.enter_offline_idea(
        make_process(moderation_mode="pre"), staff, channel="paper", author_name="Marleen V.",
        title="Bank aan de bushalte", description="Voor wie slecht te been is.",
    )
    db.session.commit()
    item = services.item_for("idea", idea.id)
    assert item is not None and item.state == "published" and item.author_id is None
    reporter = make_user()
    login(reporter)
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert f"/melden/idea/{idea.id}" in page
    response = client.post(f"/melden/idea/{idea.id}", data={"reason": "personal_data"})
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.report_count == 1 and item.needs_review


def test_three_reports_hide_a_paper_idea_like_any_idea(make_process, make_user):
    idea = idea_services.enter_offline_idea(
        make_process(), make_user("staff"), channel="phone", author_name="Jan",
        title="Parkeren voor bewoners", description="Bel me op 0470 12 34 56.",
    )
    for _ in range(3):
        services.report(make_user(), "idea", idea, reason="personal_data")
    assert idea.status == "hidden"
    assert not services.is_public("idea", idea.id)
