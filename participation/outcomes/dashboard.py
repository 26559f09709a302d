"""The staff responsiveness dashboard: published ideas that still wait for an official response.

An idea waits from its publication (when the public and the city can see it) until its first official
response (Idea.first_response_at). It is overdue after OUTCOMES_RESPONSE_DAYS days.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import selectinload

from participation.accounts.models import User
from participation.city.models import Department
from participation.extensions import db
from participation.ideas import states
from participation.ideas.models import Idea
from participation.processes.models import Process

# Published and not yet answered: the statuses in which the city still owes the author an answer.
WAITING_STATUSES = (states.PUBLISHED, states.UNDER_REVIEW)
UNASSIGNED = "none"  # the department filter value for ideas without a department

_waiting_since = func.coalesce(Idea.published_at, Idea.created_at)


def waiting_since(idea: Idea) -> datetime:
    return idea.published_at or idea.created_at


@dataclass(frozen=True)
class DashboardFilters:
    department: str = ""  # a department id, UNASSIGNED, or "" for all
    process_id: int | None = None
    is_overdue_only: bool = False


def _waiting_conditions(filters: DashboardFilters | None = None) -> list:
    conditions = [Idea.status.in_(WAITING_STATUSES), Idea.first_response_at.is_(None)]
    if filters is None:
        return conditions
    if filters.process_id:
        conditions.append(Idea.process_id == filters.process_id)
    if filters.department == UNASSIGNED:
        conditions.append(Idea.department_id.is_(None))
    elif filters.department.isdigit():
        conditions.append(Idea.department_id == int(filters.department))
    return conditions


def awaiting_statement(filters: DashboardFilters, now: datetime, response_days: int) -> Select:
    """Waiting ideas, the longest waiting first."""
    conditions = _waiting_conditions(filters)
    if filters.is_overdue_only:
        conditions.append(_waiting_since <= now - timedelta(days=response_days))
    return (
        select(Idea)
        .where(*conditions)
        .options(selectinload(Idea.process))
        .order_by(_waiting_since, Idea.id)
    )


@dataclass(frozen=True)
class DepartmentCount:
    department_id: int | None
    waiting: int
    overdue: int


def counts_per_department(filters: DashboardFilters, now: datetime, response_days: int) -> list[DepartmentCount]:
    """Waiting and overdue ideas per department (one grouped query; the process filter applies)."""
    cutoff = now - timedelta(days=response_days)
    overdue = func.sum(case((_waiting_since <= cutoff, 1), else_=0))
    rows = db.session.execute(
        select(Idea.department_id, func.count(Idea.id), overdue)
        .where(*_waiting_conditions(DashboardFilters(process_id=filters.process_id)))
        .group_by(Idea.department_id)
    ).all()
    return sorted(
        (DepartmentCount(department_id, waiting, int(late or 0)) for department_id, waiting, late in rows),
        key=lambda row: (-row.overdue, -row.waiting, row.department_id or 0),
    )


def departments() -> dict[int, Department]:
    return {department.id: department for department in db.session.scalars(select(Department).order_by(Department.slug))}


def processes_with_ideas() -> list[Process]:
    return list(db.session.scalars(select(Process).where(Process.id.in_(select(Idea.process_id))).order_by(Process.title)))


def overdue_ideas(now: datetime, response_days: int) -> list[Idea]:
    return list(
        db.session.scalars(
            select(Idea)
            .where(*_waiting_conditions(), _waiting_since <= now - timedelta(days=response_days))
            .options(selectinload(Idea.process))
            .order_by(_waiting_since, Idea.id)
        )
    )


def _active_staff() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role.in_(("staff", "admin"))).order_by(User.id)))


def responsible_people(ideas: list[Idea]) -> dict[int, list[User]]:
    """Who is reminded about each idea: its assignee; otherwise the staff who handle ideas of its department;
    otherwise (no department, or nobody known for it) every staff member."""
    assignee_ids = {idea.assignee_id for idea in ideas if idea.assignee_id}
    department_ids = {idea.department_id for idea in ideas if idea.department_id and not idea.assignee_id}
    people: dict[int, User] = {}
    if assignee_ids:
        people.update({user.id: user for user in db.session.scalars(select(User).where(User.id.in_(assignee_ids)))})
    handlers: dict[int, list[User]] = {}
    if department_ids:
        rows = db.session.execute(
            select(Idea.department_id, User)
            .join(User, Idea.assignee_id == User.id)
            .where(Idea.department_id.in_(department_ids), User.role.in_(("staff", "admin")))
            .distinct()
            .order_by(Idea.department_id, User.id)
        ).all()
        for department_id, user in rows:
            handlers.setdefault(department_id, []).append(user)
    everyone: list[User] | None = None
    result: dict[int, list[User]] = {}
    for idea in ideas:
        if idea.assignee_id and idea.assignee_id in people:
            result[idea.id] = [people[idea.assignee_id]]
        elif idea.department_id and handlers.get(idea.department_id):
            result[idea.id] = handlers[idea.department_id]
        else:
            if everyone is None:
                everyone = _active_staff()
            result[idea.id] = everyone
    return result
