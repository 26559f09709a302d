"""Two-factor sign-in: an authenticator app (TOTP, RFC 6238, pyotp) and ten single-use recovery codes.

Anyone may switch it on; with STAFF_REQUIRE_2FA moderators, staff and admins must, before any
back-office page (`back_office_gate`). Signing in with it is two steps: the password (accounts.routes
login) puts a short-lived "password checked" mark in the session, the code (`finish_sign_in`) opens
the login. A code works once: the time step it belongs to must be later than the last one accepted.
The QR code is drawn on the server as SVG (segno), so no script or image service sees the secret.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import datetime

import pyotp
import segno
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from participation.accounts.models import RecoveryCode, TwoFactor, User
from participation.core.errors import DomainError
from participation.core.models import utcnow
from participation.extensions import db

STEP_SECONDS = 30
RECOVERY_CODES = 10
BACK_OFFICE_ROLES = ("moderator", "staff", "admin")


class WrongCode(DomainError):
    pass


def secret_for_enrolment() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """The enrolment QR code as inline SVG markup (no XML declaration, titled for screen readers)."""
    return segno.make(uri, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")


def two_factor_of(user: User) -> TwoFactor | None:
    return db.session.get(TwoFactor, user.id)


def is_enabled(user: User) -> bool:
    return two_factor_of(user) is not None


def is_required(user: User) -> bool:
    return bool(current_app.config.get("STAFF_REQUIRE_2FA")) and user.role in BACK_OFFICE_ROLES


def _matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code this is (the current one or its neighbours, for a clock a little off)."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    now = time.time() if now is None else now
    totp = pyotp.TOTP(secret)
    step = int(now // STEP_SECONDS)
    for candidate in (step, step - 1, step + 1):
        if hmac.compare_digest(totp.at(candidate * STEP_SECONDS), code):
            return candidate
    return None


def enable(user: User, secret: str, code: str, *, now: float | None = None) -> list[str]:
    """Switch it on once the app shows the right code; the recovery codes, shown this once."""
    step = _matching_step(secret, code, now)
    if step is None:
        raise WrongCode(_l("That code is not right. Type the six digits your app shows now."), field="code")
    existing = two_factor_of(user)
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()
    db.session.add(TwoFactor(user_id=user.id, secret=secret, enabled_at=utcnow(), last_step=step))
    return new_recovery_codes(user)


def _hash(code: str) -> str:
    return hashlib.sha256("".join(code.lower().split()).replace("-", "").encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    db.session.flush()
    return codes


def unused_recovery_codes(user: User) -> int:
    return db.session.scalar(
        select(func.count(RecoveryCode.id)).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def check_code(user: User, code: str, *, now: float | None = None) -> str:
    """Accept an app code (once) or an unused recovery code; returns which ("app" or "recovery")."""
    found = two_factor_of(user)
    if found is None:
        raise WrongCode(_l("Two-step verification is not switched on for this account."), field="code")
    step = _matching_step(found.secret, code, now)
    if step is not None:
        if step <= found.last_step:
            raise WrongCode(_l("That code was used already. Wait for the next code in your app."), field="code")
        found.last_step = step
        db.session.flush()
        return "app"
    recovery = db.session.scalar(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code))
    )
    if recovery is not None and recovery.used_at is None:
        recovery.used_at = utcnow()
        db.session.flush()
        return "recovery"
    if recovery is not None:
        raise WrongCode(_l("That recovery code was used already. Each one works once."), field="code")
    raise WrongCode(_l("That code is not right. Type the six digits your app shows now, or a recovery code."), field="code")


def disable(user: User, code: str) -> None:
    check_code(user, code)
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    found = two_factor_of(user)
    if found is not None:
        db.session.delete(found)
    db.session.flush()


def reset_by_admin(admin: User, user: User) -> bool:
    """An admin clears someone's two-step verification (a lost phone and no recovery codes): the person
    is told by mail, so a reset they did not ask for does not go unnoticed. False when it was off."""
    from participation.notifications.mail import send_mail

    found = two_factor_of(user)
    if found is None:
        return False
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.delete(found)
    db.session.flush()
    send_mail(
        user.email, _l("Two-step verification was switched off for your account"), "two_factor_reset",
        kind="two_factor_reset", locale=user.language, user=user, admin=admin,
    )
    return True


def enabled_among(user_ids: list[int]) -> set[int]:
    if not user_ids:
        return set()
    return set(db.session.scalars(select(TwoFactor.user_id).where(TwoFactor.user_id.in_(user_ids))))


# --- The pending second step, kept in the (signed) session between the two forms ----------------

PENDING = "two_factor_pending"
PENDING_SECONDS = 300


def remember_password_checked(session, user: User, *, remember: bool, next_url: str) -> None:
    session[PENDING] = {"user": user.id, "remember": bool(remember), "next": next_url, "at": int(time.time())}


def pending_user(session) -> tuple[User, dict] | None:
    """The person whose password was checked in the last five minutes on this device, if any."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop(PENDING, None)
        return None
    user = db.session.get(User, pending.get("user"))
    if user is None or not is_enabled(user):
        session.pop(PENDING, None)
        return None
    return user, pending


def enabled_since(user: User) -> datetime | None:
    found = two_factor_of(user)
    return found.enabled_at if found else None
