"""Rules several idea actions share: the ideation phase, who wrote an idea, and time stamps read back from SQLite."""
from __future__ import annotations

from datetime import date, datetime, timezone

from participation.core.errors import DomainError
from participation.processes.models import Process


class PhaseClosed(DomainError):
    pass


def is_ideation_open(process: Process, today: date) -> bool:
    phase = process.phase_on(today)
    return process.status == "published" and phase is not None and phase.kind == "ideation"


def require_ideation(process: Process, today: date, message) -> None:
    if not is_ideation_open(process, today):
        raise PhaseClosed(message)


def is_author(user, idea) -> bool:
    """The author or an accepted co-author (editing an idea and supporting it both ask)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if idea.author_id is not None and idea.author_id == user.id:
        return True
    return any(co.user_id == user.id and co.is_accepted for co in idea.coauthors)


def as_aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
