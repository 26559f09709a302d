"""Contributions arriving: features call these when something is created or edited, and the CLI
queues what features hold for approval that moderation has not seen yet."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from participation.extensions import db
from participation.moderation import states
from participation.moderation.antiabuse import fingerprint, needs_premoderation
from participation.moderation.models import ModerationItem
from participation.moderation.registry import all_kinds
from participation.moderation.services.audit import record_audit, snapshot
from participation.moderation.services.items import ensure_item, kind_named, move_item, tell_visibility
from participation.moderation.visibility import is_blocked, item_for

if TYPE_CHECKING:  # for type hints only: callers pass these objects in
    from participation.accounts.models import User


def track_contribution(kind_name: str, obj: Any, *, text: str = "", entered_by: User | None = None) -> ModerationItem:
    """Called by a feature when a contribution is created. Decides pre- or post-moderation.

    Returns the item; `item.state == "published"` means the contribution may be shown at once.
    `entered_by`: city staff who typed in a contribution received on paper or by phone; they vouch for
    it, so it is published at once (and reported, hidden and decided like any other).
    Calling it again for the same object returns the existing item.
    """
    kind = kind_named(kind_name)
    existing = item_for(kind_name, obj.id)
    if existing is not None:
        return existing
    author = kind.author_of(obj)
    process = kind.process_of(obj)
    blocked = is_blocked(author)
    by_staff = entered_by is not None and entered_by.has_role("staff")
    if blocked:
        state = states.HIDDEN
    elif by_staff:
        state = states.PUBLISHED
    elif needs_premoderation(author, text, process):
        state = states.PENDING
    else:
        state = states.PUBLISHED
    item = ModerationItem(
        kind=kind_name,
        object_id=obj.id,
        process_id=process.id if process is not None else None,
        author_id=author.id if author is not None else None,
        state=state,
        needs_review=kind.review_new or state != states.PUBLISHED,
        is_hidden_by_block=blocked,
        text_fingerprint=fingerprint(text),
        version=1,
    )
    db.session.add(item)
    db.session.flush()
    if state == states.HIDDEN:
        kind.hide(obj)
    if not states.is_public(state):  # the feature counted it as visible when it saved it
        tell_visibility(item, False, obj)
    record_audit(entered_by if by_staff else author, "submit", kind=kind_name, object_id=obj.id, item=item,
                 after=snapshot(item))
    db.session.flush()
    return item


def sync_pending() -> int:
    """Queue what features hold for approval but moderation has not seen (before their hooks call
    track_contribution). Returns how many items were created."""
    created = 0
    for kind in all_kinds():
        if kind.pending_ids is None:
            continue
        known = set(db.session.scalars(select(ModerationItem.object_id).where(ModerationItem.kind == kind.name)))
        for object_id in kind.pending_ids():
            if object_id in known:
                continue
            obj = kind.load(object_id)
            if obj is not None:
                ensure_item(kind.name, obj)
                created += 1
    db.session.flush()
    return created


def contribution_edited(kind_name: str, obj: Any, *, text: str = "") -> ModerationItem | None:
    """Called by a feature after the author edited. After a request for changes, this resubmits."""
    item = item_for(kind_name, obj.id)
    if item is None:
        return None
    item.text_fingerprint = fingerprint(text) or item.text_fingerprint
    if item.state in states.RESUBMIT_FROM:
        before = snapshot(item)
        applied = move_item(item, states.PENDING, expected_version=item.version, needs_review=True)
        if applied:
            record_audit(kind_named(kind_name).author_of(obj), "resubmit", kind=kind_name, object_id=obj.id,
                         item=item, before=before, after=snapshot(item))
    db.session.flush()
    return item
