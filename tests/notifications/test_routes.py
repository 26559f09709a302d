"""The bell, the list, and unsubscribing from an email without logging in."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.notifications.models import Notification, NotificationOptOut
from participation.notifications.service import notify, unsubscribe_token


def unsubscribe_path(mail) -> str:
    """The unsubscribe link as it stands in the body of a queued email, as a path for the test client."""
    link = re.search(r"http://localhost(/meldingen/uitschrijven/\S+)", mail.text_body).group(1)
    assert mail.headers["List-Unsubscribe"] == f"<http://localhost{link}>"
    return link


def opt_outs(user) -> set[str]:
    return set(db.session.scalars(select(NotificationOptOut.kind).where(NotificationOptOut.user_id == user.id)))


# --- The bell and the list ---------------------------------------------------------------------


def test_the_bell_shows_the_unread_count_in_words(client, login, make_user, tell):
    citizen = make_user()
    tell([citizen], event_key="a")
    tell([citizen], event_key="b")
    db.session.commit()
    login(citizen)
    page = client.get("/").get_data(as_text=True)
    assert 'href="/meldingen"' in page
    assert "Meldingen, 2 ongelezen" in page  # visually hidden text: not only a coloured badge


def test_visitors_see_no_bell(client):
    assert 'href="/meldingen"' not in client.get("/").get_data(as_text=True)


def test_the_list_needs_a_login(client):
    response = client.get("/meldingen")
    assert response.status_code == 302 and "/inloggen" in response.location


def test_the_list_shows_newest_first_with_unread_in_words(client, login, make_user):
    citizen = make_user(language="en")
    notify("a", [citizen], "idea_status", "Older news", "/ideeen/1")
    db.session.commit()
    notify("b", [citizen], "idea_status", "Newer news", "/ideeen/2")
    db.session.commit()
    login(citizen)
    page = client.get("/meldingen").get_data(as_text=True)
    assert page.index("Newer news") < page.index("Older news")
    assert page.count(">Unread<") == 2


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, login, make_user):
    citizen = make_user()
    notify("a", [citizen], "idea_status", "News", "/ideeen/7")
    db.session.commit()
    notification = db.session.scalar(select(Notification).where(Notification.user_id == citizen.id))
    login(citizen)
    response = client.post(f"/meldingen/{notification.id}/openen")
    assert response.status_code == 302 and response.location == "/ideeen/7"
    db.session.refresh(notification)
    assert notification.read_at is not None
    assert "Meldingen, " not in client.get("/").get_data(as_text=True)


def test_opening_is_a_post_a_get_changes_nothing(client, login, make_user):
    citizen = make_user()
    notify("a", [citizen], "idea_status", "News", "/ideeen/7")
    db.session.commit()
    notification = db.session.scalar(select(Notification).where(Notification.user_id == citizen.id))
    login(citizen)
    assert client.get(f"/meldingen/{notification.id}/openen").status_code == 405
    db.session.refresh(notification)
    assert notification.read_at is None


def test_nobody_else_can_open_or_see_my_notification(client, login, make_user):
    owner, other = make_user(), make_user()
    notify("a", [owner], "idea_status", "Private news about you", "/ideeen/7")
    db.session.commit()
    notification = db.session.scalar(select(Notification).where(Notification.user_id == owner.id))
    login(other)
    assert client.post(f"/meldingen/{notification.id}/openen").status_code == 404
    assert "Private news about you" not in client.get("/meldingen").get_data(as_text=True)
    db.session.refresh(notification)
    assert notification.read_at is None


def test_a_notification_never_redirects_off_site(client, login, make_user):
    citizen = make_user()
    notify("a", [citizen], "idea_status", "News", "//evil.example/x")
    db.session.commit()
    notification = db.session.scalar(select(Notification).where(Notification.user_id == citizen.id))
    login(citizen)
    assert client.post(f"/meldingen/{notification.id}/openen").location == "/meldingen"


def test_mark_all_as_read_touches_only_my_notifications(client, login, make_user):
    me, other = make_user(), make_user()
    notify("a", [me, other], "idea_status", "News", "/")
    notify("b", [me], "idea_status", "More", "/")
    db.session.commit()
    login(me)
    assert client.post("/meldingen/alles-gelezen").status_code == 302
    unread = {n.user_id for n in db.session.scalars(select(Notification).where(Notification.read_at.is_(None)))}
    assert unread == {other.id}


def test_the_list_is_paginated(client, login, make_user):
    citizen = make_user(language="en")
    for n in range(23):
        notify(f"e{n}", [citizen], "idea_status", f"News {n:02d}", "/")
    db.session.commit()
    login(citizen)
    first = client.get("/meldingen").get_data(as_text=True)
    second = client.get("/meldingen?page=2").get_data(as_text=True)
    assert first.count('class="link-button notification-subject"') == 20
    assert second.count('class="link-button notification-subject"') == 3
    assert "Page 1 of 2" in first


def test_state_changes_need_the_csrf_token(app, client, login, make_user):
    citizen = make_user()
    notify("a", [citizen], "idea_status", "News", "/")
    db.session.commit()
    login(citizen)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post("/meldingen/alles-gelezen").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert db.session.scalar(select(Notification).where(Notification.user_id == citizen.id)).read_at is None


# --- Unsubscribe ------------------------------------------------------------------------------


def test_the_link_in_a_real_email_unsubscribes_without_logging_in(client, make_user, tell, outbox):
    citizen = make_user(language="fr")
    tell([citizen])
    db.session.commit()
    link = unsubscribe_path(outbox(citizen.email)[0])
    page = client.get(link)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'lang="fr"' in text and "Se désinscrire" in text and "Changements de statut des idées" in text
    assert opt_outs(citizen) == set()  # looking at the page (or a mail scanner fetching it) changes nothing
    response = client.post(link, data={"scope": "kind"})
    assert response.status_code == 302
    assert opt_outs(citizen) == {"idea_status"}
    confirmation = client.get(response.location).get_data(as_text=True)
    assert "Vous êtes désinscrit" in confirmation and "Annuler" in confirmation
    # Another status change: in-app, but no email.
    tell([citizen], event_key="idea:1:status:2")
    assert len(outbox(citizen.email)) == 1
    assert db.session.scalar(select(Notification).where(Notification.event_key == "idea:1:status:2")).email_state == "none"


def test_the_unsubscribe_page_follows_the_language_the_visitor_picks_with_the_switcher(client, make_user, tell, outbox):
    citizen = make_user(language="fr")
    tell([citizen])
    db.session.commit()
    link = unsubscribe_path(outbox(citizen.email)[0])
    client.post("/taal", data={"language": "en", "next": link})
    text = client.get(link).get_data(as_text=True)
    assert 'lang="en"' in text and "Unsubscribe" in text
    response = client.post(link, data={"scope": "kind"})
    assert "You are unsubscribed" in client.get(response.location).get_data(as_text=True)


def test_unsubscribing_from_everything_and_undoing_it(client, make_user, tell, outbox):
    citizen = make_user()
    citizen.notification_frequency = "daily"
    db.session.commit()
    link = f"/meldingen/uitschrijven/{unsubscribe_token(citizen.id, 'idea_status')}"
    response = client.post(link, data={"scope": "all"})
    db.session.refresh(citizen)
    assert citizen.notification_frequency == "never"
    page = client.get(response.location).get_data(as_text=True)
    assert "Je krijgt geen e-mails met meldingen." in page
    undo = re.search(r'action="([^"]+/ongedaan)"', page).group(1)
    assert client.post(undo, data={"scope": "all", "frequency": "daily"}).status_code == 302
    db.session.refresh(citizen)
    assert citizen.notification_frequency == "daily"  # back to what it was


def test_undo_of_one_kind_sends_it_again(client, make_user, tell, outbox):
    citizen = make_user()
    token = unsubscribe_token(citizen.id, "idea_comment")
    client.post(f"/meldingen/uitschrijven/{token}", data={"scope": "kind"})
    assert opt_outs(citizen) == {"idea_comment"}
    client.post(f"/meldingen/uitschrijven/{token}/ongedaan", data={"scope": "idea_comment"})
    assert opt_outs(citizen) == set()


def test_rfc_8058_one_click_post_unsubscribes_without_csrf_or_login(app, client, make_user, tell, outbox):
    citizen = make_user()
    tell([citizen])
    db.session.commit()
    link = unsubscribe_path(outbox(citizen.email)[0])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(link, data={"List-Unsubscribe": "One-Click"})
        # The browser form on the same page still needs its CSRF token.
        refused = client.post(link.replace(link.rsplit("/", 1)[1], unsubscribe_token(citizen.id, "budget")),
                              data={"scope": "kind"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 200
    assert refused.status_code == 400
    assert opt_outs(citizen) == {"idea_status"}


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    lambda token: "nonsense",
    lambda token: token.split(".")[0] + ".x",
])
def test_a_tampered_link_changes_nothing_and_says_so(client, make_user, tamper):
    citizen = make_user()
    link = f"/meldingen/uitschrijven/{tamper(unsubscribe_token(citizen.id, 'idea_status'))}"
    page = client.get(link)
    assert page.status_code == 404 and "Deze uitschrijflink werkt niet" in page.get_data(as_text=True)
    assert client.post(link, data={"scope": "all"}).status_code == 404
    assert client.post(link, data={"List-Unsubscribe": "One-Click"}).status_code == 404
    db.session.refresh(citizen)
    assert opt_outs(citizen) == set() and citizen.notification_frequency == "immediate"


def test_a_token_for_another_purpose_does_not_work_here(client, make_user):
    from itsdangerous import URLSafeSerializer

    citizen = make_user()
    forged = URLSafeSerializer("testing-secret-key", salt="email-verification").dumps([citizen.id, "idea_status"])
    assert client.get(f"/meldingen/uitschrijven/{forged}").status_code == 404


def test_the_undo_form_cannot_change_another_kind_than_the_token_names(client, make_user):
    citizen = make_user()
    client.post(f"/meldingen/uitschrijven/{unsubscribe_token(citizen.id, 'budget')}", data={"scope": "kind"})
    response = client.post(f"/meldingen/uitschrijven/{unsubscribe_token(citizen.id, 'idea_status')}/ongedaan",
                           data={"scope": "budget"})
    assert response.status_code == 400
    assert opt_outs(citizen) == {"budget"}


# --- Email choices in the profile -----------------------------------------------------------


def test_the_profile_shows_which_kinds_come_by_email_and_saves_them(client, login, make_user):
    citizen = make_user()
    client.post(f"/meldingen/uitschrijven/{unsubscribe_token(citizen.id, 'budget')}", data={"scope": "kind"})
    login(citizen)
    page = client.get("/profiel").get_data(as_text=True)
    ticked = set(re.findall(r'<input checked id="email_kinds-\d" name="email_kinds" type="checkbox" value="(\w+)">', page))
    assert ticked == {"idea_status", "idea_progress", "idea_comment", "process_news", "campaign"}
    assert "Burgerbudget" in page
    client.post("/profiel", data={"display_name": citizen.display_name, "language": "nl", "home_district_id": 0,
                                  "notification_frequency": "immediate", "email_kinds": ["budget", "campaign"]})
    assert opt_outs(citizen) == {"idea_status", "idea_progress", "idea_comment", "process_news"}


# --- The bell's cost ------------------------------------------------------------------------


def statements_during(request_function):
    from sqlalchemy import event

    statements: list[str] = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        response = request_function()
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    assert response.status_code == 200
    return statements


def test_the_bell_adds_no_query_for_visitors(client):
    statements = statements_during(lambda: client.get("/"))
    assert not [s for s in statements if "notifications" in s]


def test_the_bells_count_arrives_with_the_signed_in_user_in_one_query(client, login, make_user, tell):
    citizen = make_user()
    tell([citizen])
    db.session.commit()
    login(citizen)
    statements = statements_during(lambda: client.get("/"))
    counting = [s for s in statements if "FROM notifications" in s]
    assert len(counting) == 1 and counting[0].startswith("SELECT users.id")  # part of loading the user
    assert "Meldingen, 1 ongelezen" in client.get("/").get_data(as_text=True)
