"""Feedback's own data: reusable answer texts. (The timeline lives in ideas.models.IdeaStatusChange, the
departments in city.models.Department, the follow-up columns on ideas.models.Idea.)"""
from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.i18n import localized
from participation.core.models import TimestampMixin
from participation.extensions import db


class AnswerTemplate(TimestampMixin, db.Model):
    """A reusable explanation staff pick when answering ideas, in the three languages (Dutch required)."""

    __tablename__ = "answer_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    body_nl: Mapped[str] = mapped_column(Text, nullable=False)
    body_fr: Mapped[str] = mapped_column(Text, default="", nullable=False)
    body_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def body(self, locale: str) -> str:
        return localized(self, "body", locale)
