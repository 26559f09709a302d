"""Shared fixtures: one app per test session, one rolled-back transaction per test, factories, login."""
from __future__ import annotations

import itertools
import os
from datetime import date, timedelta

import pytest
from flask import g
from flask_migrate import upgrade
from sqlalchemy import text

from tests.databases import claim_worker_database

claim_worker_database()  # before the app reads TEST_DATABASE_URL

from participation import create_app  # noqa: E402
from participation.accounts.services import create_user  # noqa: E402
from participation.extensions import db, limiter  # noqa: E402
from participation.processes import services as process_services  # noqa: E402

TEST_PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)


def _reset_postgres_schema(engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def app():
    app = create_app("testing")

    def _fresh_g_per_request():
        # Tests keep one app context open, which Flask reuses for each request, so `g` would carry
        # Flask-Login's user and Flask-Babel's locale from one request to the next. In production
        # every request gets a fresh `g`; give tests the same. Runs before every other hook.
        for name in list(vars(g)):
            delattr(g, name)

    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_g_per_request)

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            _reset_postgres_schema(db.engine)
        # The schema comes from the migrations, so every test run also checks that they apply.
        upgrade()
        from participation.city.seed import seed_districts_and_themes

        seed_districts_and_themes()
        db.session.commit()
    yield app


@pytest.fixture(autouse=True)
def _transaction(request):
    """Each test runs inside a transaction that is rolled back, so tests never see each other's rows.

    Requests commit as usual: with create_savepoint those commits only release a savepoint.
    Browser tests talk to their own live server and database, so they skip this.
    """
    if request.node.get_closest_marker("browser"):
        yield None
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        engines = db.engines  # Flask-SQLAlchemy picks binds from here, so the connection goes in its place
        engine = engines[None]
        connection = engine.connect()
        outer = connection.begin()
        engines[None] = connection
        original_session = db.session
        db.session = db._make_scoped_session({"join_transaction_mode": "create_savepoint"})
        from participation.municipality.profile import current_profile

        current_profile()  # as in a running process, the profile is already read: query counts stay per page
        try:
            yield connection
        finally:
            from participation.municipality.profile import forget

            forget()  # this process's copy of a profile the test saved and now rolls back
            db.session.remove()
            db.session = original_session
            engines[None] = engine
            outer.rollback()
            connection.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user():
    def make(role: str = "citizen", *, verified: bool = True, email: str | None = None, name: str | None = None, language: str = "nl"):
        number = next(_sequence)
        user = create_user(
            email or f"person{number}@example.be", name or f"Person {number}", TEST_PASSWORD, role=role, verified=verified
        )
        user.language = language
        # Commit (inside the test's outer transaction this only releases a savepoint), so that a
        # request that rolls back its own work cannot undo what the test set up.
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_process(make_user):
    """A process with phases given as (kind, first-day offset, last-day offset) from today."""

    def make(
        *,
        title: str | None = None,
        phases=(("ideation", -5, 10),),
        status: str = "published",
        moderation_mode: str = "post",
        author=None,
    ):
        number = next(_sequence)
        author = author or make_user("staff")
        process = process_services.save_process(
            None,
            author=author,
            title=title or f"Process {number}",
            slug=None,
            policy_goal="The city will answer every idea within 60 days.",
            description="",
            moderation_mode=moderation_mode,
            theme_ids=[],
            district_ids=[],
            previous_edition_id=None,
        )
        today = date.today()
        for kind, first, last in phases:
            process_services.add_phase(
                process, kind=kind, starts_on=today + timedelta(days=first), ends_on=today + timedelta(days=last)
            )
        if status in ("published", "archived") and phases:
            process_services.change_status(process, "published")
        if status == "archived":
            process_services.change_status(process, "archived")
        db.session.commit()
        return process

    return make


@pytest.fixture
def login(client):
    def log_in(user, password: str = TEST_PASSWORD):
        response = client.post("/inloggen", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return log_in


@pytest.fixture
def limits(app):
    """Set small limits for one test; TestingConfig's generous ones come back afterwards."""
    previous = {}

    def set_limits(**values):
        for name, value in values.items():
            previous.setdefault(name, app.config[name])
            app.config[name] = value
        limiter.reset()

    yield set_limits
    app.config.update(previous)
    limiter.reset()


@pytest.fixture
def outbox():
    """Read the emails the platform queued, newest last."""
    from participation.notifications.models import OutboxMessage

    def read(recipient: str | None = None):
        query = db.select(OutboxMessage).order_by(OutboxMessage.id)
        if recipient:
            query = query.where(OutboxMessage.recipient == recipient)
        return list(db.session.scalars(query))

    return read


@pytest.fixture
def race_app(tmp_path):
    """An app of its own whose threads see each other's commits (no rolled-back transaction): on the
    worker's PostgreSQL database, or on a SQLite file of the test's own."""
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'race.sqlite'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        if url.startswith("sqlite"):
            upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def pytest_report_header(config):
    url = os.environ.get("TEST_DATABASE_URL")
    return f"database: {'PostgreSQL ' + url.rsplit('/', 1)[-1] if url else 'SQLite (in memory)'}"
