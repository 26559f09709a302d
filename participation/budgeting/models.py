"""Budget rounds, their projects, the electorate and the ballots.

Ballot secrecy (see services.py for the trade-off): a Ballot carries no user id. It is found
again, for a change before closing, through `voter_token` = HMAC(platform secret, round + identity
key), and the same token makes the database refuse a second ballot from the same person, whatever
the channel (online after census check, online after a letter code, paper at a polling point): a letter code
belongs to one census entry and stands for that entry's identity key.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.models import TimestampMixin, utcnow
from participation.core.translated import MULTILINE, PLAIN, RICH, TranslatedMixin
from participation.extensions import db

VOTE_METHODS = ("knapsack", "approval", "cumulative")
ROUND_STATUSES = ("draft", "published", "results_published")
CENSUS_KEYS = ("national_number", "name_birth_postcode")
FEASIBILITY = ("pending", "feasible", "not_feasible")
TALLY_RULES = ("greedy", "mes")
VOTER_CHANNELS = ("census", "letter")
BALLOT_CHANNELS = ("online", "paper", "import")


def _quoted(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


class BudgetRound(TranslatedMixin, TimestampMixin, db.Model):
    """A stemronde: one budget, one vote method, inside a process's voting phase.

    Budgets per district are rounds with a district: a voter votes in the round of their district
    (the census of that round lists its residents), and optionally in a city-wide round too.
    """

    __tablename__ = "budget_rounds"
    __table_args__ = (
        CheckConstraint(f"vote_method IN ({_quoted(VOTE_METHODS)})", name="vote_method_known"),
        CheckConstraint(f"status IN ({_quoted(ROUND_STATUSES)})", name="status_known"),
        CheckConstraint(f"census_key IN ({_quoted(CENSUS_KEYS)})", name="census_key_known"),
        CheckConstraint("tally_rule IS NULL OR tally_rule IN ('greedy', 'mes')", name="tally_rule_known"),
        CheckConstraint("budget_cents > 0", name="budget_positive"),
        CheckConstraint("min_spend_cents >= 0 AND min_spend_cents <= budget_cents", name="min_spend_within_budget"),
        CheckConstraint("min_choices >= 0", name="min_choices_not_negative"),
        CheckConstraint("max_choices IS NULL OR max_choices >= min_choices", name="max_choices_at_least_min"),
        CheckConstraint("points_total IS NULL OR points_total > 0", name="points_total_positive"),
        CheckConstraint("points_per_project IS NULL OR points_per_project > 0", name="points_per_project_positive"),
        CheckConstraint("min_age >= 0 AND min_age <= 120", name="min_age_sensible"),
    )

    TRANSLATED = {"title": PLAIN, "description": RICH}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False, index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(160), nullable=False)
    description_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_source: Mapped[str] = mapped_column(Text, default="", nullable=False)
    status: Mapped[str] = mapped_column(String(20), default="draft", nullable=False)
    vote_method: Mapped[str] = mapped_column(String(12), nullable=False)
    budget_cents: Mapped[int] = mapped_column(BigInteger, nullable=False)
    min_spend_cents: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)
    min_choices: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    max_choices: Mapped[int | None] = mapped_column(Integer)
    points_total: Mapped[int | None] = mapped_column(Integer)
    points_per_project: Mapped[int | None] = mapped_column(Integer)
    min_age: Mapped[int] = mapped_column(Integer, default=16, nullable=False)
    census_key: Mapped[str] = mapped_column(String(20), default="national_number", nullable=False)
    # An imported Pabulib election: for what-if analysis, nobody votes in it.
    is_imported: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    tally_rule: Mapped[str | None] = mapped_column(String(10))
    result_json: Mapped[str | None] = mapped_column(Text)
    results_published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Staff closed voting early ("close voting now"): from this moment no ballot is taken, whatever the
    # voting phase's dates say. A moment, not a day: phases end at the end of a day.
    voting_closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    process = relationship("Process")
    district = relationship("District")
    projects: Mapped[list[Project]] = relationship(
        back_populates="round", order_by="Project.id", cascade="all, delete-orphan"
    )

    @property
    def budget_euros(self) -> float:
        return self.budget_cents / 100


class RoundEvent(db.Model):
    """The audit trail of a round: status changes, uploads, codes, results. Never who voted what."""

    __tablename__ = "budget_round_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("budget_rounds.id", ondelete="CASCADE"), nullable=False, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    detail: Mapped[str] = mapped_column(Text, default="", nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

    actor = relationship("User")


class RoundReviewer(db.Model):
    """A person appointed to review the feasibility of a round's projects."""

    __tablename__ = "budget_round_reviewers"
    __table_args__ = (UniqueConstraint("round_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("budget_rounds.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)

    user = relationship("User")


class Project(TranslatedMixin, TimestampMixin, db.Model):
    __tablename__ = "budget_projects"
    __table_args__ = (
        CheckConstraint("cost_cents >= 0", name="cost_not_negative"),
        CheckConstraint(f"feasibility IN ({_quoted(FEASIBILITY)})", name="feasibility_known"),
        CheckConstraint(
            "(latitude IS NULL) = (longitude IS NULL)", name="location_complete"
        ),
    )

    TRANSLATED = {"title": PLAIN, "description": RICH, "feasibility_explanation": MULTILINE}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("budget_rounds.id", ondelete="CASCADE"), nullable=False, index=True)
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(160), nullable=False)
    description_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_source: Mapped[str] = mapped_column(Text, default="", nullable=False)
    cost_cents: Mapped[int] = mapped_column(BigInteger, nullable=False)
    image_filename: Mapped[str | None] = mapped_column(String(80))
    image_alt: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    feasibility: Mapped[str] = mapped_column(String(14), default="pending", nullable=False)
    feasibility_explanation: Mapped[str] = mapped_column(Text, default="", nullable=False)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The project's id in an imported Pabulib file, so an export can use the same ids.
    external_id: Mapped[str | None] = mapped_column(String(80))

    round: Mapped[BudgetRound] = relationship(back_populates="projects")
    district = relationship("District")
    idea = relationship("Idea")
    reviewed_by = relationship("User")

    @property
    def is_on_ballot(self) -> bool:
        return self.feasibility == "feasible"


