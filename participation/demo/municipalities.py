"""The two demo municipalities of `make demo`: Gent and Oudsbergen, side by side on one installation.

Host names that reach this machine without editing /etc/hosts: Gent on 127.0.0.1, Oudsbergen on
localhost (the port is ignored when the host picks the municipality, and cookies are kept per host
name, so each has its own sessions). Gent keeps the installation's database (DATABASE_URL, by
default instance/stadslab.sqlite, as before there were several); Oudsbergen gets a file of its own
next to it, or a database of its own on the same server.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from participation.core.municipal_cli import create_database, default_database_url, upgrade
from participation.core.municipalities import Municipality

DEMO_PORT = 5000


@dataclass(frozen=True)
class DemoMunicipality:
    slug: str
    name: str
    host: str
    settings: tuple[tuple[str, str], ...] = ()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{DEMO_PORT}"


GENT = DemoMunicipality("gent", "Gent", "127.0.0.1")
OUDSBERGEN = DemoMunicipality("oudsbergen", "Oudsbergen", "localhost", (("MAP_CENTER", "51.0796,5.5917"), ("MAP_ZOOM", "12")))


def _database_url(app: Flask, demo: DemoMunicipality) -> str:
    installation = dict.__getitem__(app.config, "SQLALCHEMY_DATABASE_URI")
    if demo is GENT:
        return installation
    return default_database_url(installation, demo.slug, app.instance_path)


def register_demo_municipalities(app: Flask) -> list[Municipality]:
    """Register what is missing, create and migrate both databases; what exists is left alone."""
    registry = app.extensions["municipalities"]
    chosen = []
    for demo in (GENT, OUDSBERGEN):
        municipality = registry.get(demo.slug, fresh=True)
        if municipality is None:
            municipality = registry.add(demo.slug, demo.name, [demo.host], _database_url(app, demo),
                                        {"PUBLIC_BASE_URL": demo.url, **dict(demo.settings)})
        create_database(municipality.database_url)
        chosen.append(municipality)
    upgrade(app)
    return chosen


@dataclass(frozen=True)
class SeededMunicipality:
    demo: DemoMunicipality
    logins: list
    letter_codes: list[str]


def seed_demo_municipalities(app: Flask) -> list[SeededMunicipality]:
    """Both demo municipalities, registered, migrated and seeded (each safe to run twice)."""
    from participation.core import municipalities
    from participation.core.jobs import commit_and_release
    from participation.demo.oudsbergen import seed_oudsbergen
    from participation.demo.seed import seed_demo, seed_demo_features

    gent, oudsbergen = register_demo_municipalities(app)
    with app.app_context(), municipalities.using(gent):
        gent_logins = seed_demo()
        commit_and_release()
        extras = seed_demo_features()
        commit_and_release()
    with app.app_context(), municipalities.using(oudsbergen):
        oudsbergen_logins = seed_oudsbergen()
        commit_and_release()
    return [
        SeededMunicipality(GENT, list(gent_logins), list(extras.get("letter_codes") or [])),
        SeededMunicipality(OUDSBERGEN, list(oudsbergen_logins), []),
    ]
