"""Account rules: registration, verification, login, password reset, profile and roles."""
from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

from participation.accounts import lockout, sessions, tokens
from participation.accounts.models import DIGEST_CHOICES, ROLES, User
from participation.accounts.passwords import check_password, password_problem
from participation.core.errors import DomainError
from participation.core.models import utcnow
from participation.core.text import clean_plain
from participation.extensions import db
from participation.notifications.mail import send_mail


class WeakPassword(DomainError):
    field = "password"


class InvalidCredentials(DomainError):
    pass


class AccountLocked(DomainError):
    pass


class InvalidToken(DomainError):
    pass


class RoleChangeRefused(DomainError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def register_user(email: str, display_name: str, password: str, language: str = "nl") -> User | None:
    """Create an unverified account and mail a confirmation link; None when the address already has one.

    A taken address gets the same answer as a free one (the route cannot tell them apart either), so
    the form cannot be used to find out who has an account: the owner is told by mail instead.
    """
    email = normalise_email(email)
    problem = password_problem(password, email=email, display_name=display_name)
    if problem:
        raise WeakPassword(problem)
    existing = find_user_by_email(email)
    if existing is not None:
        generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])  # same work, same time
        _tell_owner_of_registration_attempt(existing)
        return None
    user = User(email=email, display_name=clean_plain(display_name), language=language, role="citizen")
    user.set_password(password)
    db.session.add(user)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # registered by a parallel request in the meantime
        existing = find_user_by_email(email)
        if existing is not None:
            _tell_owner_of_registration_attempt(existing)
        return None
    send_verification_email(user)
    return user


def _tell_owner_of_registration_attempt(user: User) -> None:
    send_mail(
        user.email,
        _l("Someone tried to register with your email address"),
        "registration_attempt",
        kind="registration_attempt",
        locale=user.language,
        user=user,
        login_link=url_for("accounts.login", _external=True),
        reset_link=url_for("accounts.forgot_password", _external=True),
    )


def send_verification_email(user: User) -> None:
    token = tokens.make_token(current_app.config["SECRET_KEY"], tokens.EMAIL_VERIFICATION, user.id, user.email)
    link = url_for("accounts.verify_email", token=token, _external=True)
    send_mail(
        user.email,
        _l("Confirm your email address"),
        "verify_email",
        kind="email_verification",
        locale=user.language,
        user=user,
        link=link,
    )


def _user_from_token(purpose: str, token: str, max_age: int, state_of) -> User:
    try:
        user_id, state = tokens.read_token(current_app.config["SECRET_KEY"], purpose, token, max_age)
    except tokens.TokenExpired as exc:
        raise InvalidToken(_l("This link has expired. Ask for a new one below.")) from exc
    except tokens.TokenInvalid as exc:
        raise InvalidToken(_l("This link is not valid. Check that you copied the whole address from the email.")) from exc
    user = db.session.get(User, user_id)
    if user is None or tokens.fingerprint(state_of(user)) != state:
        raise InvalidToken(_l("This link has already been used or is no longer valid. Ask for a new one below."))
    return user


def check_verification_token(token: str) -> User:
    return _user_from_token(
        tokens.EMAIL_VERIFICATION, token, current_app.config["EMAIL_VERIFICATION_MAX_AGE"], lambda u: u.email
    )


def verify_email(token: str) -> tuple[User, bool]:
    """Confirm the address; also says whether this was the first confirmation (the link then logs in once)."""
    user = check_verification_token(token)
    if user.email_verified_at is not None:
        return user, False
    user.email_verified_at = utcnow()
    db.session.flush()
    return user, True


def authenticate(email: str, password: str) -> User:
    """The account for this address and password; refuses wrong passwords and locked addresses alike.

    Refusals are recorded (accounts.lockout): the route must keep them although it answers 422.
    """
    email = normalise_email(email)
    if (until := lockout.locked_until(email)) is not None:
        raise AccountLocked(_lock_message(until))  # checked first: a locked address gets no password check
    user = find_user_by_email(email)
    if not check_password(user.password_hash if user else None, password, method=current_app.config["PASSWORD_HASH_METHOD"]):
        until, first_lock = lockout.record_failure(email)
        if first_lock and user is not None:
            _tell_owner_of_lock(user)
        if until is not None:
            raise AccountLocked(_lock_message(until))
        raise InvalidCredentials(_l("The email address or password is not correct."))
    lockout.clear_failures(email)
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def _lock_message(until: datetime) -> object:
    minutes = max(1, math.ceil((until - utcnow()).total_seconds() / 60))
    return lazy_ngettext(
        "Too many failed attempts for this account. Try again in %(num)s minute, or reset your password.",
        "Too many failed attempts for this account. Try again in %(num)s minutes, or reset your password.",
        minutes,
    )


