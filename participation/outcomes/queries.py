"""Reading what happened to the input of a process: a few grouped queries, never one per idea."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import selectinload

from participation.extensions import db
from participation.ideas import states
from participation.ideas.models import Idea, IdeaStatusChange
from participation.outcomes import figures
from participation.outcomes.models import ClosingReport
from participation.processes.models import Process

# The outcomes list shows answered ideas, in this order of statuses.
OUTCOME_STATUSES = tuple(status for status in states.IDEA_STATUSES if status in states.ANSWERED_STATUSES)


def funnel(process: Process) -> figures.Funnel:
    """Two grouped queries: ideas per (status, answered), and closed ideas per status they were closed from."""
    is_answered = Idea.first_response_at.is_not(None)
    rows = db.session.execute(
        select(Idea.status, is_answered, func.count(Idea.id))
        .where(Idea.process_id == process.id, Idea.status != figures.CLOSED)
        .group_by(Idea.status, is_answered)
    ).all()
    # The move into "closed" (not a later timeline entry on the closed idea, which goes from closed to closed).
    last_close = (
        select(func.max(IdeaStatusChange.id))
        .where(
            IdeaStatusChange.idea_id == Idea.id,
            IdeaStatusChange.to_status == figures.CLOSED,
            or_(IdeaStatusChange.from_status.is_(None), IdeaStatusChange.from_status != figures.CLOSED),
        )
        .correlate(Idea)
        .scalar_subquery()
    )
    closed_rows = db.session.execute(
        select(IdeaStatusChange.from_status, is_answered, func.count(Idea.id))
        .join(IdeaStatusChange, and_(IdeaStatusChange.idea_id == Idea.id, IdeaStatusChange.id == last_close), isouter=True)
        .where(Idea.process_id == process.id, Idea.status == figures.CLOSED)
        .group_by(IdeaStatusChange.from_status, is_answered)
    ).all()
    return figures.build_funnel(
        [(status, answered, None, count) for status, answered, count in rows]
        + [(figures.CLOSED, answered, closed_from, count) for closed_from, answered, count in closed_rows]
    )


def response_pairs(process: Process) -> list[tuple[datetime, datetime]]:
    """(published, first official response) of the public ideas of a process that were answered."""
    return [
        (published, answered)
        for published, answered in db.session.execute(
            select(func.coalesce(Idea.published_at, Idea.created_at), Idea.first_response_at).where(
                Idea.process_id == process.id,
                Idea.status.in_(states.PUBLIC_STATUSES),
                Idea.first_response_at.is_not(None),
            )
        ).all()
    ]


def median_response_days(process: Process) -> float | None:
    """Portable on SQLite and PostgreSQL: fetch the durations, take the median in Python."""
    return figures.median_days(response_pairs(process))


def outcomes_statement(process: Process, status: str | None = None) -> Select:
    """Public ideas of the process that have an outcome, by status then title."""
    statuses = (status,) if status in OUTCOME_STATUSES else OUTCOME_STATUSES
    order = case({s: i for i, s in enumerate(OUTCOME_STATUSES)}, value=Idea.status)
    return (
        select(Idea)
        .where(Idea.process_id == process.id, Idea.status.in_(statuses))
        .options(selectinload(Idea.merged_into))  # "merged into ..." links, read for the whole page at once
        .order_by(order, Idea.title, Idea.id)
    )


def outcome_counts(process: Process) -> dict[str, int]:
    return dict(
        db.session.execute(
            select(Idea.status, func.count(Idea.id))
            .where(Idea.process_id == process.id, Idea.status.in_(OUTCOME_STATUSES))
            .group_by(Idea.status)
        ).all()
    )


def latest_official_responses(idea_ids: list[int]) -> dict[int, IdeaStatusChange]:
    """The newest official response of each idea, in one query."""
    if not idea_ids:
        return {}
    newest = (
        select(func.max(IdeaStatusChange.id))
        .where(IdeaStatusChange.idea_id.in_(idea_ids), IdeaStatusChange.is_official_response.is_(True))
        .group_by(IdeaStatusChange.idea_id)
    )
    return {change.idea_id: change for change in db.session.scalars(select(IdeaStatusChange).where(IdeaStatusChange.id.in_(newest)))}


def closing_report_of(process: Process) -> ClosingReport | None:
    return db.session.scalar(select(ClosingReport).where(ClosingReport.process_id == process.id))


def get_process(slug: str) -> Process | None:
    return db.session.scalar(select(Process).where(Process.slug == slug))


@dataclass(frozen=True)
class Results:
    funnel: figures.Funnel
    median_days: float | None


def results_of(process: Process) -> Results:
    return Results(funnel=funnel(process), median_days=median_response_days(process))

