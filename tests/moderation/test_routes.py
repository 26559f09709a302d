"""Moderation pages: who may open them, the queue, decisions over HTTP, reporting, appeals, transparency."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.moderation import services
from participation.moderation.models import Appeal, Decision, ModerationItem, Report


@pytest.fixture
def scene(make_note, make_user, moderator, item_of):
    """One hidden note with a decision and an open appeal, and a blocked-able author."""
    note = make_note()
    item = item_of(note)
    decision = services.decide(moderator, item, "hide", reason="Off-topic.")
    appeal = services.lodge_appeal(note.author, decision, "Please look again.")
    db.session.commit()
    return {"note": note, "item": item, "decision": decision, "appeal": appeal, "author": note.author}


# Who may open which moderation URL: test_permission_matrix.py.


def test_the_audit_log_is_for_admins_only(client, scene, make_user, login):
    login(make_user("moderator"))
    assert client.get("/moderatie/audit").status_code == 403
    client.post("/uitloggen")
    login(make_user("admin"))
    page = client.get("/moderatie/audit")
    assert page.status_code == 200 and "Off-topic." in page.get_data(as_text=True)


def test_report_and_appeal_pages_need_a_login(client, scene):
    note = scene["note"]
    assert client.get(f"/melden/note/{note.id}").status_code == 302
    assert client.get(f"/moderatie/beslissingen/{scene['decision'].id}/bezwaar").status_code == 302


def test_only_the_author_may_open_the_appeal_form(client, scene, make_user, login):
    login(make_user())
    assert client.get(f"/moderatie/beslissingen/{scene['decision'].id}/bezwaar").status_code == 403


def test_a_moderator_of_another_process_gets_403_on_the_item(client, scene, make_user, make_process, login):
    from participation.moderation.models import ProcessModerator

    local = make_user("moderator")
    db.session.add(ProcessModerator(process_id=make_process().id, user_id=local.id))
    db.session.commit()
    login(local)
    assert client.get(f"/moderatie/items/{scene['item'].id}").status_code == 403
    assert f"/moderatie/items/{scene['item'].id}" not in client.get("/moderatie?state=hidden").get_data(as_text=True)


def test_every_moderation_action_needs_a_csrf_token(app, client, scene, moderator, login):
    login(moderator)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/moderatie/items/{scene['item'].id}/beslissen",
                               data={"action": "restore", "reason": "x", "version": scene["item"].version, "template_id": 0})
        assert response.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert scene["item"].state == "hidden"


def test_the_queue_shows_counts_filters_and_the_nav_link(client, make_note, make_user, make_process, moderator, login):
    pre = make_process(moderation_mode="pre")
    waiting = make_note(process=pre, text="Een bank bij de Leie")
    reported = make_note(text="Koop nu goedkope horloges")
    services.report(make_user(), "note", reported, reason="spam")
    db.session.commit()
    login(moderator)
    page = client.get("/moderatie").get_data(as_text=True)
    assert "Een bank bij de Leie" in page and "Koop nu goedkope horloges" in page
    assert page.index("Koop nu goedkope horloges") < page.index("Een bank bij de Leie")  # most reports first
    assert 'href="/moderatie"' in page or "/moderatie" in page
    only_spam = client.get("/moderatie?reason=spam").get_data(as_text=True)
    assert "Koop nu goedkope horloges" in only_spam and "Een bank bij de Leie" not in only_spam
    only_pending = client.get(f"/moderatie?state=pending&process={pre.id}").get_data(as_text=True)
    assert "Een bank bij de Leie" in only_pending and "Koop nu goedkope horloges" not in only_pending
    assert waiting.id


def test_a_moderator_decides_from_the_item_page_and_a_stale_form_is_told(client, make_note, item_of, moderator, second_moderator, login, outbox):
    note = make_note()
    item = item_of(note)
    login(moderator)
    page = client.get(f"/moderatie/items/{item.id}").get_data(as_text=True)
    assert note.text in page and 'name="version" value="1"' in page
    response = client.post(f"/moderatie/items/{item.id}/beslissen",
                           data={"action": "hide", "reason": "Off-topic.", "version": 1, "template_id": 0})
    assert response.status_code == 302
    client.post("/uitloggen")
    login(second_moderator)
    response = client.post(f"/moderatie/items/{item.id}/beslissen",
                           data={"action": "reject", "reason": "Spam.", "version": 1, "template_id": 0}, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Een andere moderator" in body or "Another moderator" in body
    db.session.refresh(item)
    assert item.state == "hidden"
    assert db.session.scalar(select(db.func.count(Decision.id)).where(Decision.item_id == item.id)) == 1
    assert len(outbox(note.author.email)) == 1


def test_a_decision_form_without_a_reason_is_shown_again(client, make_note, item_of, moderator, login):
    item = item_of(make_note())
    login(moderator)
    response = client.post(f"/moderatie/items/{item.id}/beslissen", data={"action": "hide", "reason": "", "version": 1, "template_id": 0})
    assert response.status_code == 422
    db.session.refresh(item)
    assert item.state == "published"


def test_bulk_decisions_from_the_queue(client, make_note, item_of, moderator, login):
    a, b = item_of(make_note(text="a")), item_of(make_note(text="b"))
    login(moderator)
    response = client.post("/moderatie/bulk", data={"item": [f"{a.id}:{a.version}", f"{b.id}:{b.version}"],
                                                     "action": "approve", "reason": "Reviewed.", "template_id": 0})
    assert response.status_code == 302
    db.session.refresh(a)
    db.session.refresh(b)
    assert not a.needs_review and not b.needs_review


def test_reporting_through_the_form_and_twice_is_refused_politely(client, make_note, make_user, login):
    note = make_note()
    reporter = make_user()
    login(reporter)
    assert client.get(f"/melden/note/{note.id}").status_code == 200
    response = client.post(f"/melden/note/{note.id}", data={"reason": "spam"}, follow_redirects=False)
    assert response.status_code == 302
    response = client.post(f"/melden/note/{note.id}", data={"reason": "offensive"}, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "al gemeld" in body or "already reported" in body
    assert db.session.scalar(select(db.func.count(Report.id)).where(Report.reporter_id == reporter.id)) == 1


def test_reporting_your_own_contribution_through_the_form_is_refused_politely(client, make_note, make_user, login):
    author = make_user()
    note = make_note(author=author)
    login(author)
    body = client.post(f"/melden/note/{note.id}", data={"reason": "spam"}, follow_redirects=True).get_data(as_text=True)
    assert "eigen bijdrage" in body or "your own contribution" in body
    assert db.session.scalar(select(db.func.count(Report.id))) == 0


def test_a_profile_can_be_reported(client, make_user, login):
    person = make_user()
    login(make_user())
    assert client.post(f"/melden/profile/{person.id}", data={"reason": "offensive"}).status_code == 302
    assert services.item_for("profile", person.id).report_count == 1


def test_the_author_appeals_and_another_moderator_decides(client, scene, moderator, second_moderator, login, outbox):
    author = scene["author"]
    # A fresh decision to appeal through the form.
    login(author)
    appeal = scene["appeal"]
    assert client.get(f"/moderatie/beslissingen/{scene['decision'].id}/bezwaar").status_code == 302  # already appealed
    client.post("/uitloggen")
    login(moderator)
    page = client.get("/moderatie/bezwaren").get_data(as_text=True)
    assert "Please look again." in page and f"/moderatie/bezwaren/{appeal.id}" not in page
    client.post(f"/moderatie/bezwaren/{appeal.id}", data={"outcome": "grant", "answer": "Me again."})
    db.session.refresh(appeal)
    assert appeal.state == "open"
    client.post("/uitloggen")
    login(second_moderator)
    client.post(f"/moderatie/bezwaren/{appeal.id}", data={"outcome": "grant", "answer": "On topic after all."})
    db.session.refresh(appeal)
    assert appeal.state == "granted" and appeal.decided_by_id == second_moderator.id
    assert outbox(author.email)[-1].kind == "moderation_appeal"


def test_an_author_appeals_through_the_form(client, make_note, item_of, moderator, login):
    note = make_note()
    decision = services.decide(moderator, item_of(note), "reject", reason="Spam.")
    db.session.commit()
    login(note.author)
    assert client.get(f"/moderatie/beslissingen/{decision.id}/bezwaar").status_code == 200
    assert client.post(f"/moderatie/beslissingen/{decision.id}/bezwaar", data={"text": "Not spam."}).status_code == 302
    assert db.session.scalar(select(Appeal).where(Appeal.decision_id == decision.id)).text == "Not spam."


def test_blocking_and_unblocking_through_the_item_page(client, make_note, item_of, moderator, login):
    note = make_note()
    login(moderator)
    author = note.author
    assert client.post(f"/moderatie/gebruikers/{author.id}/blokkeren", data={"block-reason": "Spam everywhere.", "block-template_id": 0}).status_code == 302
    assert services.is_blocked(author) and item_of(note).state == "hidden"
    assert client.post(f"/moderatie/gebruikers/{author.id}/deblokkeren", data={"block-reason": "Better now.", "block-template_id": 0}).status_code == 302
    assert not services.is_blocked(author) and item_of(note).state == "published"


def test_the_transparency_page_shows_counts_without_personal_data(client, make_process, make_note, make_user, item_of, moderator):
    process = make_process(title="Pleinen van Gent")
    reporter = make_user(name="Rita Reporter")
    note = make_note(process=process, text="Iets geheim")
    services.report(reporter, "note", note, reason="personal_data")
    services.decide(moderator, item_of(note), "hide", reason="Shares a phone number.")
    db.session.commit()
    body = client.get(f"/trajecten/{process.slug}/transparantie").get_data(as_text=True)
    assert "Pleinen van Gent" in body
    assert re.search(r"Verbergen</td><td>1</td>|Hide</td><td>1</td>", body)
    for private in ("Rita Reporter", "Mira Moderator", note.author.display_name, "Iets geheim", "Shares a phone number."):
        assert private not in body


def test_the_digest_opt_in_is_saved(client, moderator, login):
    login(moderator)
    client.post("/moderatie/overzicht-per-mail", data={"wants_digest": "y"})
    assert services.user_state(moderator).wants_digest


def test_a_page_of_the_queue_loads_its_objects_in_one_query_per_kind(client, make_note, make_user, moderator, login, notes):
    from participation.moderation import queries

    for number in range(5):
        make_note(text=f"Bijdrage {number}")
    calls = []
    kind = __import__("participation.moderation.registry", fromlist=["get_kind"]).get_kind("note")
    object.__setattr__(kind, "load_many", lambda ids: calls.append(list(ids)) or {i: notes[i] for i in ids})
    login(moderator)
    page = client.get("/moderatie?kind=note").get_data(as_text=True)
    assert "Bijdrage 4" in page and len(calls) == 1 and len(calls[0]) == 5
    assert queries.objects_of([], {}) == {}


def test_the_item_page_keeps_the_decision_and_blocking_apart(client, make_note, item_of, make_user, login):
    """A moderator cannot mistake the block form for the decision form: its own section behind its own
    button, its own field names and ids, and labels that say which reason is which."""
    note = make_note()
    login(make_user("moderator", language="en"))
    page = client.get(f"/moderatie/items/{item_of(note).id}").get_data(as_text=True)
    labels = dict(re.findall(r'<label for="([\w-]+)">([^<]+)</label>', page))
    assert labels["template_id"] == "Standard reason for this decision"
    assert labels["reason"] == "Or write the reason for this decision"
    assert labels["block-template_id"] == "Standard reason for blocking"
    assert labels["block-reason"] == "Or write the reason for blocking"
    ids = re.findall(r'\sid="([\w-]+)"', page)
    assert len(ids) == len(set(ids)), "two fields share an id"
    decision_part, block_part = page.split('aria-labelledby="block-title"')
    assert "Decision on this contribution" in decision_part and 'name="block-reason"' not in decision_part
    assert "Block or unblock the author" in block_part
    assert re.search(r"<details>\s*<summary[^>]*>Block ", block_part)


def test_a_block_reason_that_is_too_long_is_said_not_dropped(client, make_note, moderator, login):
    note = make_note()
    login(moderator)
    response = client.post(
        f"/moderatie/gebruikers/{note.author.id}/blokkeren", data={"block-reason": "s" * 2_001, "block-template_id": 0}, follow_redirects=True,
    )
    assert "Hoogstens 2000 tekens; je typte er 2001." in response.get_data(as_text=True)
    assert not services.is_blocked(note.author)
