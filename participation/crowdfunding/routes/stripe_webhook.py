"""The endpoint Stripe posts its events to (no CSRF token: the signature proves where it comes from).

With several municipalities each has its own Stripe account and webhook secret, and its webhook URL
names it (/crowdfunding/stripe/webhook/<slug>, on its own host): an event for another municipality,
or signed with another municipality's secret, is refused before anything is read.
"""
from __future__ import annotations

from flask import abort, current_app, request

from participation.core import municipalities
from participation.crowdfunding import bp
from participation.crowdfunding.stripe_gateway import InvalidWebhook
from participation.crowdfunding.webhooks import handle_webhook
from participation.extensions import csrf


@bp.post("/crowdfunding/stripe/webhook")
@bp.post("/crowdfunding/stripe/webhook/<municipality>")
@csrf.exempt
def stripe_webhook(municipality: str | None = None):
    if municipality != municipalities.slug():
        abort(404)
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        abort(404)
    try:
        outcome = handle_webhook(request.get_data(), request.headers.get("Stripe-Signature"), secret)
    except InvalidWebhook:
        return {"error": "invalid signature"}, 400
    return {"outcome": outcome}, 200
