"""One PostgreSQL database per pytest-xdist worker, so that parallel workers never share a schema.

Imported by tests/conftest.py before the app is built: TestingConfig reads TEST_DATABASE_URL when
it is defined. SQLite needs nothing here (each worker has its own in-memory database and the browser
tests their own files under tmp_path).
"""
from __future__ import annotations

import atexit
import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def worker_database_url(url: str, worker: str) -> str:
    """The URL of `url`'s database for one worker: `<name>_<worker>` on the same server."""
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


def claim_worker_database() -> None:
    """Under xdist with PostgreSQL: create this worker's own database, point the tests at it, drop it at exit."""
    url = os.environ.get("TEST_DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker or not url.startswith("postgresql"):
        return
    own = worker_database_url(url, worker)
    name = make_url(own).database
    # CREATE/DROP DATABASE cannot run in a transaction; connect to the database CI made for the run.
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    os.environ["TEST_DATABASE_URL"] = own

    def drop() -> None:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    atexit.register(drop)
