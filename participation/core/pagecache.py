"""A shared cache for rendered pages (or parts of pages), kept correct by version counters.

Storage: Redis when CACHE_REDIS_URL (or REDIS_URL) is set, so every instance and worker shares the pages
and the counters; otherwise a small in-process store (one process only: with several workers and no
Redis, a change made in one worker only invalidates that worker's copies). PAGE_CACHE_ENABLED=False
switches it off; PAGE_CACHE_TTL bounds how long an entry lives at all. In front of Redis each process
keeps what it read for PAGE_CACHE_NEAR_SECONDS (default 1 s; 0 switches it off, see NearCopies): a
change made by another instance reaches this one's visitors within that moment.

Correctness does not rest on the TTL but on *scopes*: every entry records the versions of the scopes it
was built from (say "p:7" for process 7 and "global"), read before rendering. A feature declares which
scopes a change touches (watch_changes); this module collects them from the ORM session while it
flushes (and from UPDATE/DELETE statements), and bumps the counters right after the transaction
commits, in web requests, CLI commands and jobs alike. An entry whose recorded versions differ from the
current ones is never served. Every bump also bumps ALL, for pages that span every scope.

With several municipalities every entry and counter is kept under the municipality's slug
(core.municipalities.key): the same path at two hosts is two entries, a change at one bumps only its
own counters.

Never cache what differs per visitor: callers keep personal content, flash messages and the CSRF token
out of the cached text (see csrf_free / with_csrf).
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from flask import Flask, current_app, has_app_context

from participation.core import municipalities
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

ALL = "all"  # bumped with every change: for pages that show every scope (the city-wide idea list)
GLOBAL = "global"  # bumped for changes that may show on any page (a renamed person, a theme)
CSRF_PLACEHOLDER = "\x00csrf-token\x00"
_TOUCHED = "pagecache_touched"

# Feature hooks: given the session and the objects a flush wrote, the scopes they touch; given an
# UPDATE/DELETE statement run outside the unit of work, the scopes it touches (or None: not watched).
ObjectsWatcher = Callable[[Session, list], Iterable[str | int]]
StatementWatcher = Callable[[Session, Any], Iterable[str | int] | None]
_object_watchers: list[ObjectsWatcher] = []
_statement_watchers: list[StatementWatcher] = []


def watch_changes(objects: ObjectsWatcher | None = None, statements: StatementWatcher | None = None) -> None:
    if objects is not None and objects not in _object_watchers:
        _object_watchers.append(objects)
    if statements is not None and statements not in _statement_watchers:
        _statement_watchers.append(statements)


def scope_name(scope: str | int) -> str:
    return f"p:{scope}" if isinstance(scope, int) else scope


# --- Storage ----------------------------------------------------------------------------------


class MemoryStore:
    """In-process: a bounded LRU of entries plus the counters."""

    def __init__(self, max_entries: int = 5000) -> None:
        self._entries: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._versions: dict[str, int] = {}
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def get(self, key: str) -> str | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            expires, value = found
            if expires < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def get_current(self, key: str) -> str | None:
        """The entry's text when every version in its header is still current."""
        raw = self.get(key)
        if raw is None:
            return None
        header, _, text = raw.partition("\n")
        versions = json.loads(header)
        return text if self.versions(list(versions)) == list(versions.values()) else None

    def set(self, key: str, value: str, ttl: int) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + ttl, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def versions(self, names: list[str]) -> list[int]:
        with self._lock:
            return [self._versions.get(name, 0) for name in names]

    def bump(self, names: Iterable[str]) -> None:
        with self._lock:
            for name in names:
                self._versions[name] = self._versions.get(name, 0) + 1

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# One round trip for a hit: read the entry and compare the versions in its header inside Redis.
_GET_CURRENT = """
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local newline = string.find(raw, '\\n', 1, true)
local versions = cjson.decode(string.sub(raw, 1, newline - 1))
for name, version in pairs(versions) do
  if tonumber(redis.call('GET', ARGV[1] .. name) or '0') ~= version then return false end
end
return string.sub(raw, newline + 1)
"""


