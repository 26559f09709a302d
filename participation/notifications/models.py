"""Messages to people: the email outbox, in-app notifications, email opt-outs and daily digests."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.models import utcnow
from participation.extensions import db


class OutboxMessage(db.Model):
    """Every email the platform sends, kept so that support staff and tests can read what went out."""

    __tablename__ = "outbox_messages"
    __table_args__ = (CheckConstraint("status IN ('queued', 'sent', 'logged', 'failed')", name="status_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254), nullable=False, index=True)
    subject: Mapped[str] = mapped_column(String(200), nullable=False)
    text_body: Mapped[str] = mapped_column(Text, nullable=False)
    html_body: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    # Extra mail headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) on notification mails.
    headers: Mapped[dict | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="queued", nullable=False)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# How a notification reaches the person's mailbox, decided when it is created:
# none (in-app only: frequency never, or that kind switched off), immediate (its own mail), digest (the daily mail).
EMAIL_STATES = ("none", "immediate", "digest")


class Notification(db.Model):
    """One event told to one person: shown under the bell, and emailed according to their choices."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "event_key"),  # one event is told once to each person
        CheckConstraint("email_state IN ('none', 'immediate', 'digest')", name="email_state_known"),
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        Index("ix_notifications_email_state_digest_id", "email_state", "digest_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    event_key: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    subject: Mapped[str] = mapped_column(String(300), nullable=False)  # in the recipient's language
    url: Mapped[str] = mapped_column(String(500), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    email_state: Mapped[str] = mapped_column(String(10), default="none", nullable=False)
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("notification_digests.id", ondelete="SET NULL"))

    user = relationship("User", foreign_keys=[user_id])

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationOptOut(db.Model):
    """A person who does not want email about one kind of notification (they still see it in-app)."""

    __tablename__ = "notification_opt_outs"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class NotificationDigest(db.Model):
    """The daily digest mail of one person on one day: at most one (unique), whichever instance sends it."""

    __tablename__ = "notification_digests"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


def _add_unread_count_to_users() -> None:
    """User.unread_notification_count: deferred, so lists of people never compute it; the session's user
    loader undefers it, so the bell's number arrives with the signed-in user and costs no extra query."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import column_property

    from participation.accounts.models import User

    if User.__mapper__.has_property("unread_notification_count"):
        return
    User.unread_notification_count = column_property(
        select(func.count(Notification.id))
        .where(Notification.user_id == User.id, Notification.read_at.is_(None))
        .correlate_except(Notification)
        .scalar_subquery(),
        deferred=True,
    )


_add_unread_count_to_users()
