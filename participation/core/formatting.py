"""Dates, times and numbers shown in the user's language (66,7 in Dutch and French) and the city's time zone."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date, format_datetime, format_decimal


def format_day(value: date | None, style: str = "long") -> str:
    return format_date(value, style) if value else ""


def format_moment(value: datetime | None, style: str = "medium") -> str:
    return format_datetime(value, style) if value else ""


def format_number(value: float | int | None) -> str:
    return format_decimal(value) if value is not None else ""