class RedisStore:
    """Shared by every process: entries expire by themselves; counters are INCR'd (never reset, so a
    counter that is missing after a Redis restart reads 0 while the entries are gone as well).
    Meant for one Redis server (the check script reads counter keys it is not given: no Cluster)."""

    def __init__(self, url: str, prefix: str) -> None:
        from redis import Redis

        self.redis = Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.prefix = prefix
        self._get_current = self.redis.register_script(_GET_CURRENT)

    def get_current(self, key: str) -> str | None:
        value = self._get_current(keys=[self.prefix + "page:" + key], args=[self.prefix + "v:"])
        return value.decode() if value is not None else None

    def get(self, key: str) -> str | None:
        value = self.redis.get(self.prefix + "page:" + key)
        return value.decode() if value is not None else None

    def set(self, key: str, value: str, ttl: int) -> None:
        self.redis.set(self.prefix + "page:" + key, value.encode(), ex=ttl)

    def versions(self, names: list[str]) -> list[int]:
        values = self.redis.mget([self.prefix + "v:" + name for name in names])
        return [int(value) if value is not None else 0 for value in values]

    def bump(self, names: Iterable[str]) -> None:
        pipeline = self.redis.pipeline(transaction=False)
        for name in names:
            pipeline.incr(self.prefix + "v:" + name)
        pipeline.execute()

    def clear(self) -> None:
        for key in self.redis.scan_iter(self.prefix + "page:*", count=500):
            self.redis.delete(key)


class NearCopies:
    """This process's copies of entries it recently read from a shared store, trusted for `seconds`.

    A round trip to Redis costs about as much as the rest of a cached page, so a page read through this
    process is served from here for a moment. Changes made by this process clear every copy at once
    (PageCache.bump); a change made by another instance shows here within `seconds`."""

    def __init__(self, seconds: float, max_entries: int) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._copies: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            found = self._copies.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                del self._copies[key]
                return None
            self._copies.move_to_end(key)
            return found[1]

    def keep(self, key: str, text: str) -> None:
        with self._lock:
            self._copies[key] = (time.monotonic() + self.seconds, text)
            self._copies.move_to_end(key)
            while len(self._copies) > self.max_entries:
                self._copies.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._copies.clear()


@dataclass
class PageCache:
    store: MemoryStore | RedisStore
    ttl: int
    near: NearCopies | None = None  # only in front of a shared store (Redis)

    def get(self, key: str) -> str | None:
        """The cached text for `key` if every scope it was built from is unchanged, else None."""
        key = municipalities.key(key)  # several municipalities share one store: each has its own entries
        if self.near is not None and (text := self.near.get(key)) is not None:
            return text
        try:
            text = self.store.get_current(key)  # entries: a JSON header of the versions it was built from, then the text
        except Exception:  # a cache that is down must not take the site with it
            log.warning("page cache unavailable", exc_info=True)
            return None
        if text is not None and self.near is not None:
            self.near.keep(key, text)
        return text

    def stamp(self, scopes: Iterable[str | int]) -> dict[str, int] | None:
        """Read the current versions of `scopes` BEFORE rendering: a change made while the page renders
        then leaves the entry stale-stamped, so it is never served."""
        names = sorted({scope_name(scope) for scope in scopes})
        try:
            return dict(zip(names, self.store.versions([municipalities.key(name) for name in names])))
        except Exception:
            log.warning("page cache unavailable", exc_info=True)
            return None

    def put(self, key: str, stamp: dict[str, int] | None, text: str) -> None:
        if stamp is None:
            return
        try:
            own = {municipalities.key(name): version for name, version in stamp.items()}
            self.store.set(municipalities.key(key), json.dumps(own) + "\n" + text, self.ttl)
        except Exception:
            log.warning("page cache unavailable", exc_info=True)

    def bump(self, scopes: Iterable[str | int]) -> None:
        names = {scope_name(scope) for scope in scopes}
        if not names:
            return
        names.add(ALL)
        if self.near is not None:
            self.near.clear()  # this process never serves its own change late
        try:
            self.store.bump(sorted(municipalities.key(name) for name in names))
        except Exception:
            log.error("page cache: could not invalidate %s", sorted(names), exc_info=True)


def page_key(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(part) for part in parts).encode()).hexdigest()


def get_cache() -> PageCache | None:
    """The app's page cache, or None when it is switched off (or outside an application)."""
    if not has_app_context():
        return None
    return current_app.extensions.get("pagecache")


