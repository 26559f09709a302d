"""Stripe webhooks with genuinely signed payloads (HMAC-SHA256 'v1' signatures, as Stripe sends them)."""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time

import pytest
from sqlalchemy import func, select

from participation.crowdfunding.models import PledgeTransaction, StripeEvent
from participation.crowdfunding.payments import cards, pledges
from participation.crowdfunding.stripe_gateway import get_gateway
from participation.extensions import db
from tests.crowdfunding.conftest import WEBHOOK_SECRET
from tests.crowdfunding.test_stripe_lifecycle import browser_saves_card, card_pledge

URL = "/crowdfunding/stripe/webhook"


def signed(event: dict, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> tuple[bytes, dict]:
    payload = json.dumps(event).encode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return payload, {"Stripe-Signature": f"t={timestamp},v1={signature}", "Content-Type": "application/json"}


def event(kind: str, obj: dict, event_id: str | None = None) -> dict:
    return {"id": event_id or f"evt_{secrets.token_hex(8)}", "object": "event", "type": kind, "created": int(time.time()), "data": {"object": obj}}


def post(client, payload, headers):
    return client.post(URL, data=payload, headers=headers)


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_a_signed_setup_intent_event_saves_the_card_even_if_the_browser_never_came_back(stripe_config, stripe_client, client, make_campaign, make_user, csrf_on):
    campaign = make_campaign("live")
    pledge = pledges.record_pledge(campaign, make_user(), amount="30", method="card")
    intent = cards.prepare_card_payment(pledge, get_gateway())
    confirmed = browser_saves_card(stripe_client, intent)
    payload, headers = signed(event("setup_intent.succeeded", confirmed.to_dict()))
    response = post(client, payload, headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json == {"outcome": "card saved"}
    db.session.refresh(pledge)
    assert pledge.status == "authorised" and pledge.payment_method_id == confirmed.payment_method


def test_a_redelivered_event_is_processed_once(stripe_config, stripe_client, client, make_campaign, make_user):
    campaign = make_campaign("live")
    pledge = pledges.record_pledge(campaign, make_user(), amount="30", method="card")
    intent = cards.prepare_card_payment(pledge, get_gateway())
    confirmed = browser_saves_card(stripe_client, intent)
    payload, headers = signed(event("setup_intent.succeeded", confirmed.to_dict(), "evt_once"))
    assert post(client, payload, headers).json == {"outcome": "card saved"}
    assert post(client, payload, headers).json == {"outcome": "duplicate"}
    assert db.session.scalar(select(func.count(StripeEvent.id)).where(StripeEvent.event_id == "evt_once")) == 1
    db.session.refresh(pledge)
    assert [t.to_status for t in pledge.transactions].count("authorised") == 1


@pytest.mark.parametrize("how", ["wrong secret", "tampered", "no header", "too old", "garbage header"])
def test_forged_tampered_or_stale_payloads_are_refused(card_config, client, make_campaign, make_user, how):
    campaign = make_campaign("live", funding_model="keep_it_all")
    pledge = pledges.record_pledge(campaign, make_user(), amount="30", method="bank_transfer")
    obj = {"id": "pi_forged", "object": "payment_intent", "status": "succeeded", "metadata": {"pledge_id": str(pledge.id), "pledge_key": pledge.gateway_key}}
    evt = event("payment_intent.succeeded", obj)
    if how == "wrong secret":
        payload, headers = signed(evt, secret="whsec_attacker")
    elif how == "tampered":
        payload, headers = signed(evt)
        payload = payload.replace(b"succeeded", b"succeeded ")
    elif how == "no header":
        payload, headers = signed(evt)
        headers.pop("Stripe-Signature")
    elif how == "too old":
        payload, headers = signed(evt, timestamp=int(time.time()) - 3600)  # a captured payload replayed an hour later
    else:
        payload, headers = signed(evt)
        headers["Stripe-Signature"] = "nonsense"
    response = post(client, payload, headers)
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(StripeEvent.id))) == 0


def test_the_webhook_is_off_without_a_secret(client):
    payload, headers = signed(event("payment_intent.succeeded", {"id": "pi_x"}))
    assert post(client, payload, headers).status_code == 404


def test_payment_succeeded_for_an_already_charged_pledge_changes_nothing(stripe_config, stripe_client, client, make_campaign, make_user):
    campaign = make_campaign("live", funding_model="keep_it_all")
    pledge = card_pledge(campaign, make_user(), stripe_client, "25")
    assert pledge.status == "charged"
    rows = len(pledge.transactions)
    obj = stripe_client.payment_intents.retrieve(pledge.payment_intent_id).to_dict()
    payload, headers = signed(event("payment_intent.succeeded", obj))
    assert post(client, payload, headers).json == {"outcome": "no change"}
    assert db.session.scalar(select(func.count(PledgeTransaction.id)).where(PledgeTransaction.pledge_id == pledge.id)) == rows


def test_a_success_event_arriving_before_our_own_charge_result_settles_the_pledge_once(stripe_config, stripe_client, client, make_campaign, make_user):
    """Out of order: Stripe's webhook beats the answer of our own off-session call."""
    from datetime import timedelta

    from participation.core.models import utcnow

    campaign = make_campaign("live", goal="100")
    pledge = card_pledge(campaign, make_user(), stripe_client, "100")
    from participation.crowdfunding import services

    services.change_status(campaign, "succeeded", actor=None, reason="test")
    assert cards.claim_for_charging(pledge, utcnow())
    obj = {"id": "pi_from_webhook", "object": "payment_intent", "status": "succeeded",
           "metadata": {"pledge_id": str(pledge.id), "pledge_key": pledge.gateway_key}}
    payload, headers = signed(event("payment_intent.succeeded", obj))
    assert post(client, payload, headers).json == {"outcome": "charged"}
    db.session.refresh(pledge)
    assert pledge.status == "charged" and pledge.payment_intent_id == "pi_from_webhook"
    # our own late answer is old news
    assert cards.charge_now_if_due(pledge, get_gateway(), utcnow() + timedelta(hours=1)) is None


