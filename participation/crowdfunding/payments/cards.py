"""Card pledges through Stripe.

Every card is first saved with a SetupIntent (Stripe.js confirms it in the browser), then charged
off-session by the server: at the deadline for all-or-nothing, at once for keep-it-all, and at once
when a backer replaces a card whose charge failed. One path for every case, and the browser never
decides that money was paid: the server asks Stripe. Functions flush and never commit.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, update

from participation.core.errors import DomainError, NotAllowed
from participation.core.models import utcnow
from participation.crowdfunding.errors import InvalidPledgeTransition
from participation.notifications.service import external_link
from participation.crowdfunding.models import Pledge
from participation.crowdfunding.outcomes import tell_backer
from participation.crowdfunding.payments.transitions import log_transaction, move_pledge
from participation.crowdfunding.stripe_gateway import (
    GatewayUnavailable,
    Intent,
    PaymentDeclined,
    StripeGateway,
    idempotency_key,
)
from participation.extensions import db
from participation.notifications.mail import send_mail


def stripe_metadata(pledge: Pledge) -> dict[str, str]:
    """What every Stripe object of a pledge carries, so a webhook finds its pledge again."""
    return {"pledge_id": str(pledge.id), "pledge_key": pledge.gateway_key, "campaign_id": str(pledge.campaign_id)}


def stripe_key(pledge: Pledge, purpose: str) -> str:
    return idempotency_key(pledge.id, pledge.gateway_key, purpose)


def prepare_card_payment(pledge: Pledge, gateway: StripeGateway) -> Intent:
    """Make sure Stripe holds a SetupIntent the browser can confirm; return it.

    Raises GatewayUnavailable when Stripe is unreachable: the pledge stays as it is and can be retried.
    """
    if pledge.method != "card" or pledge.status not in ("pending", "action_required"):
        raise NotAllowed(_l("This pledge does not need a card any more."))
    if pledge.stripe_customer_id is None:
        backer = pledge.backer
        pledge.stripe_customer_id = gateway.create_customer(
            email=backer.email, name=backer.display_name, key=stripe_key(pledge, "customer"), metadata=stripe_metadata(pledge)
        )
        db.session.flush()
    if pledge.setup_intent_id:
        intent = gateway.retrieve_setup_intent(pledge.setup_intent_id)
        if intent.status not in ("canceled", "succeeded"):
            return intent
        if intent.status == "succeeded" and pledge.status == "pending":
            return intent  # saved, but the browser did not report back: sync_card_pledge will pick it up
        pledge.attempts += 1
    intent = gateway.create_setup_intent(
        customer_id=pledge.stripe_customer_id, key=stripe_key(pledge, f"setup-{pledge.attempts}"), metadata=stripe_metadata(pledge)
    )
    pledge.setup_intent_id = intent.id
    log_transaction(pledge, "setup_started", pledge.status, pledge.status, stripe_object_id=intent.id)
    return intent


def open_setup_intent(pledge: Pledge, gateway: StripeGateway) -> Intent | None:
    """The SetupIntent the browser can still confirm for this pledge, or None (read-only)."""
    if pledge.method != "card" or pledge.status not in ("pending", "action_required") or not pledge.setup_intent_id:
        return None
    intent = gateway.retrieve_setup_intent(pledge.setup_intent_id)
    return intent if intent.status not in ("canceled", "succeeded") else None


def apply_setup_intent(pledge: Pledge, intent: Intent) -> bool:
    """A saved card makes the pledge 'authorised'. Idempotent; returns whether anything changed."""
    if intent.status != "succeeded" or not intent.payment_method_id:
        return False
    if pledge.status not in ("pending", "action_required") or intent.id != pledge.setup_intent_id:
        return False  # old news: this card was already recorded, or an earlier attempt reports late
    pledge.payment_method_id = intent.payment_method_id
    pledge.payment_due_at = None
    move_pledge(pledge, "authorised", kind="card_saved", stripe_object_id=intent.id)
    return True


def apply_payment_intent(pledge: Pledge, intent: Intent) -> bool:
    """A succeeded PaymentIntent makes the pledge 'charged' exactly once; repeats and stale news are no-ops."""
    if intent.status != "succeeded":
        return False
    if pledge.status in ("charged", "refunded"):
        return False  # already known: the webhook and the synchronous answer both report the same charge
    if pledge.status not in ("charging", "action_required"):
        current_app.logger.warning("Pledge %s is %s but Stripe reports %s succeeded", pledge.id, pledge.status, intent.id)
        return False
    pledge.payment_intent_id = intent.id
    pledge.payment_due_at = None
    move_pledge(pledge, "charged", kind="charged", amount_cents=pledge.amount_cents, stripe_object_id=intent.id)
    if pledge.campaign.status in ("succeeded", "failed"):
        tell_backer(pledge, pledge.campaign.status)  # charged after the campaign ended: the backer hears once
    return True


def is_due_for_charging(pledge: Pledge) -> bool:
    campaign = pledge.campaign
    if campaign.status == "succeeded":
        return True
    return not campaign.is_all_or_nothing and campaign.status in ("live", "failed")


def claim_for_charging(pledge: Pledge, now: datetime, stale_after: timedelta = timedelta(minutes=15)) -> bool:
    """authorised (or a claim abandoned by a crashed run) -> charging, won by exactly one runner.

    The check and the change are one conditional UPDATE, so two runners can never both win."""
    previous = pledge.status
    result = db.session.execute(
        update(Pledge)
        .where(
            Pledge.id == pledge.id,
            or_(Pledge.status == "authorised", (Pledge.status == "charging") & (Pledge.charge_claimed_at <= now - stale_after)),
        )
        .values(status="charging", charge_claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(pledge)
    log_transaction(pledge, "charge_claimed", previous, "charging", amount_cents=pledge.amount_cents)
    return True


def charge_claimed_pledge(pledge: Pledge, gateway: StripeGateway, now: datetime) -> str:
    """Charge a claimed pledge off-session. Returns 'charged', 'action_required' or 'retry_later'.

    The idempotency key is the same for every attempt, so a retry after a timeout or a crash gets
    Stripe's first answer instead of a second charge."""
    if pledge.status != "charging":
        raise InvalidPledgeTransition(_l("This pledge is not being charged."))
    try:
        intent = gateway.charge_off_session(
            amount_cents=pledge.amount_cents,
            customer_id=pledge.stripe_customer_id,
            payment_method_id=pledge.payment_method_id,
            key=stripe_key(pledge, f"charge-{pledge.payment_method_id}"),
            metadata=stripe_metadata(pledge),
        )
    except GatewayUnavailable:
        move_pledge(pledge, "authorised", kind="charge_retry", note="payment service unreachable")
        return "retry_later"
    except PaymentDeclined as declined:
        ask_backer_to_pay(pledge, now, declined.code)
        return "action_required"
    except DomainError as error:
        ask_backer_to_pay(pledge, now, str(error))
        return "action_required"
    if intent.status == "succeeded":
        apply_payment_intent(pledge, intent)
        return "charged"
    # requires_action (the bank wants the backer to confirm) or requires_payment_method
    ask_backer_to_pay(pledge, now, intent.error_code or intent.status, intent.id)
    return "action_required"


