"""Tell people what happened: in-app notifications, email per their choices, opt-outs and unsubscribe tokens.

Other features call `notify(...)`; it writes one row per recipient (idempotent per event) and queues the
immediate emails. It flushes and never commits: the caller's request or command commits.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel.speaklater import LazyString
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, func, select, update

from participation.core.models import utcnow
from participation.extensions import db
from participation.notifications.kinds import ALL, IN_APP_KINDS, KINDS
from participation.notifications.models import Notification, NotificationOptOut

if TYPE_CHECKING:
    from participation.accounts.models import User

UNSUBSCRIBE_SALT = "notifications-unsubscribe"
_INSERT_CHUNK = 500


# --- Creating notifications -----------------------------------------------------------------


def notify(
    event_key: str,
    recipients: Iterable[User | None],
    kind: str,
    subject: Any,
    url: str,
    actor: User | None = None,
    body_template: str | None = None,
    **context: Any,
) -> int:
    """Tell each recipient about one event, once. Returns how many new notifications were written.

    None, duplicates, blocked people and the actor are skipped; a person already told about this
    event_key is not told again (unique in the database, so also under concurrency). Email follows the
    person's frequency (immediate, daily digest, never) and the kinds they switched off; an in-app kind
    (kinds.IN_APP_KINDS) gets no email here, its feature mails it.
    """
    if kind not in KINDS and kind not in IN_APP_KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}; add it to notifications.kinds.KINDS")
    people = _distinct_recipients(recipients, actor)
    if not people:
        return 0
    ids = list(people)
    blocked = _blocked_user_ids(ids)
    opted_out = set(db.session.scalars(
        select(NotificationOptOut.user_id).where(NotificationOptOut.kind == kind, NotificationOptOut.user_id.in_(ids))
    ))
    now = utcnow()
    rows = []
    for user_id, user in people.items():
        if user_id in blocked:
            continue
        rows.append({
            "user_id": user_id,
            "event_key": event_key,
            "kind": kind,
            "subject": _clip(render_subject(subject, context, user.language), 300),
            "url": url,
            "actor_id": actor.id if actor is not None else None,
            "created_at": now,
            "email_state": "none" if kind in IN_APP_KINDS else _email_state(user, opted_out),
        })
    created = _insert_new(rows)  # user_id -> notification id, only for rows that did not exist yet
    immediate = [row for row in rows if row["user_id"] in created and row["email_state"] == "immediate"]
    for row in immediate:
        user = people[row["user_id"]]
        send_notification_mail(user, kind=kind, subject=row["subject"], url=url, body_template=body_template, **context)
    if immediate:
        db.session.execute(
            update(Notification)
            .where(Notification.id.in_([created[row["user_id"]] for row in immediate]))
            .values(emailed_at=now)
        )
    return len(created)


def _distinct_recipients(recipients: Iterable[User | None], actor: User | None) -> dict[int, User]:
    people: dict[int, User] = {}
    actor_id = getattr(actor, "id", None)
    for user in recipients:
        if user is None or user.id is None or user.id == actor_id or user.id in people:
            continue
        people[user.id] = user
    return people


def _blocked_user_ids(ids: list[int]) -> set[int]:
    from participation.moderation.models import ModerationUserState

    return set(db.session.scalars(
        select(ModerationUserState.user_id).where(
            ModerationUserState.user_id.in_(ids), ModerationUserState.is_blocked.is_(True)
        )
    ))


def _email_state(user: User, opted_out: set[int]) -> str:
    if user.notification_frequency == "never" or user.id in opted_out:
        return "none"
    return "digest" if user.notification_frequency == "daily" else "immediate"


def _insert_new(rows: list[dict]) -> dict[int, int]:
    """INSERT ... ON CONFLICT (user_id, event_key) DO NOTHING RETURNING: idempotent and race-free."""
    if not rows:
        return {}
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the platform runs on PostgreSQL and SQLite
        raise RuntimeError(f"notify() does not support the {dialect} database")
    created: dict[int, int] = {}
    for start in range(0, len(rows), _INSERT_CHUNK):
        statement = (
            insert(Notification)
            .values(rows[start:start + _INSERT_CHUNK])
            .on_conflict_do_nothing(index_elements=["user_id", "event_key"])
            .returning(Notification.id, Notification.user_id)
        )
        for notification_id, user_id in db.session.execute(statement):
            created[user_id] = notification_id
    return created


def render_subject(subject: Any, context: dict[str, Any], language: str) -> str:
    """A lazy msgid with %(name)s placeholders, rendered in one language (lazy values in the context too)."""
    with force_locale(language):
        text = str(subject)
        if not context or "%" not in text:
            return text
        values = {name: str(value) if _is_lazy(value) else value for name, value in context.items()}
        try:
            return text % values
        except (KeyError, ValueError, TypeError):
            current_app.logger.warning("Notification subject %r does not fit its context %r", text, sorted(context))
            return text


def _is_lazy(value: Any) -> bool:
    return isinstance(value, LazyString)


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# --- Email ----------------------------------------------------------------------------------


def send_notification_mail(
    user: User, *, kind: str, subject: str, url: str, body_template: str | None = None, **context: Any
):
    """One notification by email, with an unsubscribe link in the footer and RFC 8058 headers."""
    from participation.notifications.mail import send_mail

    unsubscribe = unsubscribe_url(user.id, kind)
    return send_mail(
        user.email,
        subject,
        "notifications_notification",
        kind=f"notification_{kind}",
        locale=user.language,
        headers=unsubscribe_headers(unsubscribe),
        **{
            **context,
            "recipient": user,
            "notification_kind": kind,
            "notification_subject": subject,
            "notification_link": absolute_url(url),
            "notification_body_template": body_template,
            "unsubscribe_link": unsubscribe,
        },
    )


def unsubscribe_headers(link: str) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def external_link(endpoint: str, **values: Any) -> str:
    """An absolute link for emails: built from PUBLIC_BASE_URL (core.application), in requests, commands and jobs."""
    return url_for(endpoint, _external=True, **values)


def absolute_url(path: str) -> str:
    return urljoin(external_link("processes.index"), path)


# --- Unsubscribe tokens and email preferences -----------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, kind: str) -> str:
    """A signed token for one person and one kind (or 'all'). It does not expire: old emails keep working."""
    return _serializer().dumps([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (user id, kind) a token stands for, or None when it was tampered with or is malformed."""
    try:
        user_id, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or (kind not in KINDS and kind != ALL):
        return None
    return user_id, kind


