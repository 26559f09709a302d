"""The person a moderation decision concerns sees it on the site: next to their hidden reaction (the
reason and the appeal link) and under the bell, besides the mail they always get."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.ideas import services as idea_services
from participation.moderation import services
from participation.notifications.models import Notification


@pytest.fixture
def hidden_reaction(make_process, make_user, moderator):
    idea = idea_services.submit_idea(make_process(), make_user(), title="Bankjes aan de Leie", description="Om te rusten langs het water.")
    author = make_user(name="Rik Reageerder")
    comment = idea_services.add_comment(idea, author, "Koop nu goedkope zonnebrillen op mijn site")
    decision = services.decide(moderator, services.item_for("comment", comment.id), "hide", reason="Reclame hoort hier niet.")
    db.session.commit()
    return {"idea": idea, "author": author, "comment": comment, "decision": decision}


def test_the_author_sees_why_their_reaction_is_hidden_and_how_to_appeal(client, login, hidden_reaction):
    login(hidden_reaction["author"])
    page = client.get(f"/ideeen/{hidden_reaction['idea'].id}").get_data(as_text=True)
    assert "Koop nu goedkope zonnebrillen" in page  # their own words, marked as hidden
    assert "Reclame hoort hier niet." in page
    assert f"/moderatie/beslissingen/{hidden_reaction['decision'].id}/bezwaar" in page


def test_others_see_only_that_a_reaction_was_hidden(client, login, make_user, hidden_reaction):
    login(make_user())
    page = client.get(f"/ideeen/{hidden_reaction['idea'].id}").get_data(as_text=True)
    assert "Deze reactie is verborgen door de moderatie." in page
    for private in ("Koop nu goedkope zonnebrillen", "Reclame hoort hier niet.", "/bezwaar"):
        assert private not in page


def test_the_decision_reaches_the_authors_bell_and_their_mailbox_once(client, login, hidden_reaction, outbox):
    author, comment = hidden_reaction["author"], hidden_reaction["comment"]
    [notification] = db.session.scalars(select(Notification).where(Notification.user_id == author.id))
    assert notification.kind == "moderation" and notification.email_state == "none"  # the mail below is the email
    assert notification.url.endswith(f"/ideeen/{comment.idea_id}#reactie-{comment.id}")
    assert "Reactie" in notification.subject and "verborgen" in notification.subject
    assert len(outbox(author.email)) == 1
    login(author)
    assert notification.subject in client.get("/meldingen").get_data(as_text=True)


def test_an_answered_appeal_reaches_the_bell_too(make_user, hidden_reaction):
    author = hidden_reaction["author"]
    appeal = services.lodge_appeal(author, hidden_reaction["decision"], "Het was een grap.")
    services.decide_appeal(make_user("moderator"), appeal, grant=False, answer="Het blijft reclame.")
    db.session.commit()
    subjects = list(db.session.scalars(select(Notification.subject).where(Notification.user_id == author.id, Notification.kind == "moderation")))
    assert len(subjects) == 2 and any("bezwaar" in subject for subject in subjects)


def test_the_author_of_a_hidden_idea_sees_the_reason_and_the_appeal_link_on_its_page(client, login, make_process, make_user, moderator):
    author = make_user()
    idea = idea_services.submit_idea(make_process(), author, title="Gratis parkeren overal", description="Koop hier je parkeerkaart.")
    decision = services.decide(moderator, services.item_for("idea", idea.id), "hide", reason="Dit is reclame.")
    db.session.commit()
    login(author)
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "Dit is reclame." in page and f"/moderatie/beslissingen/{decision.id}/bezwaar" in page
    [notification] = db.session.scalars(select(Notification).where(Notification.user_id == author.id))
    assert notification.url.endswith(f"/ideeen/{idea.id}")
