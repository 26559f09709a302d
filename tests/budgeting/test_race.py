"""Two submissions by one voter at the same moment, on two real PostgreSQL connections.

These tests commit for real (no per-test rolled-back transaction) and clean up after themselves.
SQLite in memory shares one connection between threads, so there is no race to test there.
"""
from __future__ import annotations

import os
import threading
import time
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from participation.accounts.models import User
from participation.accounts.services import create_user
from participation.budgeting import eligibility, services
from participation.budgeting.ballots import BallotRefused
from participation.budgeting.models import Ballot, BudgetRound, CensusEntry
from participation.extensions import db
from participation.processes import services as process_services
from participation.processes.models import Process
from tests.budgeting.conftest import national_number

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"), reason="needs PostgreSQL (TEST_DATABASE_URL)"
)
TODAY = date.today()


@pytest.fixture
def _transaction():
    """Shadows the suite-wide rolled-back transaction: threads must see each other's commits."""
    yield None


@pytest.fixture
def world(app):
    with app.app_context():
        staff = create_user(f"race-staff-{time.time_ns()}@example.be", "Race staff", "x" * 12, role="staff")
        process = process_services.save_process(None, author=staff, title=f"Race {time.time_ns()}", slug=None,
                                                policy_goal="Goal.", description="", moderation_mode="post",
                                                theme_ids=[], district_ids=[], previous_edition_id=None)
        process_services.add_phase(process, kind="voting", starts_on=date.fromordinal(TODAY.toordinal() - 1),
                                   ends_on=date.fromordinal(TODAY.toordinal() + 5))
        process_services.change_status(process, "published")
        round_ = services.save_round(None, process=process, actor=staff, title="Race", description="", district_id=None,
                                     vote_method="knapsack", budget_cents=1000_00)
        projects = []
        for title in ("A", "B"):
            project = services.save_project(None, round_=round_, actor=staff, title=title, description="", cost_cents=100_00)
            services.review_project(project, staff, verdict="feasible", explanation="ok", cost_cents=100_00)
            projects.append(project.id)
        services.change_round_status(round_, "published", staff)
        voters = []
        for n in range(10):
            user = create_user(f"race-{n}-{time.time_ns()}@example.be", f"Voter {n}", "x" * 12)
            key = eligibility.identity_key(round_.id, "national_number", national_number=national_number(n))
            db.session.add(CensusEntry(round_id=round_.id, identity_key=key))
            db.session.flush()
            services.verify_with_census(round_, user, TODAY, national_number=national_number(n))
            voters.append(user.id)
        db.session.commit()
        ids = {"round": round_.id, "process": process.id, "projects": projects, "voters": voters, "staff": staff.id}
        db.session.remove()
    yield ids
    with app.app_context():
        db.session.execute(delete(Process).where(Process.id == ids["process"]))
        db.session.execute(delete(User).where(User.id.in_(ids["voters"] + [ids["staff"]])))
        db.session.commit()
        db.session.remove()


def _cast(app, world, voter_id, project_id, outcomes, barrier=None):
    from flask_babel import force_locale

    with app.app_context(), force_locale("en"):
        try:
            round_ = db.session.get(BudgetRound, world["round"])
            user = db.session.get(User, voter_id)
            if barrier:
                barrier.wait()
            services.cast_ballot(round_, user, {project_id: 1}, TODAY)
            db.session.commit()
            outcomes.append("stored")
        except BallotRefused as error:
            db.session.rollback()
            outcomes.append(f"refused: {error}")
        finally:
            db.session.remove()


def _ballots(app, round_id):
    with app.app_context():
        count = db.session.scalar(select(func.count(Ballot.id)).where(Ballot.round_id == round_id))
        db.session.remove()
        return count


def test_a_submission_racing_an_uncommitted_first_one_is_refused_and_one_ballot_stays(app, world):
    """Connection 1 has inserted the ballot but not committed; connection 2 blocks on the unique index, then is refused."""
    outcomes: list[str] = []
    with app.app_context():
        round_ = db.session.get(BudgetRound, world["round"])
        services.cast_ballot(round_, db.session.get(User, world["voters"][0]), {world["projects"][0]: 1}, TODAY)  # flushed only
        second = threading.Thread(target=_cast, args=(app, world, world["voters"][0], world["projects"][1], outcomes))
        second.start()
        time.sleep(0.5)
        assert outcomes == []  # waiting for the first transaction
        db.session.commit()
        db.session.remove()
    second.join(10)
    assert len(outcomes) == 1 and outcomes[0].startswith("refused") and "same moment" in outcomes[0]
    assert _ballots(app, world["round"]) == 1


def test_simultaneous_submissions_by_each_voter_leave_exactly_one_ballot_each(app, world):
    outcomes: list[str] = []
    threads = []
    for voter_id in world["voters"]:
        barrier = threading.Barrier(2)
        for project_id in world["projects"]:
            threads.append(threading.Thread(target=_cast, args=(app, world, voter_id, project_id, outcomes, barrier)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert len(outcomes) == 2 * len(world["voters"])
    assert all(o == "stored" or "same moment" in o for o in outcomes), outcomes
    assert _ballots(app, world["round"]) == len(world["voters"])
