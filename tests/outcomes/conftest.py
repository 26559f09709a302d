"""Factories for outcome tests: ideas placed at a given status, with known publication and response dates."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import pytest

from participation.extensions import db
from participation.ideas import services as idea_services
from participation.ideas.models import Idea, IdeaStatusChange
from tests.budgeting.conftest import add_to_census, make_round, make_voter  # noqa: F401  (fixtures)
from tests.crowdfunding.conftest import make_campaign  # noqa: F401  (fixture)

_numbers = itertools.count(1)
START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def make_idea(make_user, make_process):
    def make(process=None, author=None, *, title: str | None = None, status: str = "published",
             published_at: datetime | None = START, department=None, assignee=None) -> Idea:
        process = process or make_process()
        author = author or make_user()
        number = next(_numbers)
        idea = idea_services.submit_idea(
            process, author, title=title or f"Idee {number}", description=f"Een voorstel met nummer {number}."
        )
        idea.status = status
        idea.published_at = published_at if status != "awaiting_moderation" else None
        idea.department_id = department.id if department is not None else None
        idea.assignee_id = assignee.id if assignee is not None else None
        db.session.commit()
        return idea

    return make


@pytest.fixture
def answer():
    """Record an official response as the feedback feature stores it: a timeline row with the public
    explanation, the idea's new status, and first_response_at on the first one."""

    def record(idea: Idea, *, after_days: float, status: str = "accepted", note: str = "De stad voert dit uit.", by=None) -> IdeaStatusChange:
        moment = (idea.published_at or START) + timedelta(days=after_days)
        change = IdeaStatusChange(
            idea_id=idea.id, from_status=idea.status, to_status=status, note=note, is_official_response=True,
            changed_by_id=by.id if by is not None else None, created_at=moment,
        )
        db.session.add(change)
        idea.status = status
        if idea.first_response_at is None:
            idea.first_response_at = moment
        db.session.commit()
        return change

    return record


@pytest.fixture
def department():
    from participation.city.models import Department
    from sqlalchemy import select

    def get(slug: str = "mobiliteit") -> Department:
        return db.session.scalar(select(Department).where(Department.slug == slug))

    return get


@pytest.fixture
def queries_counter_sql():
    from tests.ideas.conftest import count_queries

    return lambda: count_queries(db.engine)
