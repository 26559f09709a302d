"""Closing campaigns at their deadline and charging saved cards: `flask crowdfunding close-due`.

Safe to run every minute and to rerun after a crash:
- a campaign is closed once (the status table refuses live -> succeeded twice);
- a card is charged once: each pledge is claimed (authorised -> charging) with a conditional UPDATE
  that only one runner can win, the claim is committed before Stripe is called, and the call carries
  an idempotency key, so a retry after a crash returns the first charge instead of a second one;
- a failed campaign charges nobody;
- backers are mailed once per pledge about the outcome (outcomes.py);
- card pledges whose browser never reported back are synced, and cards Stripe could not be asked
  about are retried on the next run (`retry_card_pledges`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from flask import current_app
from sqlalchemy import or_, select

from participation.core.errors import DomainError
from participation.crowdfunding import dates, matching, news, outcomes, queries, services, states
from participation.crowdfunding.errors import InvalidTransition
from participation.crowdfunding.models import Campaign, Pledge
from participation.crowdfunding.payments import cards, pledges, transitions
from participation.crowdfunding.stripe_gateway import GatewayUnavailable, StripeGateway
from participation.extensions import db

STALE_CLAIM = timedelta(minutes=15)


@dataclass
class CloseReport:
    succeeded: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    charged: list[int] = field(default_factory=list)
    action_required: list[int] = field(default_factory=list)
    retry_later: list[int] = field(default_factory=list)
    expired: list[int] = field(default_factory=list)
    synced: list[int] = field(default_factory=list)


def close_due_campaigns(
    now: datetime,
    *,
    gateway: StripeGateway | None = None,
    checkpoint: Callable[[], None] | None = None,
) -> CloseReport:
    """Close every live campaign whose deadline passed, then charge what is due.

    `checkpoint` is called after each unit of work; the command line passes a commit so a claim is
    durable before Stripe is called. Tests and callers inside a request leave it at flush.
    """
    checkpoint = checkpoint or db.session.flush
    report = CloseReport()
    due = db.session.scalars(
        select(Campaign).where(Campaign.status == "live", Campaign.deadline_at <= now).order_by(Campaign.id)
    ).all()
    for campaign in due:
        _close(campaign, report)
        checkpoint()
    if gateway is not None:
        retry_card_pledges(now, gateway, checkpoint, report)
    _charge_due_pledges(now, gateway, checkpoint, report)
    _expire_unpaid(now, report)
    checkpoint()
    return report


def _close(campaign: Campaign, report: CloseReport) -> None:
    totals = queries.campaign_totals([campaign.id])[campaign.id]
    target = states.crowd_target_cents(campaign.goal_cents, campaign.active_match_cents)
    reached = totals.pledged_cents >= target
    try:
        # A conditional UPDATE: when another run closes the same campaign at the same moment, this one stops here.
        services.change_status(
            campaign, "succeeded" if reached else "failed", actor=None,
            reason="deadline: goal reached" if reached else "deadline: goal not reached",
        )
    except InvalidTransition:
        return
    if reached:
        matching.pay_match(campaign)
        report.succeeded.append(campaign.id)
        # Cards that never got saved cannot be charged; transfers may still arrive.
        for pledge in db.session.scalars(select(Pledge).where(Pledge.campaign_id == campaign.id, Pledge.status == "pending")):
            transitions.move_pledge(pledge, "cancelled", kind="cancelled", note="campaign closed before the card was saved")
        settled = select(Pledge).where(Pledge.campaign_id == campaign.id, Pledge.status.in_(("charged", "received", "awaiting_transfer")))
        outcomes.tell_backers(db.session.scalars(settled.order_by(Pledge.id)).all(), "succeeded")
    else:
        matching.release_match(campaign)
        if campaign.is_all_or_nothing:
            cancelled = pledges.cancel_open_pledges(campaign, note="campaign did not reach its goal")
        else:
            cancelled = []
            for pledge in db.session.scalars(
                select(Pledge).where(Pledge.campaign_id == campaign.id, Pledge.status.in_(("pending", "awaiting_transfer")))
            ).all():
                transitions.move_pledge(pledge, "cancelled", kind="cancelled", note="campaign closed")
                if pledge.method == "bank_transfer":
                    cancelled.append(pledge)
        paid = select(Pledge).where(Pledge.campaign_id == campaign.id, Pledge.status.in_(("charged", "received")))
        outcomes.tell_backers([p for p in cancelled if p.method == "bank_transfer" or p.payment_method_id] + list(db.session.scalars(paid.order_by(Pledge.id))), "failed")
        report.failed.append(campaign.id)
    campaign.closed_at = dates.as_utc(campaign.deadline_at)
    db.session.flush()
    news.announce_outcome(campaign)


RETRY_BATCH = 200
RETRY_QUIET = timedelta(minutes=2)


def retry_card_pledges(now: datetime, gateway: StripeGateway, checkpoint: Callable[[], None], report: CloseReport) -> None:
    """Card pledges still 'pending' on a running campaign, a few minutes after they were last touched:

    - Stripe was unreachable when the backer pledged (no SetupIntent yet): create it now, so the link
      in the backer's pledge page works without another try;
    - the backer confirmed the card but neither the browser nor the webhook reported back: ask Stripe,
      and record the saved card (keep-it-all: it is charged in the same run).
    Stripe still unreachable: the pledge stays as it is and the next run tries again."""
    pledges = db.session.scalars(
        select(Pledge)
        .join(Campaign, Campaign.id == Pledge.campaign_id)
        .where(
            Campaign.status == "live",
            Pledge.method == "card",
            Pledge.status == "pending",
            Pledge.updated_at <= now - RETRY_QUIET,
        )
        .order_by(Pledge.id)
        .limit(RETRY_BATCH)
    ).all()
    for pledge in pledges:
        try:
            with db.session.begin_nested():
                if pledge.setup_intent_id is None:
                    cards.prepare_card_payment(pledge, gateway)
                else:
                    intent = gateway.retrieve_setup_intent(pledge.setup_intent_id)
                    if cards.apply_setup_intent(pledge, intent):
                        report.synced.append(pledge.id)  # keep-it-all: charged by _charge_due_pledges below
        except GatewayUnavailable:
            report.retry_later.append(pledge.id)
        except DomainError as error:
            current_app.logger.warning("Pledge %s could not be retried: %s", pledge.id, error)
        checkpoint()


def _charge_due_pledges(now, gateway, checkpoint, report) -> None:
    due_campaign = or_(
        Campaign.status == "succeeded",
        (Campaign.funding_model == "keep_it_all") & Campaign.status.in_(("live", "failed")),
    )
    candidates = db.session.scalars(
        select(Pledge.id)
        .join(Campaign, Campaign.id == Pledge.campaign_id)
        .where(
            due_campaign,
            Pledge.method == "card",
            or_(Pledge.status == "authorised", (Pledge.status == "charging") & (Pledge.charge_claimed_at <= now - STALE_CLAIM)),
        )
        .order_by(Pledge.id)
    ).all()
    if not candidates:
        return
    if gateway is None:
        current_app.logger.warning("%d card pledges are due but card payments are not configured", len(candidates))
        report.retry_later.extend(candidates)
        return
    for pledge_id in candidates:
        pledge = db.session.get(Pledge, pledge_id)
        if not cards.claim_for_charging(pledge, now, STALE_CLAIM):
            continue  # another runner has it
        checkpoint()  # the claim is durable before Stripe is called
        outcome = cards.charge_claimed_pledge(pledge, gateway, now)
        getattr(report, outcome).append(pledge.id)
        checkpoint()


def _expire_unpaid(now: datetime, report: CloseReport) -> None:
    overdue = db.session.scalars(
        select(Pledge).where(Pledge.status == "action_required", Pledge.payment_due_at <= now).order_by(Pledge.id)
    ).all()
    for pledge in overdue:
        transitions.move_pledge(pledge, "failed", kind="payment_expired", note="grace period over")
        report.expired.append(pledge.id)
