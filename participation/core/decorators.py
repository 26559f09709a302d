"""Coarse access gates for routes. Fine-grained rules live in each feature's permissions.py."""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import abort
from flask_login import current_user, login_required

# Checks every role-gated page passes after the role (accounts adds "two-step verification first"):
# each returns a response to send instead of the page, or None.
gates: list[Callable[[], object]] = []


def role_required(role: str) -> Callable:
    """Allow users holding `role` or a higher one (citizen < moderator < staff < admin)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(role):
                abort(403)
            for gate in gates:
                answer = gate()
                if answer is not None:
                    return answer
            return view(*args, **kwargs)

        return wrapped

    return decorator