def test_an_event_with_the_wrong_pledge_key_touches_nothing(card_config, client, make_campaign, make_user):
    campaign = make_campaign("live")
    pledge = pledges.record_pledge(campaign, make_user(), amount="30", method="bank_transfer")
    obj = {"id": "pi_other", "object": "payment_intent", "status": "succeeded", "metadata": {"pledge_id": str(pledge.id), "pledge_key": "guessed"}}
    payload, headers = signed(event("payment_intent.succeeded", obj))
    assert post(client, payload, headers).json == {"outcome": "no matching pledge"}


def test_a_refund_made_in_the_stripe_dashboard_is_recorded(stripe_config, stripe_client, client, make_campaign, make_user):
    campaign = make_campaign("live", funding_model="keep_it_all")
    pledge = card_pledge(campaign, make_user(), stripe_client, "25")
    stripe_client.refunds.create(params={"payment_intent": pledge.payment_intent_id})
    charge = stripe_client.charges.list(params={"customer": pledge.stripe_customer_id}).data[0].to_dict()
    payload, headers = signed(event("charge.refunded", charge))
    assert post(client, payload, headers).json == {"outcome": "refunded"}
    db.session.refresh(pledge)
    assert pledge.status == "refunded"


def test_unknown_event_types_are_recorded_and_ignored(card_config, client):
    payload, headers = signed(event("customer.created", {"id": "cus_1"}, "evt_customer"))
    assert post(client, payload, headers).json == {"outcome": "ignored"}


def signed_body(body: bytes, secret: str = WEBHOOK_SECRET) -> tuple[bytes, dict]:
    timestamp = int(time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, {"Stripe-Signature": f"t={timestamp},v1={signature}", "Content-Type": "application/json"}


ODD_BODIES = {
    "not JSON": b"hello",
    "a JSON list": b"[1, 2, 3]",
    "a JSON string": b'"evt_1"',
    "a number as id": json.dumps({"id": 5, "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_1"}}}).encode(),
    "no type": json.dumps({"id": "evt_no_type", "data": {"object": {"id": "pi_1"}}}).encode(),
    "a type past its column": json.dumps({"id": "evt_long_type", "type": "x" * 101, "data": {"object": {}}}).encode(),
    "an id past its column": json.dumps({"id": "e" * 256, "type": "charge.refunded", "data": {"object": {}}}).encode(),
    "data as a list": json.dumps({"id": "evt_list", "type": "charge.refunded", "data": [1]}).encode(),
    "object as a string": json.dumps({"id": "evt_string", "type": "charge.refunded", "data": {"object": "ch_1"}}).encode(),
    "no data": json.dumps({"id": "evt_no_data", "type": "charge.refunded"}).encode(),
}


@pytest.mark.parametrize("shape", ODD_BODIES)
def test_a_signed_body_of_an_unexpected_shape_is_answered_logged_and_changes_nothing(card_config, client, shape, caplog):
    payload, headers = signed_body(ODD_BODIES[shape])
    response = post(client, payload, headers)
    assert response.status_code == 200
    assert response.json == {"outcome": "ignored: unexpected shape"}
    assert any("Stripe webhook ignored" in record.getMessage() for record in caplog.records)
    assert db.session.scalar(select(func.count(StripeEvent.id))) == 0


@pytest.mark.parametrize("kind", ["setup_intent.succeeded", "payment_intent.succeeded", "charge.refunded"])
@pytest.mark.parametrize("object_id", [None, "", {"no": "id"}, 42])
def test_an_object_without_a_usable_id_is_never_matched_to_a_pledge_that_has_no_intent_yet(card_config, client, make_campaign, make_user, kind, object_id):
    campaign = make_campaign("live")
    waiting = pledges.record_pledge(campaign, make_user(), amount="30", method="bank_transfer")
    assert waiting.setup_intent_id is None and waiting.payment_intent_id is None
    obj = {"object": kind.split(".")[0], "status": "succeeded"}
    if object_id is not None:
        obj["id"] = object_id
    payload, headers = signed(event(kind, obj))
    assert post(client, payload, headers).json == {"outcome": "ignored: object without id"}
    db.session.refresh(waiting)
    assert waiting.status == "awaiting_transfer"
    assert db.session.scalar(select(func.count(StripeEvent.id))) == 1  # recorded, so a redelivery is a duplicate


@pytest.mark.parametrize("metadata", [
    ["pledge_id", "1"],
    {"pledge_id": "99999999999999999999999", "pledge_key": "k"},
    {"pledge_id": "-1", "pledge_key": "k"},
    {"pledge_id": 7, "pledge_key": ["k"]},
    {"pledge_id": "١٢", "pledge_key": "k"},  # Arabic-Indic digits: str.isdigit() says yes, an id column says no
])
def test_odd_metadata_is_no_match_rather_than_an_error(card_config, client, metadata):
    obj = {"id": "pi_unknown", "object": "payment_intent", "status": "succeeded", "metadata": metadata,
           "payment_method": {"id": None}, "payment_intent": {"id": 3}}
    payload, headers = signed(event("payment_intent.succeeded", obj))
    response = post(client, payload, headers)
    assert response.status_code == 200
    assert response.json == {"outcome": "no matching pledge"}
