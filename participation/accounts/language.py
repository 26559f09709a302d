"""Offering to save the language someone chose on this visit when it differs from their account's.

Someone who switched to English before signing in keeps English for this visit (core.i18n puts the
explicit choice first); their account keeps its saved language, which their emails use, until they
accept the offer shown on every page of this visit (or dismiss it)."""
from __future__ import annotations

from flask import has_request_context, session
from flask_login import current_user

from participation.accounts import bp, services
from participation.accounts.models import User
from participation.core.i18n import LANGUAGE_NAMES, explicit_language, may_be_signed_in

OFFER_KEY = "language_offer"


def remember_offer(user: User) -> None:
    """Called at every sign-in: note the language to offer, or forget an offer made to an earlier login."""
    offer = services.language_to_offer(user, explicit_language())
    if offer is None:
        session.pop(OFFER_KEY, None)
    else:
        session[OFFER_KEY] = offer


def pending_offer() -> str | None:
    """The language to offer now: still the visit's choice and still not the account's."""
    if not has_request_context() or OFFER_KEY not in session or not may_be_signed_in():
        return None  # checked before current_user, so anonymous (cached) pages never load a user
    if not current_user.is_authenticated:
        return None
    offer = session[OFFER_KEY]
    return services.language_to_offer(current_user, explicit_language()) if offer == explicit_language() else None


@bp.app_context_processor
def inject_language_offer() -> dict:
    offer = pending_offer()
    if offer is None:
        return {"language_offer": None}
    return {
        "language_offer": offer,
        "language_offer_name": LANGUAGE_NAMES[offer],
        "account_language_name": LANGUAGE_NAMES.get(current_user.language, current_user.language),
    }


def forget_offer() -> None:
    session.pop(OFFER_KEY, None)
