"""The municipality's profile: one row per installation (each municipality has its own database).

Personal data: the contact details are the municipality's and its data-protection officer's work
addresses, published on the site; they are kept until an admin changes them and nothing else refers to
them. Nothing about residents is stored here.
"""
from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.models import TimestampMixin
from participation.extensions import db


class Municipality(TimestampMixin, db.Model):
    __tablename__ = "municipality"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    official_name_nl: Mapped[str] = mapped_column(String(160), default="", nullable=False)
    official_name_fr: Mapped[str] = mapped_column(String(160), default="", nullable=False)
    official_name_en: Mapped[str] = mapped_column(String(160), default="", nullable=False)
    short_name: Mapped[str] = mapped_column(String(80), default="", nullable=False)
    platform_name: Mapped[str] = mapped_column(String(80), default="", nullable=False)
    logo_filename: Mapped[str | None] = mapped_column(String(64))
    logo_alt: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    primary_colour: Mapped[str | None] = mapped_column(String(7))
    secondary_colour: Mapped[str | None] = mapped_column(String(7))
    contact_email: Mapped[str] = mapped_column(String(254), default="", nullable=False)
    contact_phone: Mapped[str] = mapped_column(String(40), default="", nullable=False)
    contact_address: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    dpo_contact: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    # Comma-separated language codes (nl, fr, en), the default among them.
    languages: Mapped[str] = mapped_column(String(20), default="", nullable=False)
    default_language: Mapped[str] = mapped_column(String(5), default="", nullable=False)
    timezone: Mapped[str] = mapped_column(String(64), default="", nullable=False)
    public_url: Mapped[str] = mapped_column(String(300), default="", nullable=False)
