"""Confirmed email addresses: what an unconfirmed account may not do yet, in one place.

Posting ideas, reactions and campaigns, supporting, voting and pledging (money, or time for a
campaign's needs) count as a person's voice, so they need an address we know reaches someone:
otherwise one person with throwaway addresses is many voices, and an organiser cannot reach a helper.
Reading, following and filling in the profile do not: they speak for nobody, and following is how a
newcomer waits for the confirmation mail without losing the idea page.

Routes use @confirmed_email_required (below @login_required); templates call must_confirm_email() to
put the notice with its resend button where the form or button would be.

Accounts of offline participants: staff never create accounts for them. A paper idea is entered by a
staff member (ideas.services.enter_offline_idea) who is the one acting, and may link it to an existing
account whatever its confirmation, since staff saw the person or their letter; paper ballots in
budgeting go by identity, not by account. Accounts made with `flask accounts create-admin` or the demo
(accounts.services.create_user) are confirmed when made: an administrator vouches for them.
"""
from __future__ import annotations

from functools import wraps
from typing import Callable
from urllib.parse import urlsplit

from flask import render_template, request
from flask_login import current_user

from participation.accounts import bp
from participation.accounts.forms import ResendVerificationForm


def must_confirm_email(user) -> bool:
    """True for a signed-in person whose address is not confirmed yet (nobody signed in: False)."""
    return bool(getattr(user, "is_authenticated", False)) and not user.is_email_verified


def confirmed_email_required(view: Callable) -> Callable:
    """Show the 'confirm your address first' page (403) instead of the view; nothing was typed yet on
    a GET, and the forms behind a POST are hidden for unconfirmed accounts, so no work is lost."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if must_confirm_email(current_user):
            return render_template("accounts/confirm_email_first.html", resend_form=ResendVerificationForm(), back=_back_to()), 403
        return view(*args, **kwargs)

    return wrapped


def _back_to() -> str:
    """Where the resend button returns to: this page, or for a POST the page its form was on."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    return (referrer.path + (f"?{referrer.query}" if referrer.query else "")) or "/"


@bp.app_context_processor
def confirmation_helpers() -> dict:
    return {"must_confirm_email": must_confirm_email, "ResendVerificationForm": ResendVerificationForm}