def charge_now_if_due(pledge: Pledge, gateway: StripeGateway, now: datetime | None = None) -> str | None:
    """After a card was saved: keep-it-all pledges, and replacements of a failed card, are charged at once."""
    now = now or utcnow()
    if pledge.status != "authorised" or not is_due_for_charging(pledge):
        return None
    if not claim_for_charging(pledge, now):
        return None
    return charge_claimed_pledge(pledge, gateway, now)


def ask_backer_to_pay(pledge: Pledge, now: datetime, reason: str | None, intent_id: str | None = None) -> None:
    """The off-session charge did not go through: the backer gets a link to pay with a card on the site."""
    if pledge.status != "charging":
        return  # a webhook already settled it
    pledge.payment_due_at = grace_deadline(now)
    move_pledge(pledge, "action_required", kind="charge_failed", note=reason or "", stripe_object_id=intent_id)
    backer = pledge.backer
    send_mail(
        backer.email,
        _l("Please complete your payment for “%(title)s”", title=pledge.campaign.title),
        "crowdfunding_payment_action",
        kind="crowdfunding_pledge",
        locale=backer.language,
        pledge=pledge,
        campaign=pledge.campaign,
        backer=backer,
        due=pledge.payment_due_at,
        link=external_link("crowdfunding.pledge", pledge_id=pledge.id),
    )


def sync_card_pledge(pledge: Pledge, gateway: StripeGateway, now: datetime | None = None) -> Pledge:
    """After the browser confirmed the card: ask Stripe what happened (never trust the browser),
    then charge at once when the pledge is due."""
    if pledge.status in ("pending", "action_required") and pledge.setup_intent_id:
        apply_setup_intent(pledge, gateway.retrieve_setup_intent(pledge.setup_intent_id))
    charge_now_if_due(pledge, gateway, now)
    return pledge


def grace_deadline(now: datetime) -> datetime:
    return now + timedelta(days=current_app.config["PAYMENT_GRACE_DAYS"])