# --- Visitor-specific bits --------------------------------------------------------------------


def csrf_free(html: str, token: str) -> str:
    """The page without this visitor's CSRF token (it sits in every POST form: language switcher...)."""
    return html.replace(token, CSRF_PLACEHOLDER)


def with_csrf(html: str, token: str) -> str:
    return html.replace(CSRF_PLACEHOLDER, token)


_signed_tokens: OrderedDict[tuple, str] = OrderedDict()
_signed_tokens_lock = threading.Lock()


def visitor_csrf_token() -> str:
    """The visitor's signed CSRF token, as flask_wtf.generate_csrf gives it.

    Signing costs about as much as serving a cached page otherwise does. When tokens never expire
    (WTF_CSRF_TIME_LIMIT = None) the signature of a session's raw token may be reused, so it is
    remembered per raw token (bounded); a token that expires is signed anew, with its timestamp."""
    from flask import g, session
    from flask_wtf.csrf import generate_csrf

    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw = session.get(field)
    if current_app.config.get("WTF_CSRF_TIME_LIMIT", 3600) is not None or not isinstance(raw, str) or field in g:
        return generate_csrf()
    remembered = (current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, raw)
    with _signed_tokens_lock:
        signed = _signed_tokens.get(remembered)
        if signed is not None:
            _signed_tokens.move_to_end(remembered)
    if signed is None:
        signed = generate_csrf()
        with _signed_tokens_lock:
            _signed_tokens[remembered] = signed
            while len(_signed_tokens) > 10_000:
                _signed_tokens.popitem(last=False)
    else:
        setattr(g, field, signed)  # what generate_csrf would have cached for the rest of the request
    return signed


# --- Collecting changes and bumping after commit ------------------------------------------------


def _touched(session: Session) -> set:
    return session.info.setdefault(_TOUCHED, set())


def _after_flush(session: Session, flush_context) -> None:
    if not _object_watchers:
        return
    objects = [*session.new, *session.deleted, *(obj for obj in session.dirty if session.is_modified(obj))]
    if not objects:
        return
    touched = _touched(session)
    for watcher in _object_watchers:
        touched.update(watcher(session, objects))


def _do_orm_execute(state) -> None:
    if not (state.is_update or state.is_delete or state.is_insert) or not _statement_watchers:
        return
    touched = _touched(state.session)
    for watcher in _statement_watchers:
        scopes = watcher(state.session, state.statement)
        if scopes is not None:
            touched.update(scopes)


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a released savepoint (all_or_nothing): the transaction around it has not committed yet
    touched = session.info.pop(_TOUCHED, None)
    if touched:
        cache = get_cache()
        if cache is not None:
            cache.bump(touched)


def _after_soft_rollback(session: Session, previous_transaction) -> None:
    # Only when the whole transaction is gone: a rolled-back savepoint may sit inside a transaction
    # that still commits other changes (keeping them all only invalidates a little more than needed).
    if previous_transaction.parent is None:
        session.info.pop(_TOUCHED, None)


_listening = False


def init_app(app: Flask) -> None:
    global _listening
    app.config.setdefault("PAGE_CACHE_ENABLED", True)
    app.config.setdefault("PAGE_CACHE_TTL", 300)
    if not _listening:
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _do_orm_execute)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_soft_rollback)
        _listening = True
    if not app.config["PAGE_CACHE_ENABLED"]:
        app.extensions.pop("pagecache", None)
        return
    url = app.config.get("CACHE_REDIS_URL") or app.config.get("REDIS_URL")
    prefix = app.config.get("PAGE_CACHE_PREFIX", "stadslab:pagecache:")
    store: MemoryStore | RedisStore = RedisStore(url, prefix) if url else MemoryStore(app.config.get("PAGE_CACHE_MAX_ENTRIES", 5000))
    near_seconds = float(app.config.get("PAGE_CACHE_NEAR_SECONDS", 1.0))
    near = NearCopies(near_seconds, int(app.config.get("PAGE_CACHE_NEAR_ENTRIES", 500))) if url and near_seconds > 0 else None
    app.extensions["pagecache"] = PageCache(store, int(app.config["PAGE_CACHE_TTL"]), near)
