"""The per-account limit on wrong passwords: a growing lock on an address after repeated failures.

The per-IP rate limit does not stop guessing one person's password from many addresses; this does,
and it lives in the database so every app instance shares it.

Not an enumeration oracle: failures are counted per typed email address (a keyed hash of it), for
addresses with and without an account alike, and the lock is checked before the password. So an
unknown address is refused with exactly the same message, after the same number of attempts, for
the same time as a known one. Only the owner of a real account learns more: one mail when the lock
first triggers. The price is a row per guessed unknown address, removed once its window has passed.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select

from participation.accounts.models import LoginFailure
from participation.core.models import utcnow
from participation.extensions import db


def _address_key(email: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"login-failures:{email}".encode(), hashlib.sha256).hexdigest()


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=utcnow().tzinfo)
    return moment


def _failure_of(email: str) -> LoginFailure | None:
    # FOR UPDATE: two instances counting the same address at once must not both read the old count.
    return db.session.scalar(select(LoginFailure).where(LoginFailure.address_key == _address_key(email)).with_for_update())


def lock_duration(failed_count: int, *, threshold: int, first: timedelta, cap: timedelta) -> timedelta | None:
    """How long an address is locked after `failed_count` failures in a row: doubling from `first`. Pure."""
    if failed_count < threshold:
        return None
    return min(first * 2 ** (failed_count - threshold), cap)


def locked_until(email: str) -> datetime | None:
    """When the lock on this (normalised) address ends, or None when it may try a password."""
    failure = _failure_of(email)
    until = _aware(failure.locked_until) if failure else None
    return until if until is not None and until > utcnow() else None


def record_failure(email: str) -> tuple[datetime | None, bool]:
    """Count a wrong password for the address; returns the lock it now has and whether that lock is its first."""
    config = current_app.config
    now = utcnow()
    window = timedelta(minutes=config["LOGIN_LOCK_WINDOW_MINUTES"])
    _forget_stale(now - window)
    failure = _failure_of(email)
    if failure is None:
        failure = LoginFailure(address_key=_address_key(email), failed_count=0)
        db.session.add(failure)
    else:
        # A lock counts as activity: waiting out a long lock must not start the count again from zero.
        last_activity = max(_aware(failure.last_failed_at), _aware(failure.locked_until) or _aware(failure.last_failed_at))
        if now - last_activity > window:
            failure.failed_count = 0
    failure.failed_count += 1
    failure.last_failed_at = now
    threshold = config["LOGIN_LOCK_THRESHOLD"]
    duration = lock_duration(
        failure.failed_count,
        threshold=threshold,
        first=timedelta(minutes=config["LOGIN_LOCK_MINUTES"]),
        cap=timedelta(minutes=config["LOGIN_LOCK_MAX_MINUTES"]),
    )
    failure.locked_until = now + duration if duration else None
    db.session.flush()
    return failure.locked_until, failure.failed_count == threshold


def clear_failures(email: str) -> None:
    """A successful login or a new password: the address starts with a clean slate."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.address_key == _address_key(email)))


def _forget_stale(before: datetime) -> None:
    db.session.execute(
        delete(LoginFailure).where(
            LoginFailure.last_failed_at < before,
            or_(LoginFailure.locked_until.is_(None), LoginFailure.locked_until < before),
        )
    )
