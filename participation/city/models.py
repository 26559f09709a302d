from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.i18n import localized
from participation.extensions import db


class District(db.Model):
    """A wijk or deelgemeente. `name` is its Dutch (main) name; French and English names are optional and
    fall back to it. An archived district stays on the content that names it, and in the filters of that
    content, but is not offered for anything new."""

    __tablename__ = "districts"
    __table_args__ = (CheckConstraint("population IS NULL OR population >= 0", name="population_not_negative"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    name_fr: Mapped[str | None] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(120))
    population: Mapped[int | None] = mapped_column(Integer)
    is_archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), nullable=False)
    boundary_geojson: Mapped[str | None] = mapped_column(Text)

    @property
    def name_nl(self) -> str:
        return self.name

    def label(self, locale: str) -> str:
        """The district's name in `locale`, else its Dutch name."""
        return localized(self, "name", locale)

    def __str__(self) -> str:
        return self.name


class Theme(db.Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    name_nl: Mapped[str] = mapped_column(String(80), nullable=False)
    name_fr: Mapped[str] = mapped_column(String(80), nullable=False)
    name_en: Mapped[str] = mapped_column(String(80), nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0", nullable=False)
    is_archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), nullable=False)

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
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0", nullable=False)
    is_archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), nullable=False)

    def name(self, locale: str) -> str:
        return localized(self, "name", locale)
