"""People who use the platform and what they may do."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import generate_password_hash

from participation.accounts.passwords import check_password

from participation.core.models import TimestampMixin, utcnow
from participation.extensions import db

# Ordered from least to most trusted: a higher role can do everything a lower one can.
ROLES = ("citizen", "moderator", "staff", "admin")
DIGEST_CHOICES = ("immediate", "daily", "never")


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('citizen', 'moderator', 'staff', 'admin')", name="role_known"),
        CheckConstraint("language IN ('nl', 'fr', 'en')", name="language_known"),
        CheckConstraint("notification_frequency IN ('immediate', 'daily', 'never')", name="frequency_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(80), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(20), default="citizen", nullable=False)
    language: Mapped[str] = mapped_column(String(2), default="nl", nullable=False)
    home_district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"))
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    notification_frequency: Mapped[str] = mapped_column(String(10), default="immediate", nullable=False)
    # Which kinds of notification email they switched off: notifications.models.NotificationOptOut.
    # Where they are logged in: UserSession, one row per login.

    home_district = relationship("District", lazy="joined")

    # The login this object was loaded for (accounts.sessions sets it): Flask-Login stores get_id() in
    # the session and the remember-me cookie, so both carry this login's token, not just the user id.
    login_token = None
    login_session_id = None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return check_password(self.password_hash, password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def get_id(self) -> str:
        return f"{self.id}:{self.login_token or ''}"

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    def has_role(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class UserSession(db.Model):
    """One login on one device: the session cookie and the remember-me cookie work while this row exists.

    Personal data: when and with which browser (its User-Agent, shortened) someone logged in. The row
    goes at logout, at "sign out everywhere", at a password change and with the account; only a
    hash of the token is kept, so a database dump opens no session.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    user_agent: Mapped[str] = mapped_column(String(200), default="", nullable=False)

    def __repr__(self) -> str:
        return f"<UserSession {self.id} of user {self.user_id}>"


class LoginFailure(db.Model):
    """Recent wrong passwords typed for one email address, for the per-account limit (accounts.lockout).

    Keyed by a keyed hash of the address, known or not, so the limit answers alike for addresses with
    and without an account. Personal data: a pseudonymous key and when the attempts happened; the row
    goes at the next successful login or password reset, and once its window has passed.
    """

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address_key: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    failed_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    last_failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False, index=True)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TwoFactor(db.Model):
    """A person's authenticator app (TOTP, RFC 6238). Only a confirmed secret has `enabled_at`; the
    last accepted time step makes every code work once (a code seen over someone's shoulder, or
    replayed, within its 30 seconds is refused)."""

    __tablename__ = "two_factor"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64), nullable=False)
    enabled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    last_step: Mapped[int] = mapped_column(Integer, default=0, nullable=False)


class RecoveryCode(db.Model):
    """One of ten single-use codes for when the phone is gone; only a hash is kept."""

    __tablename__ = "two_factor_recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
