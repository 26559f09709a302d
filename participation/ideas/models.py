"""Ideas and what people do with them: support, comments, follows, versions and the status timeline."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from participation.core.models import TimestampMixin, utcnow
from participation.core.translated import MULTILINE, PLAIN, TranslatedMixin
from participation.extensions import db
from participation.ideas.states import CHANNELS, IDEA_STATUSES

# What a row of an idea's timeline (idea_status_changes) records.
TIMELINE_KINDS = ("status", "milestone", "update")


def _quoted(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


class Idea(TimestampMixin, db.Model):
    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint(f"status IN ({_quoted(IDEA_STATUSES)})", name="status_known"),
        CheckConstraint(f"channel IN ({_quoted(CHANNELS)})", name="channel_known"),
        CheckConstraint("support_count >= 0", name="support_count_not_negative"),
        CheckConstraint("comment_count >= 0", name="comment_count_not_negative"),
        CheckConstraint("author_id IS NOT NULL OR offline_author_name IS NOT NULL", name="has_an_author"),
        CheckConstraint("progress_percent BETWEEN 0 AND 100", name="progress_percent_in_range"),
        # Counting a process's public ideas (and the random order) read only the first index; each sort order has its own index, so
        # a page of 20 is read in order instead of sorting thousands of rows (per process and city-wide).
        Index("ix_ideas_process_status", "process_id", "status", "id"),
        Index("ix_ideas_process_created", "process_id", "created_at", "id"),
        Index("ix_ideas_process_supports", "process_id", "support_count", "id"),
        Index("ix_ideas_process_comments", "process_id", "comment_count", "id"),
        Index("ix_ideas_status", "status", "id"),
        Index("ix_ideas_created", "created_at", "id"),
        Index("ix_ideas_supports", "support_count", "id"),
        Index("ix_ideas_comments", "comment_count", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False)
    # Null for an idea that came in on paper or by phone from someone without an account.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    description_source: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # Lowercase, accent-free title and text: what search and "similar ideas" compare against.
    search_text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # The language the idea is written in (recognised at submission, corrected by its author); null for
    # ideas from before it was recorded. Citizen content is shown in it, never translated.
    language: Mapped[str | None] = mapped_column(String(5), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    channel: Mapped[str] = mapped_column(String(12), default="online", nullable=False)
    offline_author_name: Mapped[str | None] = mapped_column(String(80))
    # How staff can reach an offline author (phone or email); never shown publicly.
    offline_contact: Mapped[str | None] = mapped_column(String(254))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    support_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0", nullable=False)
    comment_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0", nullable=False)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The city's follow-up (feedback): who handles the idea, when it first got an official response
    # (median days from published_at to first_response_at), how far its implementation is.
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    first_response_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    progress_percent: Mapped[int] = mapped_column(Integer, default=0, server_default="0", nullable=False)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"))

    process = relationship("Process")
    author = relationship("User", foreign_keys=[author_id])
    entered_by = relationship("User", foreign_keys=[entered_by_id])
    theme = relationship("Theme")
    district = relationship("District")
    department = relationship("Department")
    assignee = relationship("User", foreign_keys=[assignee_id])
    merged_into = relationship("Idea", remote_side=[id], foreign_keys=[merged_into_id])
    images: Mapped[list[IdeaImage]] = relationship(
        back_populates="idea", order_by="IdeaImage.position", cascade="all, delete-orphan"
    )
    coauthors: Mapped[list[IdeaCoauthor]] = relationship(
        back_populates="idea", order_by="IdeaCoauthor.id", cascade="all, delete-orphan"
    )
    status_changes: Mapped[list[IdeaStatusChange]] = relationship(
        back_populates="idea", order_by="IdeaStatusChange.id", cascade="all, delete-orphan"
    )

    @property
    def is_offline(self) -> bool:
        return self.channel != "online"

    @property
    def author_name(self) -> str:
        if self.author is not None:
            return self.author.display_name
        return self.offline_author_name or ""

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class IdeaImage(db.Model):
    __tablename__ = "idea_images"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=False, index=True)
    filename: Mapped[str] = mapped_column(String(80), nullable=False)
    alt_text: Mapped[str] = mapped_column(String(200), nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)

    idea: Mapped[Idea] = relationship(back_populates="images")


class IdeaCoauthor(db.Model):
    """An invitation to write an idea together; the invitee becomes a co-author when they accept."""

    __tablename__ = "idea_coauthors"
    __table_args__ = (UniqueConstraint("idea_id", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=False)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    idea: Mapped[Idea] = relationship(back_populates="coauthors")
    user = relationship("User", foreign_keys=[user_id])

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


class IdeaVersion(db.Model):
    """The text of an idea before an edit: moderators can see what changed."""

    __tablename__ = "idea_versions"
    __table_args__ = (UniqueConstraint("idea_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    description_source: Mapped[str] = mapped_column(Text, nullable=False)
    description_html: Mapped[str] = mapped_column(Text, nullable=False)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"))
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

    edited_by = relationship("User")


class IdeaStatusChange(TranslatedMixin, db.Model):
    """One entry of an idea's public timeline (table idea_status_changes). Three kinds of rows share it,
    so the idea page reads the whole timeline in one query:

    - kind "status": a status change (from_status → to_status). With is_official_response it is the
      city's official response: `note` is the public explanation, optionally a cost estimate and the
      responsible department; `link_url` points to the budget project or campaign the idea became.
    - kind "milestone": a dated implementation milestone (title, planned_on, is_done / done_on).
    - kind "update": a progress update post (body_html, optional photo, optional new progress_percent).

    Milestone and update rows have no status: to_status and from_status are NULL. Anything counting
    status changes filters on kind == "status" (or on to_status, which excludes the others).
    """

    __tablename__ = "idea_status_changes"
    __table_args__ = (
        CheckConstraint(f"to_status IN ({_quoted(IDEA_STATUSES)})", name="to_status_known"),
        CheckConstraint(f"kind IN ({_quoted(TIMELINE_KINDS)})", name="kind_known"),
        CheckConstraint("kind != 'status' OR to_status IS NOT NULL", name="status_change_has_status"),
        CheckConstraint("kind != 'milestone' OR (title IS NOT NULL AND planned_on IS NOT NULL)", name="milestone_is_dated"),
        CheckConstraint("cost_estimate_cents >= 0", name="cost_estimate_not_negative"),
        CheckConstraint("progress_percent BETWEEN 0 AND 100", name="progress_percent_in_range"),
        Index("ix_idea_status_changes_official", "is_official_response", "idea_id"),
    )

    # Written by the city: the official response's explanation and a milestone's title are translated.
    TRANSLATED = {"note": MULTILINE, "title": PLAIN}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(12), default="status", server_default="status", nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The public explanation of a status change (plain text).
    note: Mapped[str] = mapped_column(Text, default="", nullable=False)
    is_official_response: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), nullable=False)
    cost_estimate_cents: Mapped[int | None] = mapped_column(BigInteger)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"), index=True)
    link_url: Mapped[str | None] = mapped_column(String(300))
    # Milestones.
    title: Mapped[str | None] = mapped_column(String(160))
    planned_on: Mapped[date | None] = mapped_column(Date)
    is_done: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), nullable=False)
    done_on: Mapped[date | None] = mapped_column(Date)
    # Update posts.
    body_html: Mapped[str | None] = mapped_column(Text)
    image_filename: Mapped[str | None] = mapped_column(String(80))
    image_alt: Mapped[str | None] = mapped_column(String(200))
    progress_percent: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

    idea: Mapped[Idea] = relationship(back_populates="status_changes")
    # Joined whenever the timeline is loaded, so showing the department costs no extra query.
    department = relationship("Department", lazy="joined")

    @property
    def is_status_change(self) -> bool:
        return self.kind == "status"

    @property
    def is_milestone(self) -> bool:
        return self.kind == "milestone"

    @property
    def is_update(self) -> bool:
        return self.kind == "update"

    @property
    def shown_on(self) -> date:
        """The date the timeline orders by: a milestone's planned (or done) day, otherwise when it was written."""
        if self.kind == "milestone":
            return self.done_on or self.planned_on
        return self.created_at.date()


class Support(db.Model):
    """One "steun" of one person for one idea: the unique constraint makes a second one impossible."""

    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("idea_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class Comment(TimestampMixin, db.Model):
    """A reaction to an idea, or a reply to one (one level deep). Deleted comments stay as a placeholder."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_idea_created", "idea_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    language: Mapped[str | None] = mapped_column(String(5))  # recognised when posted, as for ideas
    is_deleted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    idea: Mapped[Idea] = relationship()
    author = relationship("User")


class IdeaFollow(db.Model):
    __tablename__ = "idea_follows"
    __table_args__ = (UniqueConstraint("idea_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class ProcessFollow(db.Model):
    __tablename__ = "process_follows"
    __table_args__ = (UniqueConstraint("process_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
