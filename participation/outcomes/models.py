"""The closing "you said, we did" report of a process, and the reminders sent about overdue ideas."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.models import TimestampMixin, utcnow
from participation.core.translated import PLAIN, RICH, TranslatedMixin
from participation.extensions import db


class ClosingReport(TranslatedMixin, TimestampMixin, db.Model):
    """What the city did with the input of one process. A draft until staff publish it."""

    __tablename__ = "closing_reports"

    TRANSLATED = {"title": PLAIN, "body": RICH}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    title: Mapped[str] = mapped_column(String(160), nullable=False)
    body_source: Mapped[str] = mapped_column(Text, default="", nullable=False)
    body_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # Null while it is a draft; the first publication is what followers are told about.
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    process = relationship("Process")
    written_by = relationship("User")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class OverdueReminder(db.Model):
    """One reminder about one idea in one overdue period: the unique constraint makes sending twice impossible.

    Period 1 starts when the idea has waited OUTCOMES_RESPONSE_DAYS days for an official response,
    period 2 after twice as long, and so on.
    """

    __tablename__ = "overdue_reminders"
    __table_args__ = (
        UniqueConstraint("idea_id", "period"),
        CheckConstraint("period >= 1", name="period_positive"),
        CheckConstraint("recipient_count >= 0", name="recipient_count_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    recipient_count: Mapped[int] = mapped_column(Integer, nullable=False)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
