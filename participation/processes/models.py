"""Participation processes (trajecten) and their dated phases."""
from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.models import TimestampMixin
from participation.core.translated import MULTILINE, PLAIN, RICH, TranslatedMixin
from participation.extensions import db

PROCESS_STATUSES = ("draft", "published", "archived")
MODERATION_MODES = ("pre", "post")
# The order in which phases usually follow each other; a process uses the ones it needs.
PHASE_KINDS = ("information", "ideation", "review", "voting", "implementation", "evaluation")

process_themes = Table(
    "process_themes",
    db.metadata,
    Column("process_id", ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)

process_districts = Table(
    "process_districts",
    db.metadata,
    Column("process_id", ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True),
    Column("district_id", ForeignKey("districts.id", ondelete="CASCADE"), primary_key=True),
)


class Process(TranslatedMixin, TimestampMixin, db.Model):
    __tablename__ = "processes"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published', 'archived')", name="status_known"),
        CheckConstraint("moderation_mode IN ('pre', 'post')", name="moderation_mode_known"),
    )

    TRANSLATED = {"title": PLAIN, "policy_goal": MULTILINE, "description": RICH}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    title: Mapped[str] = mapped_column(String(160), nullable=False)
    # What the city commits to do with the input: required, so nobody is asked to participate in a void.
    policy_goal: Mapped[str] = mapped_column(Text, nullable=False)
    description_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_source: Mapped[str] = mapped_column(Text, default="", nullable=False)
    image_filename: Mapped[str | None] = mapped_column(String(80))
    image_alt: Mapped[str | None] = mapped_column(String(200))
    moderation_mode: Mapped[str] = mapped_column(String(4), default="post", nullable=False)
    status: Mapped[str] = mapped_column(String(10), default="draft", nullable=False)
    previous_edition_id: Mapped[int | None] = mapped_column(ForeignKey("processes.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    phases: Mapped[list[Phase]] = relationship(
        back_populates="process", order_by="Phase.starts_on", cascade="all, delete-orphan"
    )
    themes = relationship("Theme", secondary=process_themes, order_by="Theme.slug")
    districts = relationship("District", secondary=process_districts, order_by="District.name")
    previous_edition: Mapped[Process | None] = relationship(remote_side=[id])
    created_by = relationship("User")

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def starts_on(self) -> date | None:
        return self.phases[0].starts_on if self.phases else None

    @property
    def ends_on(self) -> date | None:
        return max(phase.ends_on for phase in self.phases) if self.phases else None

    def phase_on(self, day: date) -> Phase | None:
        return next((phase for phase in self.phases if phase.starts_on <= day <= phase.ends_on), None)

    def timing_on(self, day: date) -> str:
        """'upcoming', 'running' or 'finished' as seen on `day`; a process without phases is 'upcoming'."""
        if not self.phases or day < self.starts_on:
            return "upcoming"
        if day > self.ends_on:
            return "finished"
        return "running"


class Phase(TranslatedMixin, db.Model):
    __tablename__ = "phases"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint(
            "kind IN ('information', 'ideation', 'review', 'voting', 'implementation', 'evaluation')",
            name="kind_known",
        ),
    )

    TRANSLATED = {"description": MULTILINE}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)

    process: Mapped[Process] = relationship(back_populates="phases")
