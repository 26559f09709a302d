"""The moderation state machine: which decision moves an item from which state to which. No Flask, no database.

Every move goes through `target_state()`, and every applied move writes a Decision row and an audit entry
(see services.py). Author and system events (submit, resubmit, auto-hide by reports) live in the same table.
"""
from __future__ import annotations

PENDING = "pending"
PUBLISHED = "published"
HIDDEN = "hidden"
REJECTED = "rejected"
CHANGES_REQUESTED = "changes_requested"

STATES = (PENDING, PUBLISHED, HIDDEN, REJECTED, CHANGES_REQUESTED)
# What the public may see. Everything else is visible to the author and moderators only.
PUBLIC_STATES = frozenset({PUBLISHED})

# Decisions a moderator takes on one item (block and unblock act on a person's profile item).
APPROVE = "approve"
REJECT = "reject"
HIDE = "hide"
RESTORE = "restore"
REQUEST_CHANGES = "request_changes"
BLOCK = "block"
UNBLOCK = "unblock"
OVERTURN = "overturn"  # an appeal that was granted: the item returns to the state before the decision

ITEM_ACTIONS = (APPROVE, REJECT, HIDE, RESTORE, REQUEST_CHANGES)
DECISION_ACTIONS = ITEM_ACTIONS + (BLOCK, UNBLOCK, OVERTURN)
# Actions that concern a person rather than one contribution.
USER_ACTIONS = (BLOCK, UNBLOCK)

# action -> {from state: to state}
TRANSITIONS: dict[str, dict[str, str]] = {
    APPROVE: {PENDING: PUBLISHED, PUBLISHED: PUBLISHED, CHANGES_REQUESTED: PUBLISHED, HIDDEN: PUBLISHED},
    REJECT: {PENDING: REJECTED, PUBLISHED: REJECTED, HIDDEN: REJECTED, CHANGES_REQUESTED: REJECTED},
    HIDE: {PENDING: HIDDEN, PUBLISHED: HIDDEN},
    RESTORE: {HIDDEN: PUBLISHED, REJECTED: PUBLISHED},
    REQUEST_CHANGES: {PENDING: CHANGES_REQUESTED, PUBLISHED: CHANGES_REQUESTED, HIDDEN: CHANGES_REQUESTED},
}

# Events that are not a moderator's decision.
RESUBMIT_FROM = frozenset({CHANGES_REQUESTED})  # -> PENDING, the author edited after a request for changes
AUTO_HIDE_FROM = frozenset({PUBLISHED})  # -> HIDDEN, enough distinct reports
BLOCK_HIDES = frozenset({PUBLISHED, PENDING})  # a blocked person's visible or waiting items are hidden

REPORT_REASONS = ("spam", "offensive", "personal_data", "off_topic", "other")
APPEAL_STATES = ("open", "granted", "refused")
# Decisions an author may appeal: the ones that took something away from them.
APPEALABLE_ACTIONS = frozenset({REJECT, HIDE, REQUEST_CHANGES, BLOCK})


def target_state(action: str, current: str) -> str | None:
    """The state `action` leads to from `current`, or None when the move is not allowed."""
    return TRANSITIONS.get(action, {}).get(current)


def allowed_actions(current: str) -> list[str]:
    return [action for action in ITEM_ACTIONS if current in TRANSITIONS[action]]


def is_public(state: str) -> bool:
    return state in PUBLIC_STATES
