"""One transaction per request: services flush, the request commits at the end or rolls back on error."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from flask import Flask, Response, g

from participation.core.jobs import discard_pending_jobs, release_pending_jobs
from participation.extensions import db


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """Run a service inside a savepoint: if it raises, none of its changes survive.

    Routes wrap service calls whose DomainError they turn into a form message, so a refused
    action cannot leave half-written rows behind for the end-of-request commit.
    """
    with db.session.begin_nested():
        yield


def keep_changes_when_refused() -> None:
    """Commit this request's changes even though it answers with a 4xx refusal.

    For records of the refusal itself, such as a wrong password counted against the per-account
    limit: rolling them back with the refused request would make the limit count nothing.
    A server error (5xx) still rolls everything back.
    """
    g.keep_changes_when_refused = True


def register_request_transaction(app: Flask) -> None:
    @app.after_request
    def commit_successful_request(response: Response) -> Response:
        if not db.session.registry.has():
            return response  # the request never touched the database (a page from the cache, say)
        if response.status_code < 400 or (response.status_code < 500 and g.get("keep_changes_when_refused")):
            db.session.commit()
            release_pending_jobs()
        else:
            db.session.rollback()
            discard_pending_jobs()
        return response


def perform_action(action, success_message: object | None, *, failure_category: str = "error") -> bool:
    """A one-button POST: check the CSRF token, run the service all-or-nothing, flash the outcome.

    Returns True when the action ran; a refusal is flashed (as an error, or as `failure_category`
    when a refusal is only a hitch the person can retry) and changes nothing. With success_message
    None nothing is flashed on success: the caller says what the outcome means, which may depend on it.
    """
    from flask import flash

    from participation.core.errors import DomainError
    from participation.core.forms import ActionForm

    if not ActionForm().validate_on_submit():
        return False
    try:
        with all_or_nothing():
            action()
    except DomainError as error:
        flash(str(error), failure_category)
        return False
    if success_message is not None:
        flash(str(success_message), "success")
    return True
