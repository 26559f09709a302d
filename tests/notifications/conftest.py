from __future__ import annotations

import pytest
from flask_babel import lazy_gettext as _l

from participation.notifications.service import notify


@pytest.fixture
def tell():
    """notify() with the arguments of a typical idea status change; override what a test is about."""

    def call(recipients, *, event_key="idea:1:status:1", kind="idea_status", actor=None, **context):
        context.setdefault("title", "Meer bomen")
        return notify(
            event_key=event_key,
            recipients=recipients,
            kind=kind,
            subject=_l("Your idea “%(title)s” is now %(status)s"),
            url="/ideeen/1",
            actor=actor,
            status=context.pop("status", _l("accepted")),
            **context,
        )

    return call
