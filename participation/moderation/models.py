"""What moderation stores: one item per moderated object, reports, decisions, appeals and the audit log."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
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

from participation.core.models import TimestampMixin, utcnow
from participation.extensions import db
from participation.moderation.states import APPEAL_STATES, DECISION_ACTIONS, REPORT_REASONS, STATES


def _quoted(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


class ModerationItem(TimestampMixin, db.Model):
    """The moderation side of one contribution or profile: its state, open reports and version.

    `version` grows with every change of state; decisions update `WHERE version = <the version the
    moderator saw>`, so two moderators deciding at once cannot both win.
    """

    __tablename__ = "moderation_items"
    __table_args__ = (
        UniqueConstraint("kind", "object_id", name="uq_moderation_items_kind_object"),
        CheckConstraint(f"state IN ({_quoted(STATES)})", name="state_known"),
        CheckConstraint("report_count >= 0", name="report_count_not_negative"),
        CheckConstraint("version >= 1", name="version_positive"),
        Index("ix_moderation_items_queue", "needs_review", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    object_id: Mapped[int] = mapped_column(Integer, nullable=False)
    process_id: Mapped[int | None] = mapped_column(ForeignKey("processes.id", ondelete="SET NULL"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    state: Mapped[str] = mapped_column(String(20), nullable=False)
    # In the moderators' queue: waiting for approval, new in a post-moderated process, reported or resubmitted.
    needs_review: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    report_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # open reports by distinct people
    is_hidden_by_reports: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_hidden_by_block: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # SHA-256 of the normalised text, to catch the same post sent again and again.
    text_fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    process = relationship("Process")
    author = relationship("User")
    reports: Mapped[list[Report]] = relationship(back_populates="item", order_by="Report.created_at", cascade="all, delete-orphan")
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="item", order_by="Decision.created_at", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<ModerationItem {self.kind}:{self.object_id} {self.state} v{self.version}>"


class Report(db.Model):
    __tablename__ = "moderation_reports"
    __table_args__ = (
        UniqueConstraint("item_id", "reporter_id", name="uq_moderation_reports_item_reporter"),
        CheckConstraint(f"reason IN ({_quoted(REPORT_REASONS)})", name="reason_known"),
        CheckConstraint("reason <> 'other' OR text <> ''", name="other_has_text"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("moderation_items.id", ondelete="CASCADE"), nullable=False, index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    reason: Mapped[str] = mapped_column(String(20), nullable=False)
    text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # set by the next decision

    item: Mapped[ModerationItem] = relationship(back_populates="reports")
    reporter = relationship("User")


class ReasonTemplate(db.Model):
    """A reason moderators can pick instead of typing one; the author reads it in their own language."""

    __tablename__ = "moderation_reason_templates"
    __table_args__ = (CheckConstraint(f"action IS NULL OR action IN ({_quoted(DECISION_ACTIONS)})", name="action_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str | None] = mapped_column(String(20))  # None: fits every decision
    text_nl: Mapped[str] = mapped_column(Text, nullable=False)
    text_fr: Mapped[str] = mapped_column(Text, nullable=False)
    text_en: Mapped[str] = mapped_column(Text, nullable=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)

    def text_in(self, language: str) -> str:
        return getattr(self, f"text_{language}", None) or self.text_nl


class Decision(db.Model):
    __tablename__ = "moderation_decisions"
    __table_args__ = (
        CheckConstraint(f"action IN ({_quoted(DECISION_ACTIONS)})", name="action_known"),
        CheckConstraint("reason <> ''", name="reason_given"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("moderation_items.id", ondelete="CASCADE"), nullable=False, index=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    reason_template_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_reason_templates.id", ondelete="SET NULL"))
    from_state: Mapped[str] = mapped_column(String(20), nullable=False)
    to_state: Mapped[str] = mapped_column(String(20), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False, index=True)

    item: Mapped[ModerationItem] = relationship(back_populates="decisions")
    moderator = relationship("User")
    reason_template = relationship("ReasonTemplate")
    appeal: Mapped[Appeal | None] = relationship(back_populates="decision", uselist=False)

    def reason_in(self, language: str) -> str:
        return self.reason_template.text_in(language) if self.reason_template else self.reason


class Appeal(TimestampMixin, db.Model):
    """An author's one objection to a decision, decided by a moderator other than the one who took it."""

    __tablename__ = "moderation_appeals"
    __table_args__ = (
        UniqueConstraint("decision_id", name="uq_moderation_appeals_decision_id"),
        CheckConstraint(f"state IN ({_quoted(APPEAL_STATES)})", name="state_known"),
        CheckConstraint(
            "decided_by_id IS NULL OR decision_moderator_id IS NULL OR decided_by_id <> decision_moderator_id",
            name="decided_by_another_moderator",
        ),
        CheckConstraint("state = 'open' OR decided_by_id IS NOT NULL", name="decided_has_moderator"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("moderation_decisions.id", ondelete="CASCADE"), nullable=False)
    # Copied from the decision so the database itself can refuse a moderator judging their own decision.
    decision_moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    state: Mapped[str] = mapped_column(String(10), default="open", nullable=False, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answer: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    decision: Mapped[Decision] = relationship(back_populates="appeal")
    author = relationship("User", foreign_keys=[author_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])


class AuditEntry(db.Model):
    """Append-only: who did what to which object, why, and the state before and after (JSON text)."""

    __tablename__ = "moderation_audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)  # None: the system
    action: Mapped[str] = mapped_column(String(30), nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    object_id: Mapped[int] = mapped_column(Integer, nullable=False)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_items.id", ondelete="SET NULL"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="", nullable=False)
    before: Mapped[str] = mapped_column(Text, default="{}", nullable=False)
    after: Mapped[str] = mapped_column(Text, default="{}", nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False, index=True)

    actor = relationship("User")


class ModerationUserState(db.Model):
    """Moderation facts about a person, kept out of the users table: blocked, and the digest opt-in."""

    __tablename__ = "moderation_user_states"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    is_blocked: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    blocked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    wants_digest: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    digest_sent_on: Mapped[date | None] = mapped_column(Date)

    user = relationship("User")


class ProcessModerator(db.Model):
    """A moderator assigned to a process. A moderator without any assignment moderates every process."""

    __tablename__ = "moderation_process_moderators"

    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
