"""The endpoint Stripe posts its events to (no CSRF token: the signature proves where it comes from)."""
from __future__ import annotations

from flask import abort, current_app, request

from participation.crowdfunding import bp
from participation.crowdfunding.stripe_gateway import InvalidWebhook
from participation.crowdfunding.webhooks import handle_webhook
from participation.extensions import csrf


@bp.post("/crowdfunding/stripe/webhook")
@csrf.exempt
def stripe_webhook():
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        abort(404)
    try:
        outcome = handle_webhook(request.get_data(), request.headers.get("Stripe-Signature"), secret)
    except InvalidWebhook:
        return {"error": "invalid signature"}, 400
    return {"outcome": outcome}, 200
