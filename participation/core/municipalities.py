"""Which municipality a request, command or job serves, and the settings and database that follow.

One installation, one municipality (no MUNICIPALITIES_DATABASE_URL): there is no registry, current()
is None everywhere and the application reads its configuration and database as it always did.

Several municipalities (core.registry lists them): the request's host picks one before anything else
runs (Stadslab.wsgi_app), commands choose with --municipality (or loop over all), and a queued job
carries the one it was queued for. From then on three things follow the choice:

- the configuration: `app.config[...]` answers with the municipality's own value for the settings
  listed in `overrides()` (its database, uploads folder, public address, Stripe account, mail sender,
  rate-limit prefix) and with keys derived from the installation's SECRET_KEY, so that a session
  cookie, CSRF token, password-reset or unsubscribe link signed for one municipality is only garbage
  at another. Everything that reads the configuration is kept apart without knowing about it.
- the database: db.engines (participation.extensions) answers with the municipality's own engine,
  created on first use and closed when idle (Engines). Without a chosen municipality there is no
  database at all: nothing can fall back to a shared one by mistake.
- keys in shared stores (page cache, rate limits, per-process copies): prefixed with the slug (key()).

The choice lives in a context variable; during a request it is also kept in the WSGI environ, for a
response body that is produced after wsgi_app returned (a streamed export).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping

from flask import Config, current_app, has_app_context, has_request_context, request

ENVIRON_KEY = "stadslab.municipality"
_current: ContextVar["Municipality | None"] = ContextVar("stadslab_municipality", default=None)

# Settings a municipality may set for itself in the registry (`flask municipalities add --set`).
# Stripe keys are never inherited from the installation: each municipality has its own account.
OWN_SETTINGS = frozenset({
    "PUBLIC_BASE_URL", "MAIL_DEFAULT_SENDER", "STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET", "CROWDFUNDING_IBAN", "BUDGETING_IDENTITY_SECRET", "CITY_NAME",
    "MAP_CENTER", "MAP_ZOOM", "MODERATION_WORD_LIST",
})
NOT_INHERITED = ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET")


@dataclass(frozen=True)
class Municipality:
    slug: str
    name: str
    hosts: tuple[str, ...]
    database_url: str
    enabled: bool = True
    settings: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def setting(self, name: str) -> Any:
        """A registry setting; "env:NAME" reads the environment variable NAME (secrets kept out of the registry)."""
        value = self.settings.get(name)
        if isinstance(value, str) and value.startswith("env:"):
            return os.environ.get(value[4:])
        return value


def normalise_host(host: str) -> str:
    """`Gent.Example.BE:8443` → `gent.example.be`: case and port do not pick another municipality."""
    host = (host or "").strip().lower()
    if host.startswith("["):  # an IPv6 literal, with or without a port
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0].rstrip(".") if ":" in host else host.rstrip(".")


def current() -> Municipality | None:
    """The municipality being served, or None in a single-municipality installation."""
    chosen = _current.get()
    if chosen is not None:
        return chosen
    if has_request_context():
        return request.environ.get(ENVIRON_KEY)
    return None


def slug() -> str | None:
    chosen = current()
    return chosen.slug if chosen is not None else None


def key(name: str) -> str:
    """`name` for the current municipality, for keys in stores that several municipalities share."""
    chosen = current()
    return f"{chosen.slug}:{name}" if chosen is not None else name


@contextmanager
def using(municipality: Municipality | None) -> Iterator[None]:
    token = _current.set(municipality)
    try:
        yield
    finally:
        _current.reset(token)


# Run after a command or job has its application context (and municipality): the municipality package
# reads the profile here, so links and languages in what a command sends follow it (core.municipal_cli).
on_enter: list[Callable[[], None]] = []


def entered() -> None:
    for hook in on_enter:
        hook()


def is_multi(app=None) -> bool:
    app = app or (current_app if has_app_context() else None)
    return app is not None and "municipalities" in app.extensions


def derived_secret(secret: str, municipality_slug: str, purpose: str) -> str:
    return hmac.new(str(secret).encode(), f"{purpose}:{municipality_slug}".encode(), hashlib.sha256).hexdigest()


def overrides(base: Mapping[str, Any], municipality: Municipality) -> dict[str, Any]:
    """The configuration values that differ per municipality, derived from the installation's ones."""
    values: dict[str, Any] = {name: None for name in NOT_INHERITED}
    secret = base["SECRET_KEY"]
    host = municipality.hosts[0] if municipality.hosts else "localhost"
    scheme = base.get("PREFERRED_URL_SCHEME") or "http"
    values.update(
        SQLALCHEMY_DATABASE_URI=municipality.database_url,
        SECRET_KEY=derived_secret(secret, municipality.slug, "secret-key"),
        UPLOAD_FOLDER=os.path.join(base["UPLOAD_FOLDER"], municipality.slug),
        RATELIMIT_KEY_PREFIX=municipality.slug,
        PUBLIC_BASE_URL=f"{scheme}://{host}",
        TRUSTED_HOSTS=None,
        SERVER_NAME=None,  # routing follows the request's (registered) host  # the registry admitted the host already; other hosts never get this far
        SESSION_COOKIE_DOMAIN=None,  # host-only cookies: never sent to another municipality's host
        REMEMBER_COOKIE_DOMAIN=None,
        CITY_NAME=municipality.name,
        MAIL_DEFAULT_SENDER=f"{base.get('PLATFORM_NAME') or 'Stadslab'} {municipality.name} <noreply@{host}>",
        MUNICIPALITY_SLUG=municipality.slug,
    )
    if base.get("BUDGETING_IDENTITY_SECRET"):
        values["BUDGETING_IDENTITY_SECRET"] = derived_secret(base["BUDGETING_IDENTITY_SECRET"], municipality.slug, "identity")
    if base.get("WTF_CSRF_SECRET_KEY"):
        values["WTF_CSRF_SECRET_KEY"] = derived_secret(base["WTF_CSRF_SECRET_KEY"], municipality.slug, "csrf")
    for name in OWN_SETTINGS:
        value = municipality.setting(name)
        if value not in (None, ""):
            values[name] = _like(base.get(name), value)
    return values


