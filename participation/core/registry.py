"""The registry of municipalities hosted by one installation: a small control database.

Why a database and not a configuration file: the installation runs as several app instances on
several hosts. `flask municipalities add/disable` on one of them must reach all of them without
copying a file around, and a control database is already what every instance can read. It holds only
the list (slug, name, host names, database URL, enabled, a few settings), never residents' data, so
a municipality's own database can be backed up, restored, exported or deleted on its own.

Each process keeps the list in memory and reads it again at most every MUNICIPALITIES_REFRESH_SECONDS
(default 30): picking the municipality of a request costs no query (a change reaches every instance
within that time). Jobs read it afresh, so a job queued for a municipality disabled meanwhile is
skipped with a message instead of running.

The control database's single table is created by the first command that needs it (create_all):
it has no migrations of its own; a new column would get one.
"""
from __future__ import annotations

import json
import re
import threading
import time
from datetime import datetime, timezone
from typing import Iterable

from flask import Flask
from sqlalchemy import JSON, Boolean, Column, DateTime, MetaData, String, Table, Text, create_engine, select, update
from sqlalchemy.engine import make_url

from participation.core.municipalities import Engines, Municipality, normalise_host

metadata = MetaData()
municipalities_table = Table(
    "municipalities",
    metadata,
    Column("slug", String(40), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("hosts", Text, nullable=False),  # normalised host names, comma separated
    Column("database_url", Text, nullable=False),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("settings", JSON, nullable=False, default=dict),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

SLUG = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
HOST = re.compile(r"^(?=.{1,253}$)(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)$")


class RegistryError(ValueError):
    """A registry change that cannot be made; the message says why (for the CLI)."""


class Registry:
    def __init__(self, url: str, refresh_seconds: float = 30.0) -> None:
        self.url = url
        self.refresh_seconds = refresh_seconds
        self._engine = None
        self._lock = threading.Lock()
        self._by_host: dict[str, Municipality] = {}
        self._by_slug: dict[str, Municipality] = {}
        self._loaded_at: float | None = None

    @property
    def engine(self):
        if self._engine is None:
            options = {"connect_args": {"check_same_thread": False}} if self.url.startswith("sqlite") else {}
            self._engine = create_engine(self.url, **options)
            metadata.create_all(self._engine)
        return self._engine

    # --- reading (cached) ---------------------------------------------------------------------

    def _fresh(self, force: bool = False) -> None:
        loaded = self._loaded_at
        if not force and loaded is not None and time.monotonic() - loaded < self.refresh_seconds:
            return
        with self._lock:
            if not force and self._loaded_at is not None and time.monotonic() - self._loaded_at < self.refresh_seconds:
                return
            with self.engine.connect() as connection:
                rows = connection.execute(select(municipalities_table).order_by(municipalities_table.c.slug)).all()
            by_slug = {}
            by_host = {}
            for row in rows:
                known = self._by_slug.get(row.slug)
                municipality = Municipality(
                    slug=row.slug, name=row.name, hosts=tuple(h for h in row.hosts.split(",") if h),
                    database_url=row.database_url, enabled=bool(row.enabled), settings=dict(row.settings or {}),
                )
                # The same object while nothing changed: per-municipality values derived from it stay cached.
                if known is not None and known == municipality and dict(known.settings) == dict(municipality.settings):
                    municipality = known
                by_slug[row.slug] = municipality
                for host in municipality.hosts:
                    by_host[host] = municipality
            self._by_slug, self._by_host = by_slug, by_host
            self._loaded_at = time.monotonic()

    def for_host(self, host: str) -> Municipality | None:
        self._fresh()
        return self._by_host.get(normalise_host(host))

    def get(self, slug: str, *, fresh: bool = False) -> Municipality | None:
        self._fresh(force=fresh)
        return self._by_slug.get(slug)

    def all(self, *, fresh: bool = False) -> list[Municipality]:
        self._fresh(force=fresh)
        return list(self._by_slug.values())

    def active(self, *, fresh: bool = False) -> list[Municipality]:
        return [m for m in self.all(fresh=fresh) if m.enabled]

    # --- changing -------------------------------------------------------------------------------

    def add(self, slug: str, name: str, hosts: Iterable[str], database_url: str, settings: dict | None = None) -> Municipality:
        slug = (slug or "").strip().lower()
        if not SLUG.match(slug):
            raise RegistryError(f"'{slug}': a slug is 2 to 40 lower-case letters, digits or dashes, starting with a letter.")
        if not (name or "").strip():
            raise RegistryError("A municipality needs a name.")
        normalised = []
        for host in hosts:
            host = normalise_host(host)
            if not HOST.match(host):
                raise RegistryError(f"'{host}' is not a host name.")
            if host not in normalised:
                normalised.append(host)
        if not normalised:
            raise RegistryError("A municipality needs at least one host name.")
        try:
            make_url(database_url)
        except Exception as error:
            raise RegistryError(f"'{database_url}' is not a database URL: {error}") from None
        self._fresh(force=True)
        if slug in self._by_slug:
            raise RegistryError(f"There is already a municipality '{slug}'.")
        for host in normalised:
            if host in self._by_host:
                raise RegistryError(f"The host {host} already serves '{self._by_host[host].slug}'.")
        for other in self._by_slug.values():
            if other.database_url == database_url:
                raise RegistryError(f"The database {database_url} already holds '{other.slug}': every municipality has its own.")
        with self.engine.begin() as connection:
            connection.execute(municipalities_table.insert().values(
                slug=slug, name=name.strip(), hosts=",".join(normalised), database_url=database_url, enabled=True,
                settings=json.loads(json.dumps(settings or {})), created_at=datetime.now(timezone.utc),
            ))
        self._fresh(force=True)
        return self._by_slug[slug]

    def set_enabled(self, slug: str, enabled: bool) -> Municipality:
        with self.engine.begin() as connection:
            found = connection.execute(
                update(municipalities_table).where(municipalities_table.c.slug == slug).values(enabled=enabled)
            ).rowcount
        if not found:
            raise RegistryError(f"There is no municipality '{slug}'.")
        self._fresh(force=True)
        return self._by_slug[slug]

    def remove(self, slug: str) -> None:
        """Forget a disabled municipality. Its database and uploads are left for the operator to drop."""
        found = self.get(slug, fresh=True)
        if found is None:
            raise RegistryError(f"There is no municipality '{slug}'.")
        if found.enabled:
            raise RegistryError(f"'{slug}' is still active: disable it first (`flask municipalities disable {slug}`).")
        with self.engine.begin() as connection:
            connection.execute(municipalities_table.delete().where(municipalities_table.c.slug == slug))
        self._fresh(force=True)

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def init_app(app: Flask, db) -> None:
    """Turn on several municipalities when MUNICIPALITIES_DATABASE_URL is set (see core.municipalities)."""
    url = app.config.get("MUNICIPALITIES_DATABASE_URL")
    if not url:
        return
    registry = Registry(url, float(app.config.get("MUNICIPALITIES_REFRESH_SECONDS", 30)))
    app.extensions["municipalities"] = registry
    app.extensions["municipal_engines"] = Engines(db, app, float(app.config.get("MUNICIPALITIES_IDLE_SECONDS", 300)))
    app.config.municipal = True
