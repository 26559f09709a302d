"""The arithmetic of "what happened to your input": funnel stages, medians, overdue periods. No Flask, no database.

The funnel counts each idea once, in the furthest stage it reached, and every stage includes the
stages after it (an implemented idea was also accepted, answered and published):

    received → published → answered → accepted → in progress → implemented

- received: every idea sent in, also those awaiting moderation or hidden (counted, never listed);
- published: ideas the public can see now;
- answered: public ideas with an official response (or an outcome status);
- accepted: the city took it on: accepted, put to the budget vote, funded by crowdfunding, or further;
- in progress / implemented: being built, built.

A closed idea counts where it was when it was closed (closed after "implemented" is implemented,
closed after "rejected" is answered).
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timezone

STAGES = ("received", "published", "answered", "accepted", "in_progress", "implemented")

# How far along the funnel each public status is (statuses not listed are not public: received only).
STAGE_OF_STATUS = {
    "published": "published",
    "under_review": "published",
    "not_feasible": "answered",
    "rejected": "answered",
    "merged": "answered",
    "accepted": "accepted",
    "selected_for_vote": "accepted",
    "crowdfunded": "accepted",
    "in_progress": "in_progress",
    "implemented": "implemented",
}
CLOSED = "closed"


@dataclass(frozen=True)
class Funnel:
    received: int
    published: int
    answered: int
    accepted: int
    in_progress: int
    implemented: int

    @property
    def not_public(self) -> int:
        return self.received - self.published

    @property
    def answered_share(self) -> float | None:
        """The share of published ideas with an official response (None when nothing is published)."""
        return self.answered / self.published if self.published else None

    def stages(self) -> list[tuple[str, int]]:
        return [(stage, getattr(self, stage)) for stage in STAGES]

    def percent_of_received(self, count: int) -> int:
        return round(100 * count / self.received) if self.received else 0


def _rank(stage: str) -> int:
    return STAGES.index(stage)


def furthest_stage(status: str, is_answered: bool, closed_from: str | None = None) -> str:
    """The furthest funnel stage of one idea: its status (for a closed idea, the status it was closed from)
    and whether it has an official response."""
    if status == CLOSED:
        stage = STAGE_OF_STATUS.get(closed_from or "", "answered")
        if stage == "published":  # closed without an outcome is still an answer of the city
            stage = "answered"
    else:
        stage = STAGE_OF_STATUS.get(status)
        if stage is None:
            return "received"
    if is_answered and _rank(stage) < _rank("answered"):
        stage = "answered"
    return stage


def build_funnel(rows: list[tuple[str, bool, str | None, int]]) -> Funnel:
    """Rows of (status, is_answered, closed_from, count), as grouped queries return them."""
    reached = dict.fromkeys(STAGES, 0)
    for status, is_answered, closed_from, count in rows:
        stage = furthest_stage(status, bool(is_answered), closed_from)
        for earlier in STAGES[: _rank(stage) + 1]:
            reached[earlier] += count
    return Funnel(**reached)


def as_utc(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; they were stored in UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def days_between(start: datetime, end: datetime) -> float:
    return (as_utc(end) - as_utc(start)).total_seconds() / 86400


def median_days(pairs: list[tuple[datetime, datetime]]) -> float | None:
    """The median number of days from the first to the second moment of each pair (None without pairs)."""
    durations = [max(days_between(start, end), 0.0) for start, end in pairs if start is not None and end is not None]
    return statistics.median(durations) if durations else None


def overdue_period(published_at: datetime, now: datetime, response_days: int) -> int:
    """0 while an idea may still wait; 1 once it waited `response_days` days, 2 after twice as long, ..."""
    if response_days <= 0:
        raise ValueError("response_days must be positive")
    return max(int(days_between(published_at, now) // response_days), 0)


def age_in_days(published_at: datetime, now: datetime) -> int:
    return max(int(days_between(published_at, now)), 0)
