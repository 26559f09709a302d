"""The life of an idea: its statuses and which moves between them are allowed. No Flask, no database.

The moderation and feedback issues build on this table: they call services.change_idea_status(),
which checks a move here and writes the timeline row.
"""
from __future__ import annotations

AWAITING_MODERATION = "awaiting_moderation"
PUBLISHED = "published"
UNDER_REVIEW = "under_review"
ACCEPTED = "accepted"
DECLINED = "declined"
IMPLEMENTED = "implemented"
HIDDEN = "hidden"

IDEA_STATUSES = (AWAITING_MODERATION, PUBLISHED, UNDER_REVIEW, ACCEPTED, DECLINED, IMPLEMENTED, HIDDEN)

# Statuses everyone may see; the others are visible to the authors and moderators only.
PUBLIC_STATUSES = (PUBLISHED, UNDER_REVIEW, ACCEPTED, DECLINED, IMPLEMENTED)
# Authors may change their text until the city starts reviewing it.
EDITABLE_STATUSES = (AWAITING_MODERATION, PUBLISHED)

TRANSITIONS: dict[str, frozenset[str]] = {
    AWAITING_MODERATION: frozenset({PUBLISHED, HIDDEN}),
    PUBLISHED: frozenset({UNDER_REVIEW, HIDDEN}),
    UNDER_REVIEW: frozenset({ACCEPTED, DECLINED, PUBLISHED, HIDDEN}),
    ACCEPTED: frozenset({IMPLEMENTED, UNDER_REVIEW}),
    DECLINED: frozenset({UNDER_REVIEW}),
    IMPLEMENTED: frozenset(),
    HIDDEN: frozenset({PUBLISHED}),
}

CHANNELS = ("online", "paper", "phone", "info_point")
OFFLINE_CHANNELS = ("paper", "phone", "info_point")


def can_move(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())


def initial_status(moderation_mode: str, *, entered_by_staff: bool = False) -> str:
    """Pre-moderated processes hold new ideas for a moderator; staff-entered (offline) ideas were already read."""
    if moderation_mode == "pre" and not entered_by_staff:
        return AWAITING_MODERATION
    return PUBLISHED
