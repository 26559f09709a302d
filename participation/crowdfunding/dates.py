"""Campaign moments and days. Stored moments are UTC; the days people choose are the municipality's days
(its time zone from the profile or BABEL_DEFAULT_TIMEZONE; Europe/Brussels outside an application)."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from participation.crowdfunding.models import Campaign

DEFAULT_TIMEZONE = "Europe/Brussels"


def city_timezone() -> ZoneInfo:
    from flask import current_app, has_app_context

    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or DEFAULT_TIMEZONE)


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: every stored moment is UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=ZoneInfo("UTC")) if moment.tzinfo is None else moment


def end_of_day(day: date) -> datetime:
    """A campaign runs until the end of its last day, in the municipality's time zone."""
    return datetime.combine(day, time(23, 59, 59), city_timezone()).astimezone(ZoneInfo("UTC"))


def deadline_day(campaign: Campaign) -> date:
    return as_utc(campaign.deadline_at).astimezone(city_timezone()).date()
