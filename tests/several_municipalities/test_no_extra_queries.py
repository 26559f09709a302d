"""Choosing the municipality costs no query: the same page of the same database takes as many
statements in a single installation as when the host picks it out of the registry."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from participation import create_app
from tests.ideas.conftest import count_queries
from tests.several_municipalities.conftest import OUD_HOST, PASSWORD, HostClient

PAGES = ("/", "/trajecten", "/ideeen", "/ideeen/1", "/profiel")


def page_statements(client) -> dict[str, int]:
    client.post("/inloggen", data={"email": "burger@oudsbergen.test", "password": PASSWORD})
    for page in PAGES:
        client.get(page)  # warm: the profile and the registry are read once per process
    counts = {}
    for page in PAGES:
        with count_queries(Engine) as seen:  # every engine: the registry's too
            assert client.get(page).status_code == 200, page
        counts[page] = len(seen)
    return counts


def test_the_host_picks_the_municipality_without_a_query(hosting):
    settings = dict(PAGE_CACHE_ENABLED=False, SERVER_NAME=None, UPLOAD_FOLDER=hosting.app.config["UPLOAD_FOLDER"])
    several = create_app("testing", MUNICIPALITIES_DATABASE_URL=hosting.app.config["MUNICIPALITIES_DATABASE_URL"],
                         MUNICIPALITIES_REFRESH_SECONDS=3600, **settings)
    single = create_app("testing", SQLALCHEMY_DATABASE_URI=hosting.urls["oudsbergen"], **settings)
    try:
        in_registry = page_statements(HostClient(several, OUD_HOST))
        alone = page_statements(HostClient(single, "localhost"))
    finally:
        several.extensions["municipal_engines"].dispose()
        several.extensions["municipalities"].dispose()
        with single.app_context():
            from participation.extensions import db

            db.engine.dispose()
    assert all(count > 0 for count in alone.values())
    assert in_registry == alone
