from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.i18n import localized
from participation.extensions import db


class District(db.Model):
    """A wijk. Its name is a proper name, the same in every language."""

    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    boundary_geojson: Mapped[str | None] = mapped_column(Text)

    def __str__(self) -> str:
        return self.name


class Theme(db.Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    name_nl: Mapped[str] = mapped_column(String(80), nullable=False)
    name_fr: Mapped[str] = mapped_column(String(80), nullable=False)
    name_en: Mapped[str] = mapped_column(String(80), nullable=False)

    def name(self, locale: str) -> str:
        return localized(self, "name", locale)


class Department(db.Model):
    """A city department (dienst) that answers ideas and carries them out: Mobiliteit, Groendienst..."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    name_nl: Mapped[str] = mapped_column(String(120), nullable=False)
    name_fr: Mapped[str] = mapped_column(String(120), nullable=False)
    name_en: Mapped[str] = mapped_column(String(120), nullable=False)

    def name(self, locale: str) -> str:
        return localized(self, "name", locale)