def unsubscribe_url(user_id: int, kind: str) -> str:
    return external_link("notifications.unsubscribe", token=unsubscribe_token(user_id, kind))


def email_opt_outs(user: User) -> set[str]:
    return set(db.session.scalars(select(NotificationOptOut.kind).where(NotificationOptOut.user_id == user.id)))


def email_kinds_of(user: User) -> list[str]:
    """The kinds this person still wants by email (the profile form's ticked boxes)."""
    switched_off = email_opt_outs(user)
    return [kind for kind in KINDS if kind not in switched_off]


def set_email_kinds(user: User, wanted: Iterable[str]) -> None:
    """Keep email for the `wanted` kinds, switch it off for every other kind."""
    wanted = set(wanted)
    current = email_opt_outs(user)
    for kind in KINDS:
        if kind in wanted and kind in current:
            db.session.execute(
                delete(NotificationOptOut).where(NotificationOptOut.user_id == user.id, NotificationOptOut.kind == kind)
            )
        elif kind not in wanted and kind not in current:
            db.session.add(NotificationOptOut(user_id=user.id, kind=kind))
    db.session.flush()


def opt_out(user: User, kind: str) -> None:
    """No more email of this kind (in-app notifications continue)."""
    if kind == ALL:
        user.notification_frequency = "never"
    elif kind not in email_opt_outs(user):
        db.session.add(NotificationOptOut(user_id=user.id, kind=kind))
    db.session.flush()


def opt_in(user: User, kind: str, *, frequency: str = "immediate") -> None:
    """Undo an unsubscribe: that kind by email again, or (for 'all') the frequency the person had."""
    from participation.accounts.models import DIGEST_CHOICES

    if kind == ALL:
        user.notification_frequency = frequency if frequency in DIGEST_CHOICES and frequency != "never" else "immediate"
    else:
        db.session.execute(
            delete(NotificationOptOut).where(NotificationOptOut.user_id == user.id, NotificationOptOut.kind == kind)
        )
    db.session.flush()


def receives_email(user: User, kind: str) -> bool:
    if user.notification_frequency == "never":
        return False
    return kind == ALL or kind not in email_opt_outs(user)


# --- Reading ----------------------------------------------------------------------------------


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user: User) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount or 0
