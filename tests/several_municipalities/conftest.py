"""Two municipalities on one installation: Gent with the whole demo city, Oudsbergen with a little of
its own (ids overlap on purpose: idea 1 exists at both). On SQLite files, or on PostgreSQL databases
of their own next to the worker's test database when TEST_DATABASE_URL is set."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from participation import create_app
from participation.core import municipalities
from participation.core.jobs import commit_and_release
from participation.core.municipal_cli import create_database
from participation.extensions import db

PASSWORD = "correct horse battery staple"
GENT_HOST = "gent.stadslab.test"
OUD_HOST = "oudsbergen.stadslab.test"


def database_urls(tmp_path, names):
    base = os.environ.get("TEST_DATABASE_URL")
    if base and base.startswith("postgresql"):
        parsed = make_url(base)
        return {name: parsed.set(database=f"{parsed.database}_{name}").render_as_string(hide_password=False) for name in names}
    return {name: f"sqlite:///{tmp_path / f'{name}.sqlite'}" for name in names}


def drop_databases(urls) -> None:
    for url in urls:
        parsed = make_url(url)
        if parsed.get_backend_name() != "postgresql":
            continue
        admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        admin.dispose()


class HostClient(FlaskClient):
    def __init__(self, app, host: str) -> None:
        super().__init__(app, app.response_class, use_cookies=True)
        self.host = host

    def open(self, *args, **kwargs):
        if not (args and not isinstance(args[0], str)):
            kwargs.setdefault("base_url", f"http://{self.host}")
        return super().open(*args, **kwargs)


@dataclass
class Hosting:
    app: object
    gent: municipalities.Municipality
    oudsbergen: municipalities.Municipality
    urls: dict

    def at(self, municipality):
        """An application context for direct reads and writes in one municipality's database."""
        context = self.app.app_context()

        class Scope:
            def __enter__(inner):
                context.push()
                inner.token = municipalities._current.set(municipality)
                return inner

            def __exit__(inner, *exc):
                municipalities._current.reset(inner.token)
                db.session.remove()
                context.pop()

        return Scope()

    def client(self, municipality, host: str | None = None):
        """A browser at the municipality's (first) host: its cookies stay with that host."""
        return HostClient(self.app, host or municipality.hosts[0])

    def log_in(self, client, email, password=PASSWORD):
        response = client.post("/inloggen", data={"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response


def make_hosting(tmp_path, create_schema: bool = True, **config) -> Hosting:
    urls = database_urls(tmp_path, ["registry", "gent", "oudsbergen"])
    drop_databases(urls.values())
    for url in urls.values():
        create_database(url)
    app = create_app(
        "testing", MUNICIPALITIES_DATABASE_URL=urls["registry"], SERVER_NAME=None,
        UPLOAD_FOLDER=str(tmp_path / "uploads"), MUNICIPALITIES_REFRESH_SECONDS=3600, **config,
    )
    registry = app.extensions["municipalities"]
    gent = registry.add("gent", "Gent", [GENT_HOST], urls["gent"], {
        "STRIPE_SECRET_KEY": "sk_test_gent", "STRIPE_WEBHOOK_SECRET": "whsec_gent",
    })
    oudsbergen = registry.add("oudsbergen", "Oudsbergen", [OUD_HOST, "www.oudsbergen.stadslab.test"], urls["oudsbergen"], {
        "STRIPE_SECRET_KEY": "sk_test_oudsbergen", "STRIPE_WEBHOOK_SECRET": "whsec_oudsbergen",
    })
    hosting = Hosting(app, gent, oudsbergen, urls)
    for municipality in (gent, oudsbergen) if create_schema else ():
        with hosting.at(municipality):
            db.create_all()
    return hosting


def seed_gent(hosting: Hosting) -> None:
    from participation.demo.seed import seed_demo, seed_demo_features

    with hosting.at(hosting.gent):
        seed_demo()
        commit_and_release()
        seed_demo_features()
        commit_and_release()


def seed_oudsbergen(hosting: Hosting) -> None:
    from participation.accounts.services import create_user
    from participation.ideas import services as ideas
    from participation.processes import services as processes

    with hosting.at(hosting.oudsbergen):
        create_user("admin@oudsbergen.test", "Jef Beheer", PASSWORD, role="admin")
        staff = create_user("dienst@oudsbergen.test", "Mieke Dienst", PASSWORD, role="staff")
        citizen = create_user("burger@oudsbergen.test", "Rik Burger", PASSWORD, role="citizen")
        process = processes.save_process(
            None, author=staff, title="Dorpskern Meeuwen", slug=None,
            policy_goal="De gemeente beantwoordt elk idee.", description="", moderation_mode="post",
            theme_ids=[], district_ids=[], previous_edition_id=None,
        )
        processes.add_phase(process, kind="ideation", starts_on=date.today() - timedelta(days=3), ends_on=date.today() + timedelta(days=20))
        processes.change_status(process, "published")
        ideas.submit_idea(process, citizen, title="Een bank aan de kerk van Meeuwen", description="Om even te rusten op weg naar de bakker.")
        commit_and_release()


@pytest.fixture(scope="module")
def hosting(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("municipalities")
    hosting = make_hosting(tmp_path)
    seed_gent(hosting)
    seed_oudsbergen(hosting)
    yield hosting
    hosting.app.extensions["municipal_engines"].dispose()
    hosting.app.extensions["municipalities"].dispose()
    drop_databases(hosting.urls.values())
