"""The audit trail: every moderation change writes one entry with the item's state before and after."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from participation.extensions import db
from participation.moderation.models import AuditEntry, ModerationItem

if TYPE_CHECKING:  # for type hints only: callers pass these objects in
    from participation.accounts.models import User


def snapshot(item: ModerationItem) -> dict[str, Any]:
    return {
        "state": item.state,
        "version": item.version,
        "report_count": item.report_count,
        "needs_review": item.needs_review,
    }


def record_audit(actor: User | None, action: str, *, kind: str, object_id: int, item: ModerationItem | None = None,
                 reason: str = "", before: dict | None = None, after: dict | None = None) -> AuditEntry:
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        kind=kind,
        object_id=object_id,
        item_id=item.id if item is not None else None,
        reason=reason or "",
        before=json.dumps(before or {}, sort_keys=True, default=str),
        after=json.dumps(after or {}, sort_keys=True, default=str),
    )
    db.session.add(entry)
    return entry