class CensusEntry(db.Model):
    """One eligible resident, known only by a keyed hash of their identifying data."""

    __tablename__ = "budget_census_entries"
    __table_args__ = (UniqueConstraint("round_id", "identity_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("budget_rounds.id", ondelete="CASCADE"), nullable=False)
    identity_key: Mapped[str] = mapped_column(String(80), nullable=False)


class LetterCode(db.Model):
    """A one-time code sent by post to one resident of the census. Only its hash is kept; the printed
    code is shown once, as a CSV.

    A code stands for its census entry: redeeming it gives the entry's identity key, the same one as
    typing that resident's details, so the ballot token (and its unique constraint) is the same on
    every channel. At most one code per census entry (unique index). Codes made before codes were
    tied to the census have no entry and are refused.
    """

    __tablename__ = "budget_letter_codes"
    __table_args__ = (UniqueConstraint("round_id", "code_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("budget_rounds.id", ondelete="CASCADE"), nullable=False)
    census_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("budget_census_entries.id", ondelete="CASCADE"), unique=True, index=True
    )
    code_hash: Mapped[str] = mapped_column(String(80), nullable=False)
    redeemed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RoundVoter(db.Model):
    """An account verified as an eligible resident of a round: one account per person, one person per account.

    It says *that* someone may vote, never *how*: it has no link to a ballot.
    """

    __tablename__ = "budget_round_voters"
    __table_args__ = (
        UniqueConstraint("round_id", "identity_key"),
        UniqueConstraint("round_id", "user_id"),
        CheckConstraint(f"channel IN ({_quoted(VOTER_CHANNELS)})", name="channel_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("budget_rounds.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    identity_key: Mapped[str] = mapped_column(String(80), nullable=False)
    channel: Mapped[str] = mapped_column(String(10), nullable=False)
    verified_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class Ballot(db.Model):
    """A stembiljet: what was chosen, with no voter attached (see the module docstring)."""

    __tablename__ = "budget_ballots"
    __table_args__ = (
        UniqueConstraint("round_id", "voter_token"),
        UniqueConstraint("receipt_hash"),
        CheckConstraint(f"channel IN ({_quoted(BALLOT_CHANNELS)})", name="channel_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("budget_rounds.id", ondelete="CASCADE"), nullable=False)
    voter_token: Mapped[str] = mapped_column(String(80), nullable=False)
    receipt_hash: Mapped[str] = mapped_column(String(80), nullable=False)
    channel: Mapped[str] = mapped_column(String(10), nullable=False)

    choices: Mapped[list[BallotChoice]] = relationship(
        back_populates="ballot", cascade="all, delete-orphan", order_by="BallotChoice.project_id"
    )


class BallotChoice(db.Model):
    __tablename__ = "budget_ballot_choices"
    __table_args__ = (
        UniqueConstraint("ballot_id", "project_id"),
        CheckConstraint("points > 0", name="points_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("budget_ballots.id", ondelete="CASCADE"), nullable=False)
    project_id: Mapped[int] = mapped_column(ForeignKey("budget_projects.id", ondelete="CASCADE"), nullable=False, index=True)
    points: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    ballot: Mapped[Ballot] = relationship(back_populates="choices")
