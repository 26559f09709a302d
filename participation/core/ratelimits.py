"""Rate limits on forms that never lose what was typed.

Flask-Limiter's decorators refuse a request before the view runs, with a bare 429 page: whatever the
person typed is gone, and every refused (invalid) form counts as much as an accepted one. Forms that
people fill in by hand use this instead, on the same storage (Redis when instances share limits):

    @bp.route("/ideas/new", methods=["GET", "POST"])
    @limited_form(posting_budgets)            # which limits, keyed how; counted only when accepted
    def create():
        ...
        try:
            with all_or_nothing():
                refuse_when_over_limit()      # a DomainError: the form is shown again with its values
                service(...)

The decorator looks up, before the view, whether any budget is spent; the view refuses inside its
usual try/except, so the form comes back with the message saying when to try again; the answer
becomes a 429 with a Retry-After header. A budget is only spent after the view answered, and only
when `count_when(response)` holds (by default: the form was accepted, a redirect). Two requests at
the same moment may both pass the check: a limit can be overshot by the requests in flight, which
is fine for limits meant against floods, not for exact quotas.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import wraps
from typing import Callable, Iterable

from flask import Response, current_app, g, make_response, request
from flask_babel import lazy_ngettext
from limits import parse_many

from participation.core.errors import DomainError
from participation.extensions import limiter


@dataclass(frozen=True)
class Budget:
    """A limit (config name holding e.g. "5 per minute;30 per hour") per key, in a named scope."""

    scope: str
    config_name: str
    key: str

    def identifiers(self) -> list[str]:
        prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or ""
        return [part for part in (prefix, "form", self.scope, self.key) if part]

    def items(self):
        return parse_many(current_app.config[self.config_name])


class TooManyAttempts(DomainError):
    """A limit refused the form; what was typed is shown again with when to try again."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            lazy_ngettext(
                "You did this often in a short time, so we did not save it yet. What you typed is still here: try again in %(num)s minute.",
                "You did this often in a short time, so we did not save it yet. What you typed is still here: try again in %(num)s minutes.",
                minutes,
            )
        )


def retry_after(budgets: Iterable[Budget]) -> int | None:
    """Seconds until every spent budget has room again, or None when none is spent."""
    if not limiter.enabled:
        return None
    strategy = limiter.limiter
    waits = []
    for budget in budgets:
        for item in budget.items():
            identifiers = budget.identifiers()
            if not strategy.test(item, *identifiers):
                reset_at = strategy.get_window_stats(item, *identifiers).reset_time
                waits.append(max(1, math.ceil(reset_at - time.time())))
    return max(waits) if waits else None


def spend(budgets: Iterable[Budget]) -> None:
    if not limiter.enabled:
        return
    for budget in budgets:
        for item in budget.items():
            limiter.limiter.hit(item, *budget.identifiers())


def accepted(response: Response) -> bool:
    """The form was accepted: the view redirected to what was saved."""
    return 300 <= response.status_code < 400


def refused(response: Response) -> bool:
    """The form was refused (a wrong password, say): for limits against guessing."""
    return 400 <= response.status_code < 500


def limited_form(budgets: Callable[[], list[Budget]], *, count_when: Callable[[Response], bool] = accepted) -> Callable:
    """Limit a form's POSTs by the budgets the callable returns for this request; GETs are never limited."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if request.method != "POST":
                return view(*args, **kwargs)
            request_budgets = budgets()
            g.form_limit_retry_after = retry_after(request_budgets)
            response = make_response(view(*args, **kwargs))
            if g.pop("form_limit_refused", False):
                response.headers["Retry-After"] = str(g.form_limit_retry_after)
                if not 300 <= response.status_code < 400:  # a form that flashes and redirects stays a redirect
                    response.status_code = 429
            elif count_when(response):
                spend(request_budgets)
            return response

        return wrapped

    return decorator


def refuse_when_over_limit() -> None:
    """Raise TooManyAttempts when the view's @limited_form found a spent budget. Call it inside the
    view's try, before the service, so the form is shown again with the message."""
    seconds = g.get("form_limit_retry_after")
    if seconds is not None:
        g.form_limit_refused = True
        raise TooManyAttempts(seconds)
