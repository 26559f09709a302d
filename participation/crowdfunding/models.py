"""Civic crowdfunding: campaigns, their timeline, rewards and needs, pledges with an append-only
payment log, processed Stripe events, and the city's yearly match fund."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.models import TimestampMixin, utcnow
from participation.crowdfunding.states import CAMPAIGN_STATUSES, PLEDGE_STATUSES
from participation.extensions import db


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class Campaign(TimestampMixin, db.Model):
    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("goal_cents > 0", name="goal_positive"),
        CheckConstraint(_in("status", CAMPAIGN_STATUSES), name="status_known"),
        CheckConstraint("funding_model IN ('all_or_nothing', 'keep_it_all')", name="funding_model_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    organisation_name: Mapped[str | None] = mapped_column(String(160))
    title: Mapped[str] = mapped_column(String(160), nullable=False)
    summary: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    story_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    story_source: Mapped[str] = mapped_column(Text, default="", nullable=False)
    language: Mapped[str | None] = mapped_column(String(5))  # as Idea.language: recognised, corrected by the owner
    image_filename: Mapped[str | None] = mapped_column(String(80))
    image_alt: Mapped[str | None] = mapped_column(String(200))
    goal_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    deadline_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    funding_model: Mapped[str] = mapped_column(String(20), default="all_or_nothing", nullable=False)
    status: Mapped[str] = mapped_column(String(20), default="draft", nullable=False, index=True)
    # The citizen idea this campaign grew out of, if any.
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"), index=True)
    launched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    owner = relationship("User", lazy="joined")
    events: Mapped[list[CampaignEvent]] = relationship(
        back_populates="campaign", order_by="CampaignEvent.id", cascade="all, delete-orphan"
    )
    reward_tiers: Mapped[list[RewardTier]] = relationship(
        order_by="RewardTier.min_amount_cents", cascade="all, delete-orphan", back_populates="campaign"
    )
    needs: Mapped[list[Need]] = relationship(order_by="Need.id", cascade="all, delete-orphan", back_populates="campaign")
    updates: Mapped[list[CampaignUpdate]] = relationship(
        order_by="CampaignUpdate.id.desc()", cascade="all, delete-orphan", back_populates="campaign"
    )
    match: Mapped[CampaignMatch | None] = relationship(back_populates="campaign", uselist=False)
    idea = relationship("Idea")

    @property
    def is_all_or_nothing(self) -> bool:
        return self.funding_model == "all_or_nothing"

    @property
    def active_match_cents(self) -> int:
        return self.match.amount_cents if self.match is not None and self.match.status != "released" else 0


class CampaignEvent(db.Model):
    """The campaign's timeline: every status change, who made it, when, and why."""

    __tablename__ = "campaign_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20), nullable=False)
    reason: Mapped[str] = mapped_column(Text, default="", nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

    campaign: Mapped[Campaign] = relationship(back_populates="events")
    actor = relationship("User")


class RewardTier(db.Model):
    __tablename__ = "reward_tiers"
    __table_args__ = (CheckConstraint("min_amount_cents > 0", name="min_amount_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    description: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    min_amount_cents: Mapped[int] = mapped_column(Integer, nullable=False)

    campaign: Mapped[Campaign] = relationship(back_populates="reward_tiers")


class Need(db.Model):
    """Help in kind a campaign asks for: volunteers or materials, with how many are needed."""

    __tablename__ = "campaign_needs"
    __table_args__ = (
        CheckConstraint("kind IN ('volunteers', 'materials')", name="kind_known"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    title: Mapped[str] = mapped_column(String(160), nullable=False)
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)

    campaign: Mapped[Campaign] = relationship(back_populates="needs")
    # selectin: a page listing a campaign's needs loads every need's sign-ups in one query, not one per need.
    signups: Mapped[list[VolunteerSignup]] = relationship(
        back_populates="need", cascade="all, delete-orphan", order_by="VolunteerSignup.id", lazy="selectin"
    )

    @property
    def promised(self) -> int:
        return sum(signup.quantity for signup in self.signups)


class VolunteerSignup(db.Model):
    __tablename__ = "volunteer_signups"
    __table_args__ = (
        UniqueConstraint("need_id", "user_id", name="uq_volunteer_signups_need_user"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("campaign_needs.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    quantity: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

    need: Mapped[Need] = relationship(back_populates="signups")
    user = relationship("User")


class CampaignUpdate(db.Model):
    __tablename__ = "campaign_updates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False, index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(160), nullable=False)
    body_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

    campaign: Mapped[Campaign] = relationship(back_populates="updates")
    author = relationship("User")


class Pledge(TimestampMixin, db.Model):
    __tablename__ = "pledges"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint("method IN ('card', 'bank_transfer')", name="method_known"),
        CheckConstraint(_in("status", PLEDGE_STATUSES), name="status_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), nullable=False, index=True)
    backer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    amount_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    method: Mapped[str] = mapped_column(String(16), nullable=False)
    is_anonymous: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    reward_tier_id: Mapped[int | None] = mapped_column(ForeignKey("reward_tiers.id", ondelete="SET NULL"))
    # Twelve digits of the Belgian structured communication (bank transfers only).
    structured_reference: Mapped[str | None] = mapped_column(String(12), unique=True)
    # A random part of every idempotency key: ids of rolled-back rows can be reused, keys never are.
    gateway_key: Mapped[str] = mapped_column(String(16), nullable=False)
    stripe_customer_id: Mapped[str | None] = mapped_column(String(64))
    setup_intent_id: Mapped[str | None] = mapped_column(String(64))
    payment_method_id: Mapped[str | None] = mapped_column(String(64))
    payment_intent_id: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    charge_claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    payment_due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The account a bank transfer came from, when the bank statement names it (to pay it back).
    payer_iban: Mapped[str | None] = mapped_column(String(34))

    campaign: Mapped[Campaign] = relationship()
    backer = relationship("User", lazy="joined")
    reward_tier: Mapped[RewardTier | None] = relationship()
    transactions: Mapped[list[PledgeTransaction]] = relationship(
        back_populates="pledge", order_by="PledgeTransaction.id", cascade="all"
    )


class PledgeTransaction(db.Model):
    """Append-only log of everything that happened to a pledge's money (like indico's payment transactions)."""

    __tablename__ = "pledge_transactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledges.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(24), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20), nullable=False)
    amount_cents: Mapped[int | None] = mapped_column(Integer)
    stripe_object_id: Mapped[str | None] = mapped_column(String(64))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="", nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

    pledge: Mapped[Pledge] = relationship(back_populates="transactions")
    actor = relationship("User")


@event.listens_for(PledgeTransaction, "before_update")
@event.listens_for(PledgeTransaction, "before_delete")
def _refuse_rewriting_history(mapper, connection, target) -> None:
    raise RuntimeError("pledge transactions are append-only")


class PledgeNotice(db.Model):
    """One row per pledge per campaign outcome the backer was mailed about. The unique constraint makes
    the mail exactly-once: a second close-due run, or a second process at the same moment, finds the row."""

    __tablename__ = "pledge_notices"
    __table_args__ = (
        UniqueConstraint("pledge_id", "outcome", name="uq_pledge_notices_pledge_outcome"),
        CheckConstraint("outcome IN ('succeeded', 'failed', 'cancelled')", name="outcome_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledges.id"), nullable=False)
    outcome: Mapped[str] = mapped_column(String(12), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class CampaignFollow(db.Model):
    """People who want a campaign's updates without backing it (backers get them anyway)."""

    __tablename__ = "campaign_follows"
    __table_args__ = (UniqueConstraint("campaign_id", "user_id", name="uq_campaign_follows_campaign_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class StripeEvent(db.Model):
    """Every webhook event id we accepted, so that a redelivered event is processed only once."""

    __tablename__ = "stripe_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)
    type: Mapped[str] = mapped_column(String(100), nullable=False)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str] = mapped_column(String(200), default="", nullable=False)


class MatchFund(db.Model):
    """The city's yearly budget for matching campaigns. The database refuses over-commitment."""

    __tablename__ = "match_funds"
    __table_args__ = (
        CheckConstraint("budget_cents >= 0", name="budget_not_negative"),
        CheckConstraint("committed_cents >= 0", name="committed_not_negative"),
        CheckConstraint("committed_cents <= budget_cents", name="committed_within_budget"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True, nullable=False)
    budget_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    committed_cents: Mapped[int] = mapped_column(Integer, default=0, nullable=False)

    @property
    def available_cents(self) -> int:
        return self.budget_cents - self.committed_cents


class CampaignMatch(db.Model):
    """The city adds percent of the goal (capped) if the crowd raises the rest."""

    __tablename__ = "campaign_matches"
    __table_args__ = (
        CheckConstraint("percent IN (25, 50, 75)", name="percent_known"),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint("status IN ('committed', 'paid', 'released')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), unique=True, nullable=False)
    match_fund_id: Mapped[int] = mapped_column(ForeignKey("match_funds.id"), nullable=False, index=True)
    percent: Mapped[int] = mapped_column(Integer, nullable=False)
    cap_cents: Mapped[int | None] = mapped_column(Integer)
    amount_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(10), default="committed", nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

    campaign: Mapped[Campaign] = relationship(back_populates="match")
    match_fund: Mapped[MatchFund] = relationship()
