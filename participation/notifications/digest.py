"""The daily digest: one mail per person who chose 'daily', with what they have not been mailed yet.

Safe to run twice and on several instances at once: a person's digest for a day is a row that is unique
per (user, day), and the notifications it lists are claimed with a conditional UPDATE (only rows no
digest has claimed yet), in the same transaction as the outbox row of the mail.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from participation.core.models import utcnow
from participation.extensions import db
from participation.notifications.kinds import ALL
from participation.notifications.models import Notification, NotificationDigest, NotificationOptOut


def city_today() -> date:
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def users_awaiting_digest() -> list[int]:
    """People with notifications waiting for a digest (anyone who did not switch email off since)."""
    from participation.accounts.models import User

    return list(db.session.scalars(
        select(Notification.user_id)
        .join(User, User.id == Notification.user_id)
        .where(Notification.email_state == "digest", Notification.digest_id.is_(None),
               User.notification_frequency != "never")
        .distinct()
        .order_by(Notification.user_id)
    ))


def send_digest(user, day: date) -> NotificationDigest | None:
    """Claim and mail this person's waiting notifications for `day`. None when there is nothing to send
    or this person's digest for the day was already sent (by an earlier run or another instance)."""
    from participation.notifications.mail import send_mail
    from participation.notifications.service import unsubscribe_headers, unsubscribe_url

    if user.notification_frequency == "never":
        return None
    savepoint = db.session.begin_nested()
    digest = NotificationDigest(user_id=user.id, day=day)
    db.session.add(digest)
    try:
        db.session.flush()
    except IntegrityError:
        savepoint.rollback()
        return None  # already sent today
    switched_off = select(NotificationOptOut.kind).where(NotificationOptOut.user_id == user.id)
    claimed = list(db.session.scalars(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.email_state == "digest",
               Notification.digest_id.is_(None), Notification.kind.not_in(switched_off))
        .values(digest_id=digest.id, emailed_at=utcnow())
        .returning(Notification.id),
        execution_options={"synchronize_session": False},
    ))
    if not claimed:
        savepoint.rollback()  # nothing to say: no empty mail, and no digest row that blocks a later run
        return None
    notifications = list(db.session.scalars(
        select(Notification).where(Notification.id.in_(claimed)).order_by(Notification.created_at, Notification.id)
    ))
    unsubscribe = unsubscribe_url(user.id, ALL)
    from flask_babel import lazy_gettext as _l

    message = send_mail(
        user.email,
        _l("Your daily notifications from %(platform)s", platform=current_app.config["PLATFORM_NAME"]),
        "notifications_digest",
        kind="notification_digest",
        locale=user.language,
        headers=unsubscribe_headers(unsubscribe),
        recipient=user,
        notifications=notifications,
        unsubscribe_link=unsubscribe,
    )
    digest.outbox_message_id = message.id
    savepoint.commit()
    db.session.flush()
    return digest


def run_daily_digests(day: date | None = None) -> int:
    """Job and command entry point: one transaction per person (commit, then the mail job is released)."""
    from participation.accounts.models import User
    from participation.core.jobs import commit_and_release

    day = day or city_today()
    sent = 0
    for user_id in users_awaiting_digest():
        user = db.session.get(User, user_id)
        if user is not None and send_digest(user, day) is not None:
            sent += 1
        commit_and_release()
    return sent