def _tell_owner_of_lock(user: User) -> None:
    send_mail(
        user.email,
        _l("Several wrong passwords for your account"),
        "login_locked",
        kind="login_locked",
        locale=user.language,
        user=user,
        reset_link=url_for("accounts.forgot_password", _external=True),
    )


def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists. Says nothing either way, so addresses cannot be probed."""
    user = find_user_by_email(email)
    if user is None:
        return
    token = tokens.make_token(current_app.config["SECRET_KEY"], tokens.PASSWORD_RESET, user.id, user.password_hash)
    link = url_for("accounts.reset_password", token=token, _external=True)
    send_mail(
        user.email,
        _l("Choose a new password"),
        "reset_password",
        kind="password_reset",
        locale=user.language,
        user=user,
        link=link,
    )


def check_password_reset_token(token: str) -> User:
    # The token carries a fingerprint of the current hash: once the password changes, the link is dead.
    return _user_from_token(
        tokens.PASSWORD_RESET, token, current_app.config["PASSWORD_RESET_MAX_AGE"], lambda u: u.password_hash
    )


def reset_password(token: str, new_password: str) -> User:
    user = check_password_reset_token(token)
    change_password(user, new_password, keep_current_session=False)
    lockout.clear_failures(user.email)  # the mailbox owner chose a new password: let them in at once
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()  # the reset link reached their inbox: the address is theirs
    db.session.flush()
    return user


def change_password(user: User, new_password: str, *, keep_current_session: bool = True) -> None:
    """Set a new password and end every other login: whoever knew the old one is logged out everywhere."""
    problem = password_problem(new_password, email=user.email, display_name=user.display_name)
    if problem:
        raise WeakPassword(problem)
    user.set_password(new_password)
    sessions.end_all_sessions(user, keep_current=keep_current_session)
    db.session.flush()


def update_profile(
    user: User,
    *,
    display_name: str,
    language: str,
    home_district_id: int | None,
    notification_frequency: str,
    email_kinds: Iterable[str],
) -> None:
    """Save the profile; `email_kinds` are the kinds of notification the person still wants by email."""
    from participation.notifications.service import set_email_kinds

    if language not in current_app.config["LANGUAGES"]:
        raise DomainError(_l("Choose one of the offered languages."), field="language")
    if notification_frequency not in DIGEST_CHOICES:
        raise DomainError(_l("Choose how often you want to receive notifications."), field="notification_frequency")
    user.display_name = clean_plain(display_name)  # as typed: Jinja escapes it wherever it shows
    user.language = language
    user.home_district_id = home_district_id
    user.notification_frequency = notification_frequency
    set_email_kinds(user, email_kinds)
    db.session.flush()


def set_language(user: User | None, language: str) -> None:
    if language not in current_app.config["LANGUAGES"]:
        raise DomainError(_l("Choose one of the offered languages."))
    if user is not None:
        user.language = language
        db.session.flush()


def language_to_offer(user: User, chosen: str | None) -> str | None:
    """The language to offer saving on the account: the one chosen on this visit, when it is not the account's."""
    if chosen is None or chosen == user.language or chosen not in current_app.config["LANGUAGES"]:
        return None
    return chosen


def grant_role(admin: User, user: User, role: str) -> None:
    if not admin.has_role("admin"):
        raise RoleChangeRefused(_l("Only administrators can change roles."))
    if role not in ROLES:
        raise RoleChangeRefused(_l("Unknown role."))
    if user.role == "admin" and role != "admin" and count_admins() <= 1:
        raise RoleChangeRefused(_l("The platform needs at least one administrator; appoint another one first."))
    user.role = role
    db.session.flush()


def count_admins() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.role == "admin")) or 0


def create_user(email: str, display_name: str, password: str, role: str = "citizen", verified: bool = True) -> User:
    """For the CLI and demo: an account that is already verified, with any role."""
    user = User(email=normalise_email(email), display_name=clean_plain(display_name), role=role, language="nl")
    user.set_password(password)
    if verified:
        user.email_verified_at = utcnow()
    db.session.add(user)
    db.session.flush()
    return user
