"""The only module that talks to Stripe (and the only one that imports `stripe`).

Everything it returns is a plain value, so Stripe's objects never leak into services or templates.
Every create call carries an idempotency key derived from the pledge and the purpose, so a retry
after a timeout returns the first result instead of charging twice.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Mapping

import stripe
from flask import current_app
from flask_babel import lazy_gettext as _l

from participation.core.errors import DomainError

CURRENCY = "eur"


class GatewayUnavailable(DomainError):
    """Stripe could not be reached (or answered with a server error): try again later."""


class PaymentDeclined(DomainError):
    """The card was refused. `code` is Stripe's decline code."""

    def __init__(self, message: object, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code or "card_declined"


class GatewayRejected(DomainError):
    """Stripe refused the request itself (an invalid or already-used object)."""


class InvalidWebhook(Exception):
    """The payload is not a genuine, fresh event from Stripe."""


class CardPaymentsDisabled(DomainError):
    pass


@dataclass(frozen=True)
class Intent:
    id: str
    status: str
    client_secret: str | None
    payment_method_id: str | None
    error_code: str | None = None


def _intent(stripe_object: Any) -> Intent:
    obj = stripe_object.to_dict() if hasattr(stripe_object, "to_dict") else dict(stripe_object)
    payment_method = obj.get("payment_method")
    if isinstance(payment_method, Mapping):
        payment_method = payment_method.get("id")
    error = obj.get("last_payment_error") or obj.get("last_setup_error")
    return Intent(
        id=obj["id"],
        status=obj["status"],
        client_secret=obj.get("client_secret"),
        payment_method_id=payment_method,
        error_code=(error or {}).get("code") if error else None,
    )


def idempotency_key(pledge_id: int, gateway_key: str, purpose: str) -> str:
    return f"stadslab-pledge-{pledge_id}-{gateway_key}-{purpose}"


class StripeGateway:
    def __init__(self, secret_key: str, api_base: str | None = None, timeout: int = 20) -> None:
        options: dict[str, Any] = {"max_network_retries": 0, "http_client": stripe.RequestsClient(timeout=timeout)}
        if api_base:
            options["base_addresses"] = {"api": api_base}
        self._client = stripe.StripeClient(secret_key, **options)
        self._v1 = self._client.v1

    # -- helpers ---------------------------------------------------------------------------

    def _call(self, func, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        except stripe.CardError as error:
            raise PaymentDeclined(_l("Your card was declined. Try another card or choose a bank transfer."), code=error.code) from error
        except (stripe.APIConnectionError, stripe.RateLimitError) as error:
            raise GatewayUnavailable(_l("The payment service cannot be reached right now. Your pledge is saved; please try again in a few minutes.")) from error
        except stripe.InvalidRequestError as error:
            raise GatewayRejected(_l("The payment service refused this request.")) from error
        except stripe.StripeError as error:
            if error.http_status is None or error.http_status >= 500:
                raise GatewayUnavailable(_l("The payment service cannot be reached right now. Your pledge is saved; please try again in a few minutes.")) from error
            raise GatewayRejected(_l("The payment service refused this request.")) from error

    # -- customers and intents ---------------------------------------------------------------

    def create_customer(self, *, email: str, name: str, key: str, metadata: dict[str, str]) -> str:
        customer = self._call(
            self._v1.customers.create,
            params={"email": email, "name": name, "metadata": metadata},
            options={"idempotency_key": key},
        )
        return customer.id

    def create_setup_intent(self, *, customer_id: str, key: str, metadata: dict[str, str]) -> Intent:
        """Save a card for a later off-session charge (all-or-nothing campaigns)."""
        intent = self._call(
            self._v1.setup_intents.create,
            params={"customer": customer_id, "usage": "off_session", "payment_method_types": ["card"], "metadata": metadata},
            options={"idempotency_key": key},
        )
        return _intent(intent)

    def retrieve_setup_intent(self, intent_id: str) -> Intent:
        return _intent(self._call(self._v1.setup_intents.retrieve, intent_id))

    def retrieve_payment_intent(self, intent_id: str) -> Intent:
        return _intent(self._call(self._v1.payment_intents.retrieve, intent_id))

    def charge_off_session(
        self, *, amount_cents: int, customer_id: str, payment_method_id: str, key: str, metadata: dict[str, str]
    ) -> Intent:
        """Charge a saved card without the backer present. Raises PaymentDeclined when the bank refuses."""
        intent = self._call(
            self._v1.payment_intents.create,
            params={
                "amount": amount_cents,
                "currency": CURRENCY,
                "customer": customer_id,
                "payment_method": payment_method_id,
                "off_session": True,
                "confirm": True,
                "metadata": metadata,
            },
            options={"idempotency_key": key},
        )
        return _intent(intent)

    def refund(self, *, payment_intent_id: str, key: str, metadata: dict[str, str]) -> str:
        refund = self._call(
            self._v1.refunds.create,
            params={"payment_intent": payment_intent_id, "metadata": metadata},
            options={"idempotency_key": key},
        )
        return refund.id


def verify_webhook(payload: bytes, signature_header: str | None, secret: str, tolerance: int = 300) -> Any:
    """Check the Stripe-Signature header (HMAC-SHA256 with the endpoint secret, timestamp within
    `tolerance` seconds) and return the parsed JSON as it is (its shape is checked by webhooks.py).
    A signed body that is not JSON comes back as None."""
    try:
        stripe.WebhookSignature.verify_header(payload, signature_header or "", secret, tolerance)
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise InvalidWebhook(str(error)) from error
    try:
        return json.loads(payload)
    except ValueError:
        return None


def card_payments_enabled() -> bool:
    config = current_app.config
    return bool(config.get("STRIPE_SECRET_KEY") and config.get("STRIPE_PUBLISHABLE_KEY"))


def get_gateway() -> StripeGateway:
    """The gateway for the current application, built from its configuration."""
    if not card_payments_enabled():
        raise CardPaymentsDisabled(_l("Card payments are not available on this site. You can support the project by bank transfer."))
    config = current_app.config
    return StripeGateway(config["STRIPE_SECRET_KEY"], api_base=config.get("STRIPE_API_BASE"))
