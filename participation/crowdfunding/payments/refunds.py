"""Giving collected money back: cards through Stripe, transfers paid back by the city's accounting
(recorded here), and refunds Stripe reports on its own. Functions flush and never commit."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from participation.core.errors import NotAllowed
from participation.core.text import clean_plain
from participation.crowdfunding.errors import InvalidPledge
from participation.crowdfunding.models import Campaign, Pledge
from participation.crowdfunding.payments.cards import stripe_key, stripe_metadata
from participation.crowdfunding.payments.transitions import move_pledge
from participation.crowdfunding.stripe_gateway import CardPaymentsDisabled, StripeGateway
from participation.extensions import db
from participation.notifications.mail import send_mail


def refund_pledge(pledge: Pledge, actor, reason: str, gateway: StripeGateway | None = None) -> None:
    """Give the money back. Cards through Stripe (idempotent); transfers are paid back by the city's
    accounting, this records that it was done."""
    reason = clean_plain(reason, multiline=True)
    if not reason:
        raise InvalidPledge(_l("Give a reason for the refund."), field="reason")
    if pledge.status == "refunded":
        raise NotAllowed(_l("This pledge was already refunded."))
    if pledge.status not in ("charged", "received"):
        raise NotAllowed(_l("Only collected pledges can be refunded."))
    refund_id = None
    if pledge.method == "card":
        if gateway is None:
            raise CardPaymentsDisabled(_l("Card payments are not available on this site."))
        refund_id = gateway.refund(payment_intent_id=pledge.payment_intent_id, key=stripe_key(pledge, "refund"), metadata=stripe_metadata(pledge))
    move_pledge(pledge, "refunded", kind="refunded", actor=actor, note=reason, amount_cents=-pledge.amount_cents, stripe_object_id=refund_id)
    send_mail(
        pledge.backer.email,
        _l("Your pledge for “%(title)s” is refunded", title=pledge.campaign.title),
        "crowdfunding_refund",
        kind="crowdfunding_pledge",
        locale=pledge.backer.language,
        pledge=pledge,
        campaign=pledge.campaign,
        backer=pledge.backer,
        reason=reason,
    )


def refunds_due() -> list[Pledge]:
    """Bank transfers the city received for campaigns that will not use them (all-or-nothing campaigns
    that failed, cancelled campaigns): the city owes these backers their money back. Oldest first."""
    owed = (Campaign.status == "cancelled") | ((Campaign.status == "failed") & (Campaign.funding_model == "all_or_nothing"))
    return list(
        db.session.scalars(
            select(Pledge)
            .join(Campaign, Campaign.id == Pledge.campaign_id)
            .where(Pledge.method == "bank_transfer", Pledge.status == "received", owed)
            .options(contains_eager(Pledge.campaign))
            .order_by(Campaign.closed_at, Pledge.id)
        )
    )


def apply_refund_notice(pledge: Pledge, refund_or_charge_id: str | None) -> bool:
    """Stripe says the charge was refunded (perhaps from Stripe's dashboard): record it once."""
    if pledge.status != "charged":
        return False
    move_pledge(pledge, "refunded", kind="refunded", note="reported by Stripe", amount_cents=-pledge.amount_cents, stripe_object_id=refund_or_charge_id)
    return True
