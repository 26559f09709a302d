"""Stripe webhooks: verified, recorded by event id (processed once), applied idempotently.

Events can arrive late, twice or out of order; each handler only moves a pledge forward when the
news is new (payment_intent.succeeded for a pledge already charged is a no-op).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.core.models import utcnow
from participation.crowdfunding.models import Pledge, StripeEvent
from participation.crowdfunding.payments import cards, refunds
from participation.crowdfunding.stripe_gateway import Intent, verify_webhook
from participation.extensions import db

HANDLED = ("setup_intent.succeeded", "payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded")


def _find_pledge(obj: dict) -> Pledge | None:
    metadata = obj.get("metadata") or {}
    pledge_id = metadata.get("pledge_id")
    if pledge_id and str(pledge_id).isdigit():
        pledge = db.session.get(Pledge, int(pledge_id))
        if pledge is not None and pledge.gateway_key == metadata.get("pledge_key"):
            return pledge
    object_id = obj.get("id")
    for column in (Pledge.setup_intent_id, Pledge.payment_intent_id):
        pledge = db.session.scalar(select(Pledge).where(column == object_id))
        if pledge is not None:
            return pledge
    intent_id = obj.get("payment_intent")
    if intent_id:
        return db.session.scalar(select(Pledge).where(Pledge.payment_intent_id == intent_id))
    return None


def _intent(obj: dict) -> Intent:
    payment_method = obj.get("payment_method")
    if isinstance(payment_method, dict):
        payment_method = payment_method.get("id")
    return Intent(id=obj["id"], status=obj.get("status", ""), client_secret=None, payment_method_id=payment_method)


def handle_webhook(payload: bytes, signature_header: str | None, secret: str) -> str:
    """Verify and apply one event. Raises InvalidWebhook for forged or stale payloads."""
    event = verify_webhook(payload, signature_header, secret)
    event_id, event_type = event.get("id"), event.get("type", "")
    if not event_id:
        return "ignored: no id"
    try:
        with db.session.begin_nested():
            record = StripeEvent(event_id=event_id, type=event_type[:100])
            db.session.add(record)
    except IntegrityError:
        return "duplicate"
    obj = (event.get("data") or {}).get("object") or {}
    outcome = "ignored"
    if event_type in HANDLED:
        pledge = _find_pledge(obj)
        if pledge is None:
            outcome = "no matching pledge"
        elif event_type == "setup_intent.succeeded":
            outcome = "card saved" if cards.apply_setup_intent(pledge, _intent(obj)) else "no change"
        elif event_type == "payment_intent.succeeded":
            outcome = "charged" if cards.apply_payment_intent(pledge, _intent(obj)) else "no change"
        elif event_type == "payment_intent.payment_failed":
            outcome = "no change"  # the charging run or the backer's page already handles failures
        elif event_type == "charge.refunded":
            outcome = "refunded" if refunds.apply_refund_notice(pledge, obj.get("id")) else "no change"
    record.processed_at = utcnow()
    record.outcome = outcome
    db.session.flush()
    return outcome
