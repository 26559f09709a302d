"""Published versions of the privacy statement and the consents given to them.

Personal data: a ConsentRecord says which person accepted which version and when; it is kept as long
as the account (deleted with it, ON DELETE CASCADE), as proof of consent. A statement version names the
admin who published it; if that account is deleted the version stays, without the name (SET NULL).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.models import utcnow
from participation.extensions import db


class PrivacyStatementVersion(db.Model):
    __tablename__ = "privacy_statement_versions"
    __table_args__ = (CheckConstraint("version > 1", name="version_after_first"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True, nullable=False)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    changelog_nl: Mapped[str] = mapped_column(Text, nullable=False)  # plain text, shown escaped
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ConsentRecord(db.Model):
    __tablename__ = "consent_records"
    __table_args__ = (
        UniqueConstraint("user_id", "version"),
        CheckConstraint("version > 0", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
