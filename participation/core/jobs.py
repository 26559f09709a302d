"""The job queue behind one enqueue(): RQ on Redis when REDIS_URL is set, otherwise run inline.

Jobs are released only after the transaction that asked for them has committed, so a job never
sees (or sends mail about) data that was rolled back. With several municipalities a queued job
carries the slug of the one it was queued for and runs against that municipality's database and
settings only; if that municipality was disabled (or removed) meanwhile, the job is skipped with a
warning in the worker's log instead of running.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from flask import current_app

from participation.core import municipalities
from participation.extensions import db

log = logging.getLogger(__name__)

_PENDING_KEY = "jobs_after_commit"


def enqueue(func: Callable[..., Any], *args: Any) -> None:
    db.session.info.setdefault(_PENDING_KEY, []).append((func, args))


def discard_pending_jobs() -> None:
    db.session.info.pop(_PENDING_KEY, None)


def release_pending_jobs() -> None:
    """Hand the jobs of a committed transaction to the queue (or run them now when there is no queue)."""
    pending = db.session.info.pop(_PENDING_KEY, [])
    if not pending:
        return
    queue = _rq_queue()
    for func, args in pending:
        if queue is not None:
            queue.enqueue_call(
                run_job, args=(f"{func.__module__}:{func.__qualname__}", *args),
                kwargs={"municipality": municipalities.slug()},
            )
        else:
            func(*args)
            db.session.commit()


def _rq_queue():
    url = current_app.config.get("REDIS_URL")
    if not url or current_app.config.get("JOBS_INLINE"):
        return None
    from redis import Redis
    from rq import Queue

    return Queue(current_app.config.get("JOBS_QUEUE", "stadslab"), connection=Redis.from_url(url))


def commit_and_release() -> None:
    """For CLI commands and scripts: commit, then release the jobs the transaction asked for."""
    db.session.commit()
    release_pending_jobs()


_worker_app = None


def run_job(target: str, *args: Any, municipality: str | None = None) -> bool:
    """Entry point of a queued job in an RQ worker: run the function inside an application context
    (and the municipality it was queued for). False when the job was skipped."""
    import importlib
    import os

    from participation import create_app

    global _worker_app
    if _worker_app is None:
        _worker_app = create_app(os.environ.get("APP_CONFIG", "default"))
    module_name, func_name = target.split(":")
    func = getattr(importlib.import_module(module_name), func_name)
    return run_in_worker_app(_worker_app, func, args, municipality)


def run_in_worker_app(app, func: Callable[..., Any], args: tuple, municipality: str | None) -> bool:
    chosen = None
    registry = app.extensions.get("municipalities")
    if municipality is not None or registry is not None:
        chosen = registry.get(municipality, fresh=True) if registry is not None and municipality else None
        if chosen is None or not chosen.enabled:
            log.warning(
                "Job %s.%s skipped: it was queued for municipality %r, which is %s.",
                func.__module__, func.__qualname__, municipality,
                "disabled" if chosen is not None else "not (or no longer) registered here",
            )
            return False
    with app.app_context(), municipalities.using(chosen):
        municipalities.entered()
        func(*args)
        db.session.commit()
        release_pending_jobs()
    return True
