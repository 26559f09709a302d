"""Stripe webhooks: verified, recorded by event id (processed once), applied idempotently.

Events can arrive late, twice or out of order; each handler only moves a pledge forward when the
news is new (payment_intent.succeeded for a pledge already charged is a no-op).
"""
from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.core.inputs import db_int
from participation.core.models import utcnow
from participation.crowdfunding.models import Pledge, StripeEvent
from participation.crowdfunding.payments import cards, refunds
from participation.crowdfunding.stripe_gateway import Intent, verify_webhook
from participation.extensions import db

log = logging.getLogger(__name__)

EVENT_ID_LENGTH = 255  # StripeEvent.event_id
EVENT_TYPE_LENGTH = 100  # StripeEvent.type
ID_LENGTH = 64  # Pledge.setup_intent_id, payment_intent_id
HANDLED = ("setup_intent.succeeded", "payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded")


def _text(value: Any, limit: int) -> str | None:
    """A Stripe id or type as the documentation shapes it: a non-empty printable string that fits its column."""
    if isinstance(value, str) and value and len(value) <= limit and value.isprintable():
        return value
    return None


def _id_of(value: Any) -> str | None:
    """An object reference, plain ("pi_1") or expanded ({"id": "pi_1", ...})."""
    if isinstance(value, dict):
        value = value.get("id")
    return _text(value, ID_LENGTH)


def _shape(event: Any) -> tuple[str, str, dict] | None:
    """The event's id, type and data.object, or None when the signed body is not an event as Stripe documents it."""
    if not isinstance(event, dict):
        return None
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    event_id, event_type = _text(event.get("id"), EVENT_ID_LENGTH), _text(event.get("type"), EVENT_TYPE_LENGTH)
    if event_id is None or event_type is None or not isinstance(obj, dict):
        return None
    return event_id, event_type, obj


def _find_pledge(obj: dict, object_id: str) -> Pledge | None:
    """The pledge an object is about: by our own metadata (id and secret key), else by the intent's id. Never
    by a missing id: `column == None` would match every pledge that has no intent yet."""
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    pledge_id, pledge_key = metadata.get("pledge_id"), _text(metadata.get("pledge_key"), 255)
    if isinstance(pledge_id, str) and pledge_key is not None:
        try:
            pledge = db.session.get(Pledge, db_int(pledge_id))
        except ValueError:
            pledge = None
        if pledge is not None and pledge.gateway_key == pledge_key:
            return pledge
    for column in (Pledge.setup_intent_id, Pledge.payment_intent_id):
        pledge = db.session.scalar(select(Pledge).where(column == object_id))
        if pledge is not None:
            return pledge
    intent_id = _id_of(obj.get("payment_intent"))
    if intent_id is not None:
        return db.session.scalar(select(Pledge).where(Pledge.payment_intent_id == intent_id))
    return None


def _intent(obj: dict, object_id: str) -> Intent:
    status = obj.get("status") if isinstance(obj.get("status"), str) else ""
    return Intent(id=object_id, status=status, client_secret=None, payment_method_id=_id_of(obj.get("payment_method")))


def handle_webhook(payload: bytes, signature_header: str | None, secret: str) -> str:
    """Verify and apply one event. Raises InvalidWebhook for forged or stale payloads.

    A genuinely signed body of an unexpected shape is answered (Stripe would only redeliver it) and
    logged, and changes nothing."""
    shape = _shape(verify_webhook(payload, signature_header, secret))
    if shape is None:
        log.warning("Stripe webhook ignored: a signed body that is not an event with an id, a type and data.object")
        return "ignored: unexpected shape"
    event_id, event_type, obj = shape
    try:
        with db.session.begin_nested():
            record = StripeEvent(event_id=event_id, type=event_type)
            db.session.add(record)
    except IntegrityError:
        return "duplicate"
    outcome = "ignored"
    object_id = _id_of(obj.get("id"))
    if event_type in HANDLED and object_id is None:
        log.warning("Stripe webhook %s (%s) ignored: its object has no usable id", event_id, event_type)
        outcome = "ignored: object without id"
    elif event_type in HANDLED:
        pledge = _find_pledge(obj, object_id)
        if pledge is None:
            outcome = "no matching pledge"
        elif event_type == "setup_intent.succeeded":
            outcome = "card saved" if cards.apply_setup_intent(pledge, _intent(obj, object_id)) else "no change"
        elif event_type == "payment_intent.succeeded":
            outcome = "charged" if cards.apply_payment_intent(pledge, _intent(obj, object_id)) else "no change"
        elif event_type == "payment_intent.payment_failed":
            outcome = "no change"  # the charging run or the backer's page already handles failures
        elif event_type == "charge.refunded":
            outcome = "refunded" if refunds.apply_refund_notice(pledge, object_id) else "no change"
    record.processed_at = utcnow()
    record.outcome = outcome
    db.session.flush()
    return outcome
