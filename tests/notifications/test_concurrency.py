"""Two app instances at the same moment, on separate connections and threads: the same event notified
twice gives one notification and one mail; two digest runs give one digest mail. Runs on SQLite (a file,
so both connections see it) and on PostgreSQL (the test database)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError

from participation.accounts.models import User
from participation.accounts.services import create_user
from participation.extensions import db
from participation.notifications.digest import send_digest
from participation.notifications.models import Notification, NotificationDigest, OutboxMessage
from participation.notifications.service import notify
from datetime import date


@pytest.fixture
def racer(race_app):
    with race_app.app_context():
        user = create_user("race-notify@example.be", "Race Citizen", "correct horse battery staple")
        db.session.commit()
        user_id = user.id
    yield user_id
    with race_app.app_context():
        db.session.execute(delete(Notification).where(Notification.user_id == user_id))
        db.session.execute(delete(NotificationDigest).where(NotificationDigest.user_id == user_id))
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.recipient == "race-notify@example.be"))
        db.session.execute(delete(User).where(User.id == user_id))
        db.session.commit()


def run_twice_at_once(race_app, action) -> list[str]:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run() -> None:
        with race_app.app_context():
            try:
                barrier.wait(timeout=10)
                outcomes.append(action())
                db.session.commit()
            except OperationalError:  # SQLite may refuse the second writer outright ("database is locked")
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def mails_and_rows(race_app, user_id):
    with race_app.app_context():
        mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "race-notify@example.be")).all()
        rows = db.session.scalars(select(Notification).where(Notification.user_id == user_id)).all()
        return len(mails), rows


def test_the_same_event_from_two_instances_at_once_is_told_once(race_app, racer):
    def tell() -> str:
        user = db.session.get(User, racer)
        return f"created {notify('race:1', [user], 'idea_status', 'Race news', '/')}"

    outcomes = run_twice_at_once(race_app, tell)
    assert len(outcomes) == 2 and outcomes.count("created 1") == 1
    mails, rows = mails_and_rows(race_app, racer)
    assert len(rows) == 1 and mails == 1


def test_two_digest_runs_at_once_send_one_mail(race_app, racer):
    with race_app.app_context():
        user = db.session.get(User, racer)
        user.notification_frequency = "daily"
        notify("race:2", [user], "idea_status", "Race news", "/")
        notify("race:3", [user], "idea_comment", "More race news", "/")
        db.session.commit()

    def digest() -> str:
        return "sent" if send_digest(db.session.get(User, racer), date(2026, 11, 23)) else "nothing"

    outcomes = run_twice_at_once(race_app, digest)
    assert len(outcomes) == 2 and outcomes.count("sent") == 1
    mails, rows = mails_and_rows(race_app, racer)
    assert mails == 1 and len({row.digest_id for row in rows}) == 1 and rows[0].digest_id is not None
