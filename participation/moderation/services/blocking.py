"""Blocking a person hides their profile and contributions; unblocking restores what the block hid."""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.core.errors import NotAllowed
from participation.core.models import utcnow
from participation.extensions import db
from participation.moderation import permissions, states
from participation.moderation.models import Decision, ModerationItem, ReasonTemplate
from participation.moderation.registry import get_kind
from participation.moderation.services.audit import record_audit, snapshot
from participation.moderation.services.decisions import reason_text
from participation.moderation.services.items import (
    AlreadyDecided,
    InvalidTransition,
    ensure_item,
    kind_named,
    move_item,
    resolve_reports,
    user_state,
)

if TYPE_CHECKING:  # for type hints only: callers pass these objects in
    from participation.accounts.models import User


def _profile_item(user: User) -> ModerationItem:
    return ensure_item("profile", user)


def block_user(moderator: User, user: User, *, reason: str | None = None, template: ReasonTemplate | None = None) -> Decision:
    """Block a person: their profile and every visible or waiting contribution are hidden."""
    if not permissions.can_block_users(moderator):
        raise NotAllowed(_l("Only moderators of the whole platform can block people."))
    if user.id == moderator.id or user.has_role("moderator"):
        raise NotAllowed(_l("Moderators and staff cannot be blocked here; ask an administrator to change their role."))
    text = reason_text(reason, template, moderator.language)
    state = user_state(user, create=True)
    if state.is_blocked:
        raise InvalidTransition(_l("This person is already blocked."))
    profile = _profile_item(user)
    state.is_blocked = True
    state.blocked_at = utcnow()
    decision = _user_decision(moderator, profile, states.BLOCK, text, template)
    items = db.session.scalars(
        select(ModerationItem).where(ModerationItem.author_id == user.id, ModerationItem.state.in_(states.BLOCK_HIDES))
    ).all()
    _move_contributions(moderator, items, states.HIDDEN, hidden_by_block=True, audit_action="hide_by_block", reason=text)
    from participation.moderation.notifications import notify_decision

    notify_decision(decision)
    db.session.flush()
    return decision


def unblock_user(moderator: User, user: User, *, reason: str | None = None, template: ReasonTemplate | None = None,
                 notify: bool = True) -> Decision:
    if not permissions.can_block_users(moderator):
        raise NotAllowed(_l("Only moderators of the whole platform can block people."))
    text = reason_text(reason, template, moderator.language)
    state = user_state(user)
    if state is None or not state.is_blocked:
        raise InvalidTransition(_l("This person is not blocked."))
    state.is_blocked = False
    state.blocked_at = None
    profile = _profile_item(user)
    decision = _user_decision(moderator, profile, states.UNBLOCK, text, template)
    items = db.session.scalars(
        select(ModerationItem).where(ModerationItem.author_id == user.id, ModerationItem.is_hidden_by_block.is_(True))
    ).all()
    _move_contributions(moderator, items, states.PUBLISHED, hidden_by_block=False, audit_action="restore_by_unblock",
                        reason=text)
    if notify:
        from participation.moderation.notifications import notify_decision

        notify_decision(decision)
    db.session.flush()
    return decision


def _user_decision(moderator: User, profile: ModerationItem, action: str, text: str, template: ReasonTemplate | None) -> Decision:
    """Block and unblock: a decision on the person's profile item, whose state follows (hidden / published)."""
    before = snapshot(profile)
    to_state = states.HIDDEN if action == states.BLOCK else states.PUBLISHED
    if not move_item(profile, to_state, expected_version=profile.version, needs_review=False, report_count=0,
                 is_hidden_by_block=action == states.BLOCK, is_hidden_by_reports=False):
        raise AlreadyDecided(_l("Another moderator already handled this item. Look at its current state and decide again if needed."))
    resolve_reports(profile)
    kind = kind_named("profile")
    obj = kind.load(profile.object_id)
    if obj is not None:
        (kind.hide if action == states.BLOCK else kind.restore)(obj)
    decision = Decision(item_id=profile.id, moderator_id=moderator.id, action=action, reason=text,
                        reason_template_id=template.id if template is not None else None,
                        from_state=before["state"], to_state=to_state)
    db.session.add(decision)
    db.session.flush()
    record_audit(moderator, action, kind="profile", object_id=profile.object_id, item=profile, reason=text,
                 before=before, after=snapshot(profile))
    return decision


def _move_contributions(moderator: User, items: list[ModerationItem], to_state: str, *, hidden_by_block: bool,
                        audit_action: str, reason: str) -> None:
    """Hide (block) or restore (unblock) a person's contributions, each through its own kind, each audited."""
    for item in items:
        before = snapshot(item)
        if move_item(item, to_state, expected_version=item.version, is_hidden_by_block=hidden_by_block):
            kind = get_kind(item.kind)
            obj = kind.load(item.object_id) if kind else None
            if obj is not None:
                (kind.hide if hidden_by_block else kind.restore)(obj)
            record_audit(moderator, audit_action, kind=item.kind, object_id=item.object_id, item=item,
                         reason=reason, before=before, after=snapshot(item))
