"""People who use the platform and what they may do."""
from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from participation.core.models import TimestampMixin
from participation.extensions import db

# Ordered from least to most trusted: a higher role can do everything a lower one can.
ROLES = ("citizen", "moderator", "staff", "admin")
DIGEST_CHOICES = ("immediate", "daily", "never")


def _new_session_token() -> str:
    return secrets.token_urlsafe(16)


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
    # Changing it logs the user out everywhere (new password, role change): Flask-Login ids embed it.
    session_token: Mapped[str] = mapped_column(String(32), default=_new_session_token, nullable=False)

    home_district = relationship("District", lazy="joined")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])
        self.session_token = _new_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    def has_role(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
