"""A moderator's decision on one item or on a batch, always with a reason the author will read."""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from participation.core.errors import DomainError, NotAllowed
from participation.core.text import clean_plain, too_long
from participation.extensions import db
from participation.moderation import permissions, states
from participation.moderation.models import Decision, ModerationItem, ReasonTemplate
from participation.moderation.services.audit import record_audit, snapshot
from participation.moderation.services.items import (
    AlreadyDecided,
    InvalidTransition,
    kind_named,
    move_item,
    resolve_reports,
)

if TYPE_CHECKING:  # for type hints only: callers pass these objects in
    from participation.accounts.models import User


REASON_MAX = 2_000  # a moderator's reason, an appeal's answer


class ReasonRequired(DomainError):
    field = "reason"


def reason_text(reason: str | None, template: ReasonTemplate | None, language: str) -> str:
    written = clean_plain(reason, multiline=True)
    if (problem := too_long(written, REASON_MAX)) is not None:
        raise ReasonRequired(problem)
    if written:
        return written
    if template is not None:
        return template.text_in(language)
    raise ReasonRequired(_l("Give a reason: pick one of the standard reasons or write one."))


def decide(moderator: User, item: ModerationItem, action: str, *, reason: str | None = None,
           template: ReasonTemplate | None = None, expected_version: int | None = None,
           notify: bool = True) -> Decision:
    """Apply a moderator's decision to one item, with a reason the author will read."""
    if action not in states.ITEM_ACTIONS:
        raise InvalidTransition(_l("This decision is not possible."))
    if not permissions.can_moderate_item(moderator, item):
        raise NotAllowed(_l("You do not moderate this process."))
    if reason and reason.strip():
        template = None  # a written reason replaces the template
    text = reason_text(reason, template, moderator.language)
    version = item.version if expected_version is None else expected_version
    if version != item.version:
        raise AlreadyDecided(_l("Another moderator already handled this item. Look at its current state and decide again if needed."))
    from_state = item.state
    to_state = states.target_state(action, from_state)
    if to_state is None:
        raise InvalidTransition(_l("This decision is not possible for an item in this state."))
    kind = kind_named(item.kind)
    before = snapshot(item)
    if not move_item(item, to_state, expected_version=version, needs_review=False, report_count=0,
                 is_hidden_by_reports=False, is_hidden_by_block=False):
        raise AlreadyDecided(_l("Another moderator already handled this item. Look at its current state and decide again if needed."))
    resolve_reports(item)
    obj = kind.load(item.object_id)
    if obj is not None:
        kind.apply(action, to_state, obj)
    decision = Decision(item_id=item.id, moderator_id=moderator.id, action=action, reason=text,
                        reason_template_id=template.id if template is not None else None,
                        from_state=from_state, to_state=to_state)
    db.session.add(decision)
    db.session.flush()
    record_audit(moderator, action, kind=item.kind, object_id=item.object_id, item=item, reason=text,
                 before=before, after=snapshot(item))
    if notify:
        from participation.moderation.notifications import notify_decision

        notify_decision(decision)
    db.session.flush()
    return decision


def bulk_decide(moderator: User, choices: list[tuple[ModerationItem, int]], action: str, *, reason: str | None = None,
                template: ReasonTemplate | None = None) -> tuple[list[Decision], list[tuple[ModerationItem, str]]]:
    """Decide several items with one reason. Each item is all-or-nothing; refusals are returned, not raised."""
    done: list[Decision] = []
    skipped: list[tuple[ModerationItem, str]] = []
    reason_text(reason, template, moderator.language)  # no reason: refuse the whole batch up front
    for item, version in choices:
        try:
            with db.session.begin_nested():
                done.append(decide(moderator, item, action, reason=reason, template=template, expected_version=version))
        except DomainError as error:
            db.session.refresh(item)
            skipped.append((item, str(error)))
    return done, skipped
