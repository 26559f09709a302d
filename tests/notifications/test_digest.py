"""The daily digest: one mail per person per day with what was not mailed yet; reruns send nothing."""
from __future__ import annotations

import re
from datetime import date

from click.testing import CliRunner
from sqlalchemy import select

from participation.core import jobs
from participation.extensions import db
from participation.notifications.digest import send_digest, users_awaiting_digest
from participation.notifications.models import Notification, NotificationDigest
from participation.notifications.service import notify, set_email_kinds

DAY = date(2026, 11, 23)


def daily(make_user, **kwargs):
    user = make_user(**kwargs)
    user.notification_frequency = "daily"
    db.session.commit()
    return user


def test_one_digest_lists_every_waiting_notification(make_user, outbox):
    citizen = daily(make_user, language="en")
    notify("a", [citizen], "idea_status", "First news", "/ideeen/1")
    notify("b", [citizen], "idea_comment", "Second news", "/ideeen/2")
    assert outbox(citizen.email) == []
    digest = send_digest(citizen, DAY)
    mails = outbox(citizen.email)
    assert digest is not None and len(mails) == 1
    body = mails[0].text_body
    assert body.index("First news") < body.index("Second news")
    assert "http://localhost/ideeen/2" in body and "2 notifications" in body
    assert mails[0].headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    claimed = db.session.scalars(select(Notification).where(Notification.user_id == citizen.id)).all()
    assert {n.digest_id for n in claimed} == {digest.id} and all(n.emailed_at for n in claimed)
    assert digest.outbox_message_id == mails[0].id


def test_running_it_again_the_same_day_sends_nothing_new(make_user, outbox):
    citizen = daily(make_user)
    notify("a", [citizen], "idea_status", "First news", "/")
    assert send_digest(citizen, DAY) is not None
    notify("b", [citizen], "idea_status", "Later news", "/")
    assert send_digest(citizen, DAY) is None
    assert len(outbox(citizen.email)) == 1
    # The next day, only what was not in a digest yet.
    send_digest(citizen, date(2026, 11, 24))
    mails = outbox(citizen.email)
    assert len(mails) == 2 and "Later news" in mails[1].text_body and "First news" not in mails[1].text_body


def test_nothing_waiting_means_no_mail_and_no_claimed_day(make_user, outbox):
    citizen = daily(make_user)
    assert send_digest(citizen, DAY) is None
    assert outbox(citizen.email) == []
    assert db.session.scalar(select(NotificationDigest).where(NotificationDigest.user_id == citizen.id)) is None


def test_a_kind_switched_off_after_the_event_stays_out_of_the_digest(make_user, outbox):
    citizen = daily(make_user, language="en")
    notify("a", [citizen], "idea_status", "Status news", "/")
    notify("b", [citizen], "budget", "Budget news", "/")
    set_email_kinds(citizen, ["budget"])
    send_digest(citizen, DAY)
    body = outbox(citizen.email)[0].text_body
    assert "Budget news" in body and "Status news" not in body


def test_people_who_chose_never_or_immediate_are_not_in_the_digest(make_user, outbox):
    never, immediate, daily_person = make_user(), make_user(), daily(make_user)
    never.notification_frequency = "never"
    notify("a", [never, immediate, daily_person], "idea_status", "News", "/")
    assert users_awaiting_digest() == [daily_person.id]


def test_the_command_sends_each_digest_once_and_releases_the_mail_jobs(app, make_user, outbox):
    first, second = daily(make_user), daily(make_user)
    notify("a", [first, second], "idea_status", "News", "/")
    db.session.commit()
    runner = CliRunner()
    from participation.notifications.cli import notifications_cli

    result = runner.invoke(notifications_cli, ["digest", "--day", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert "2 digest(s) sent for 2026-11-23" in result.output
    assert [m.status for m in outbox(first.email)] == ["logged"]  # delivered by the job after the commit
    again = runner.invoke(notifications_cli, ["digest", "--day", "2026-11-23"])
    assert "0 digest(s) sent" in again.output
    assert len(outbox(first.email)) == 1 and len(outbox(second.email)) == 1


def test_the_digest_unsubscribe_link_switches_all_notification_mail_off(client, make_user, outbox):
    citizen = daily(make_user)
    notify("a", [citizen], "idea_status", "News", "/")
    send_digest(citizen, DAY)
    db.session.commit()
    link = re.search(r"http://localhost(/meldingen/uitschrijven/\S+)", outbox(citizen.email)[0].text_body).group(1)
    assert client.post(link, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    db.session.refresh(citizen)
    assert citizen.notification_frequency == "never"
