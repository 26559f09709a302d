"""The job queue behind one enqueue(): RQ on Redis when REDIS_URL is set, otherwise run inline.

Jobs are released only after the transaction that asked for them has committed, so a job never
sees (or sends mail about) data that was rolled back.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import current_app

from participation.extensions import db

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
            queue.enqueue(run_job, f"{func.__module__}:{func.__qualname__}", *args)
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


def run_job(target: str, *args: Any) -> None:
    """Entry point of a queued job in an RQ worker: run the function inside an application context."""
    import importlib
    import os

    from participation import create_app

    global _worker_app
    if _worker_app is None:
        _worker_app = create_app(os.environ.get("APP_CONFIG", "default"))
    module_name, func_name = target.split(":")
    func = getattr(importlib.import_module(module_name), func_name)
    with _worker_app.app_context():
        func(*args)
        db.session.commit()