def _like(example: Any, value: Any) -> Any:
    """A registry setting typed on the command line ("51.08,5.6") as the configuration holds it."""
    if not isinstance(value, str):
        return value
    if isinstance(example, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(example, int):
        return int(value)
    if isinstance(example, (tuple, list)):
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if example and all(isinstance(item, (int, float)) for item in example):
            return tuple(float(part) for part in parts)
        return parts
    return value


_MISSING = object()


class MunicipalConfig(Config):
    """app.config that answers with the current municipality's own values (see overrides()), and with
    what its admins stored in the municipality profile for the settings in OVERLAID (a hook the
    municipality package installs: core never imports it)."""

    municipal = False  # set by core.registry.init_app: a single installation pays one attribute read
    overlay: Callable[[str], Any] | None = None  # name -> the profile's value, or None: the configuration's
    OVERLAID = frozenset({"LANGUAGES", "BABEL_DEFAULT_LOCALE", "BABEL_DEFAULT_TIMEZONE", "PUBLIC_BASE_URL"})

    def _own(self) -> dict[str, Any] | None:
        chosen = current()
        if chosen is None:
            return None
        cache = self.__dict__.setdefault("_municipal_values", {})
        found = cache.get(chosen.slug)
        if found is None or found[0] is not chosen:
            found = (chosen, overrides(_BaseView(self), chosen))
            cache[chosen.slug] = found
        return found[1]

    def lookup(self, name: str, default: Any = _MISSING, *, overlaid: bool = True) -> Any:
        if overlaid and self.overlay is not None and name in self.OVERLAID:
            value = self.overlay(name)
            if value is not None:
                return value
        if self.municipal:
            own = self._own()
            if own is not None and name in own:
                return own[name]
        if default is _MISSING:
            return dict.__getitem__(self, name)
        return dict.get(self, name, default)

    def __getitem__(self, name: str) -> Any:
        return self.lookup(name)

    def get(self, name: str, default: Any = None) -> Any:
        return self.lookup(name, default)

    def configured(self) -> "ConfiguredView":
        """The configuration without the profile's values: what the profile falls back to."""
        return ConfiguredView(self)


class ConfiguredView:
    def __init__(self, config: MunicipalConfig) -> None:
        self._config = config

    def __getitem__(self, name: str) -> Any:
        return self._config.lookup(name, overlaid=False)

    def get(self, name: str, default: Any = None) -> Any:
        return self._config.lookup(name, default, overlaid=False)


class _BaseView:
    """The installation's own values, read past the municipal overrides."""

    def __init__(self, config: dict) -> None:
        self._config = config

    def __getitem__(self, name: str) -> Any:
        return dict.__getitem__(self._config, name)

    def get(self, name: str, default: Any = None) -> Any:
        return dict.get(self._config, name, default)


class NoMunicipalityChosen(RuntimeError):
    pass


class Engines:
    """One SQLAlchemy engine per municipality, made on first use; one idle for `idle_seconds` is disposed
    of entirely (its pool closed, its compiled-statement cache freed), so fifty registered municipalities
    cost a worker only the ones people actually use."""

    def __init__(self, db, app, idle_seconds: float) -> None:
        self._db = db
        self._app = app
        self.idle_seconds = idle_seconds
        self._engines: dict[str, tuple[str, dict, list[float]]] = {}
        self._lock = threading.Lock()
        self._swept = time.monotonic()

    def for_municipality(self, municipality: Municipality) -> Mapping:
        now = time.monotonic()
        entry = self._engines.get(municipality.slug)
        if entry is None or entry[0] != municipality.database_url:
            with self._lock:
                entry = self._engines.get(municipality.slug)
                if entry is None or entry[0] != municipality.database_url:
                    if entry is not None:
                        entry[1][None].dispose()
                    entry = (municipality.database_url, {None: self._make(municipality.database_url)}, [now])
                    self._engines[municipality.slug] = entry
        entry[2][0] = now
        if self.idle_seconds and now - self._swept > min(60.0, self.idle_seconds):
            self.sweep(now)
        return entry[1]

    def _make(self, url: str):
        options = dict(self._app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["url"] = url
        self._db._apply_driver_defaults(options, self._app)
        return self._db._make_engine(None, options, self._app)

    def sweep(self, now: float | None = None) -> list[str]:
        now = now or time.monotonic()
        self._swept = now
        closed = []
        with self._lock:
            for name, (url, engines, used) in list(self._engines.items()):
                if now - used[0] > self.idle_seconds:
                    engines[None].dispose()
                    del self._engines[name]
                    closed.append(name)
        return closed

    def open_slugs(self) -> list[str]:
        return sorted(self._engines)

    def dispose(self, municipality_slug: str | None = None) -> None:
        with self._lock:
            for name in [municipality_slug] if municipality_slug else list(self._engines):
                entry = self._engines.pop(name, None)
                if entry is not None:
                    entry[1][None].dispose()
