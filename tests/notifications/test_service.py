"""notify(): one notification per person per event, email by their choices, never to the actor."""
from __future__ import annotations

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.extensions import db
from participation.notifications.models import Notification, NotificationOptOut
from participation.notifications.service import notify, set_email_kinds


def notifications_of(user):
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_an_event_told_twice_gives_one_notification_and_one_mail(make_user, tell, outbox):
    author = make_user()
    assert tell([author]) == 1
    assert tell([author]) == 0  # the same event again: nothing new
    assert len(notifications_of(author)) == 1
    assert len(outbox(author.email)) == 1


def test_the_same_person_listed_twice_and_none_are_told_once(make_user, tell, outbox):
    author = make_user()
    assert tell([author, None, author]) == 1
    assert len(outbox(author.email)) == 1


def test_a_second_event_is_a_new_notification(make_user, tell):
    author = make_user()
    tell([author], event_key="idea:1:status:1")
    tell([author], event_key="idea:1:status:2")
    assert len(notifications_of(author)) == 2


def test_the_database_refuses_a_duplicate_even_without_notify(make_user, tell):
    from sqlalchemy.exc import IntegrityError

    author = make_user()
    tell([author])
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Notification(user_id=author.id, event_key="idea:1:status:1", kind="idea_status", subject="x", url="/"))
        db.session.flush()


def test_the_person_who_acted_is_not_told_about_their_own_action(make_user, tell, outbox):
    staff, author = make_user("staff"), make_user()
    assert tell([author, staff], actor=staff) == 1
    assert notifications_of(staff) == [] and outbox(staff.email) == []
    assert notifications_of(author)[0].actor_id == staff.id


def test_a_blocked_person_is_not_told(make_user, tell, outbox):
    from participation.moderation.models import ModerationUserState

    author = make_user()
    db.session.add(ModerationUserState(user_id=author.id, is_blocked=True))
    db.session.flush()
    assert tell([author]) == 0
    assert outbox(author.email) == []


def test_the_subject_is_written_in_each_recipients_language(make_user, outbox):
    dutch, french, english = make_user(language="nl"), make_user(language="fr"), make_user(language="en")
    # A msgid the notifications catalogue translates, with a lazy value that is translated too.
    notify("idea:1:comment:1", [dutch, french, english], "idea_comment", _l("Settings for %(email)s."), "/ideeen/1",
           email=_l("Reactions"))
    subjects = {n.user_id: n.subject for n in db.session.scalars(select(Notification))}
    assert subjects == {dutch.id: "Instellingen voor Reacties.",
                        french.id: "Préférences pour Réactions.",
                        english.id: "Settings for Reactions."}
    french_mail, dutch_mail = outbox(french.email)[0], outbox(dutch.email)[0]
    assert french_mail.subject == subjects[french.id] and dutch_mail.subject == subjects[dutch.id]
    assert french_mail.text_body.startswith("Bonjour") and "Désinscrivez-vous" in french_mail.text_body
    assert dutch_mail.text_body.startswith("Dag") and "Schrijf je uit" in dutch_mail.text_body


def test_a_translated_subject_and_lazy_context_are_rendered_per_language(app, make_user):
    from participation.notifications.service import render_subject

    # A msgid that the notifications catalogue translates, with a lazy value that is translated too.
    assert render_subject(_l("Notifications, %(num)d unread"), {}, "nl") == "Meldingen, %(num)d ongelezen"
    assert render_subject(_l("Only emails about: %(kind)s"), {"kind": _l("Reactions")}, "nl") == "Alleen e-mails over: Reacties"
    assert render_subject(_l("Only emails about: %(kind)s"), {"kind": _l("Reactions")}, "fr") == "Seulement les e-mails sur : Réactions"


def test_a_person_who_switched_a_kind_off_gets_it_in_app_but_not_by_email(make_user, tell, outbox):
    author = make_user()
    set_email_kinds(author, ["idea_comment"])  # everything but reactions switched off
    assert tell([author], kind="idea_status") == 1
    assert outbox(author.email) == []
    assert notifications_of(author)[0].email_state == "none"
    tell([author], kind="idea_comment", event_key="idea:1:comment:5")
    assert len(outbox(author.email)) == 1


def test_never_means_in_app_only(make_user, tell, outbox):
    author = make_user()
    author.notification_frequency = "never"
    assert tell([author]) == 1
    assert outbox(author.email) == []


def test_daily_means_the_mail_waits_for_the_digest(make_user, tell, outbox):
    author = make_user()
    author.notification_frequency = "daily"
    tell([author])
    assert outbox(author.email) == []
    assert notifications_of(author)[0].email_state == "digest"


def test_an_immediate_mail_links_to_the_page_and_carries_unsubscribe_headers(make_user, tell, outbox):
    author = make_user()
    tell([author])
    mail = outbox(author.email)[0]
    assert mail.kind == "notification_idea_status"
    assert "http://localhost/ideeen/1" in mail.text_body
    unsubscribe = mail.headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://localhost/meldingen/uitschrijven/") and unsubscribe.endswith(">")
    assert unsubscribe[1:-1] in mail.text_body
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert notifications_of(author)[0].emailed_at is not None


def test_an_optional_body_template_is_rendered_with_the_context_and_the_recipient(app, make_user, outbox, tmp_path):
    from jinja2 import ChoiceLoader, DictLoader

    author = make_user(name="Ann")
    previous = app.jinja_loader
    app.jinja_env.loader = ChoiceLoader([DictLoader({"test/body.txt": "Uitleg: {{ reason }} voor {{ recipient.display_name }}"}), previous])
    try:
        notify("idea:9:status:1", [author], "idea_status", _l("Status of %(title)s"), "/ideeen/9",
               body_template="test/body.txt", title="Bank", reason="te duur")
    finally:
        app.jinja_env.loader = previous
    assert "Uitleg: te duur voor Ann" in outbox(author.email)[0].text_body


def test_an_unknown_kind_is_a_programming_error(make_user):
    with pytest.raises(ValueError):
        notify("x:1", [make_user()], "gossip", "Hi", "/")


def test_notify_flushes_but_does_not_commit(make_user, tell):
    author = make_user()
    savepoint = db.session.begin_nested()
    tell([author])
    savepoint.rollback()
    assert notifications_of(author) == []


def test_profile_choices_become_opt_outs(make_user):
    author = make_user()
    set_email_kinds(author, ["idea_status", "campaign"])
    kinds = set(db.session.scalars(select(NotificationOptOut.kind).where(NotificationOptOut.user_id == author.id)))
    assert kinds == {"idea_progress", "idea_comment", "process_news", "budget"}
    set_email_kinds(author, ["idea_status", "campaign", "budget"])
    kinds = set(db.session.scalars(select(NotificationOptOut.kind).where(NotificationOptOut.user_id == author.id)))
    assert "budget" not in kinds and len(kinds) == 3
