"""A moderator asks for changes to a published idea: it leaves the public pages, its author reads why,
edits and resubmits, and the idea is back in the queue until a moderator approves it."""
from __future__ import annotations

import pytest

from participation.extensions import db
from participation.ideas import services as idea_services
from participation.moderation import services


@pytest.fixture
def published_idea(make_process, make_user):
    idea = idea_services.submit_idea(make_process(), make_user(), title="Bankjes aan de Leie",
                                     description="Bel Jan op 0470 12 34 56 voor details.")
    db.session.commit()
    return idea


def test_the_full_request_changes_loop_over_http(client, login, make_user, published_idea, outbox):
    idea, author = published_idea, published_idea.author
    moderator, approver = make_user("moderator"), make_user("moderator")
    item = services.item_for("idea", idea.id)

    login(moderator)
    response = client.post(f"/moderatie/items/{item.id}/beslissen", data={
        "action": "request_changes", "reason": "Laat het telefoonnummer weg.", "template_id": 0, "version": item.version})
    assert response.status_code == 302
    client.post("/uitloggen")
    db.session.refresh(idea)
    db.session.refresh(item)
    assert idea.status == "changes_requested" and item.state == "changes_requested"
    assert "Laat het telefoonnummer weg." in outbox(author.email)[-1].text_body

    assert client.get(f"/ideeen/{idea.id}").status_code == 404  # gone for the public
    login(author)
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "Laat het telefoonnummer weg." in page and f"/ideeen/{idea.id}/bewerken" in page
    response = client.post(f"/ideeen/{idea.id}/bewerken", data={
        "title": "Bankjes aan de Leie", "description": "Graag bankjes langs het water.", "theme_id": "0", "district_id": "0"})
    assert response.status_code == 302
    client.post("/uitloggen")
    db.session.refresh(idea)
    db.session.refresh(item)
    assert idea.status == "awaiting_moderation"
    assert item.state == "pending" and item.needs_review
    assert client.get(f"/ideeen/{idea.id}").status_code == 404  # still waiting

    login(approver)
    assert f"/moderatie/items/{item.id}" in client.get("/moderatie").get_data(as_text=True)
    client.post(f"/moderatie/items/{item.id}/beslissen", data={
        "action": "approve", "reason": "Dank je, zo is het goed.", "template_id": 0, "version": item.version})
    client.post("/uitloggen")
    db.session.refresh(idea)
    assert idea.status == "published"
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "Graag bankjes langs het water." in page and "0470" not in page


def test_approving_without_waiting_for_the_edit_publishes_the_idea_again(make_user, published_idea):
    item = services.item_for("idea", published_idea.id)
    services.decide(make_user("moderator"), item, "request_changes", reason="Kort het wat in.")
    services.decide(make_user("moderator"), item, "approve", reason="Toch goed zo.")
    assert published_idea.status == "published" and item.state == "published"


def test_a_granted_appeal_against_a_request_for_changes_publishes_the_idea_again(make_user, published_idea):
    item = services.item_for("idea", published_idea.id)
    decision = services.decide(make_user("moderator"), item, "request_changes", reason="Kort het wat in.")
    appeal = services.lodge_appeal(published_idea.author, decision, "De lengte is nodig.")
    services.decide_appeal(make_user("moderator"), appeal, grant=True, answer="Akkoord.")
    assert published_idea.status == "published" and item.state == "published"


def test_a_granted_appeal_on_a_waiting_idea_puts_it_back_in_the_queue(make_process, make_user):
    idea = idea_services.submit_idea(make_process(moderation_mode="pre"), make_user(), title="Fietsstraat",
                                     description="In de Kortrijksesteenweg.")
    item = services.item_for("idea", idea.id)
    decision = services.decide(make_user("moderator"), item, "request_changes", reason="Waar precies?")
    assert idea.status == "changes_requested"
    appeal = services.lodge_appeal(idea.author, decision, "Dat staat er al.")
    services.decide_appeal(make_user("moderator"), appeal, grant=True, answer="Klopt.")
    assert item.state == "pending" and idea.status == "awaiting_moderation"
