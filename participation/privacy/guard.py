"""Until a signed-in person accepts the current privacy statement they may read everything, but a POST
that would contribute is refused before its view runs (so nothing is half-written) and they are sent to
the page where they can accept. Signing in and out, the language and the privacy pages stay open."""
from __future__ import annotations

from flask import Flask, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

ALLOWED_ENDPOINTS = frozenset({
    "accounts.login",
    "accounts.logout",
    "accounts.logout_everywhere",
    "accounts.set_language",
    "accounts.answer_language_offer",
    "static",
})
ALLOWED_BLUEPRINTS = frozenset({"privacy"})


def consent_needed() -> bool:
    """For the notice on every page: read once per request."""
    if "privacy_consent_needed" not in g:
        from participation.privacy.services import needs_consent

        g.privacy_consent_needed = bool(current_user.is_authenticated and needs_consent(current_user))
    return g.privacy_consent_needed


def refuse_contributions_without_consent():
    if request.method != "POST" or request.endpoint is None:
        return None
    if request.endpoint in ALLOWED_ENDPOINTS or request.blueprint in ALLOWED_BLUEPRINTS:
        return None
    if not consent_needed():
        return None
    flash(_("The privacy statement has changed. Please read what changed and accept it before you continue."), "error")
    return redirect(url_for("privacy.accept"))


def init_app(app: Flask) -> None:
    app.before_request(refuse_contributions_without_consent)
    app.jinja_env.globals["privacy_consent_needed"] = consent_needed
