"""Dates and times shown in the user's language and the city's time zone."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date, format_datetime


def format_day(value: date | None, style: str = "long") -> str:
    return format_date(value, style) if value else ""


def format_moment(value: datetime | None, style: str = "medium") -> str:
    return format_datetime(value, style) if value else ""
