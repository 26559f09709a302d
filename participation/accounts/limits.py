"""Which rate limits guard the account forms, and against what (core.ratelimits does the counting).

Per IP address alone was wrong for a city: a library, school or community-centre computer gives
everyone the same address, so the tenth person of the afternoon was refused. Now:
- AUTH_ACCOUNT_RATE_LIMIT, per typed email address: mail bombing one person with registration,
  confirmation or reset mails. For login the per-account limit is the progressive lock on wrong
  passwords (accounts.lockout), which lives in the database; it is not counted twice here.
- AUTH_IP_RATE_LIMIT, per address and much higher: one machine trying many accounts (password
  spraying, mass registration). A login counts only when refused, so a queue of people logging in
  at the library costs nothing; mails count only when one is sent.
Addresses are keyed by a keyed hash, so the rate-limit store holds no email addresses.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from participation.core.ratelimits import Budget, limited_form, refused


def _address_key(email: str | None) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    typed = (email or "").strip().lower()
    return hmac.new(secret, f"auth-limit:{typed}".encode(), hashlib.sha256).hexdigest()[:32]


def _ip_budget() -> Budget:
    return Budget("auth-ip", "AUTH_IP_RATE_LIMIT", get_remote_address())


def login_budgets() -> list[Budget]:
    return [_ip_budget()]


def mail_budgets() -> list[Budget]:
    """Forms that send a mail to the address typed in them (registration, forgotten password)."""
    return [Budget("auth-mail", "AUTH_ACCOUNT_RATE_LIMIT", _address_key(request.form.get("email"))), _ip_budget()]


def own_mail_budgets() -> list[Budget]:
    """A logged-in person asking for another confirmation mail to their own address."""
    return [Budget("auth-mail", "AUTH_ACCOUNT_RATE_LIMIT", _address_key(current_user.email)), _ip_budget()]


limit_login = limited_form(login_budgets, count_when=refused)
limit_mail = limited_form(mail_budgets)
limit_own_mail = limited_form(own_mail_budgets)
limit_token_form = limited_form(login_budgets, count_when=refused)
