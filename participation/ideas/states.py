"""The life of an idea: its statuses and which moves between them are allowed. No Flask, no database.

    awaiting_moderation → published → under_review → accepted / not_feasible / rejected / merged /
    selected_for_vote / crowdfunded → in_progress → implemented → closed

plus two moderation statuses: hidden, and changes_requested (a moderator asked the author to edit;
the author may edit, and resubmitting moves the idea back to awaiting_moderation).

Every move goes through services.change_idea_status() (or feedback's official response, or
services.record_idea_outcome() for budgeting and crowdfunding), which checks TRANSITIONS and writes a
row to the idea's timeline (IdeaStatusChange).
"""
from __future__ import annotations

AWAITING_MODERATION = "awaiting_moderation"
CHANGES_REQUESTED = "changes_requested"
PUBLISHED = "published"
UNDER_REVIEW = "under_review"
ACCEPTED = "accepted"
NOT_FEASIBLE = "not_feasible"
REJECTED = "rejected"
MERGED = "merged"
SELECTED_FOR_VOTE = "selected_for_vote"
CROWDFUNDED = "crowdfunded"
IN_PROGRESS = "in_progress"
IMPLEMENTED = "implemented"
CLOSED = "closed"
HIDDEN = "hidden"

IDEA_STATUSES = (
    AWAITING_MODERATION, CHANGES_REQUESTED, PUBLISHED, UNDER_REVIEW, ACCEPTED, NOT_FEASIBLE, REJECTED, MERGED,
    SELECTED_FOR_VOTE, CROWDFUNDED, IN_PROGRESS, IMPLEMENTED, CLOSED, HIDDEN,
)

# Statuses everyone may see; the others (moderation) are visible to the authors and moderators only.
PUBLIC_STATUSES = (
    PUBLISHED, UNDER_REVIEW, ACCEPTED, NOT_FEASIBLE, REJECTED, MERGED, SELECTED_FOR_VOTE, CROWDFUNDED,
    IN_PROGRESS, IMPLEMENTED, CLOSED,
)
# Authors may change their text until the city starts reviewing it, and when a moderator asks them to.
EDITABLE_STATUSES = (AWAITING_MODERATION, PUBLISHED, CHANGES_REQUESTED)
# Statuses that count as an official outcome: the city answered the idea (used by "what happened to
# your input", the responsiveness dashboard and "my participation").
ANSWERED_STATUSES = (
    ACCEPTED, NOT_FEASIBLE, REJECTED, MERGED, SELECTED_FOR_VOTE, CROWDFUNDED, IN_PROGRESS, IMPLEMENTED, CLOSED,
)
# Statuses staff can give in an official response (the moderation statuses are moderation's).
RESPONSE_STATUSES = (
    UNDER_REVIEW, ACCEPTED, NOT_FEASIBLE, REJECTED, MERGED, SELECTED_FOR_VOTE, CROWDFUNDED, IN_PROGRESS,
    IMPLEMENTED, CLOSED,
)
# Statuses in which the city tracks implementation (progress percentage, milestones, updates).
TRACKED_STATUSES = (ACCEPTED, SELECTED_FOR_VOTE, CROWDFUNDED, IN_PROGRESS, IMPLEMENTED)

_OUTCOMES = frozenset({ACCEPTED, NOT_FEASIBLE, REJECTED, MERGED, SELECTED_FOR_VOTE, CROWDFUNDED})

TRANSITIONS: dict[str, frozenset[str]] = {
    AWAITING_MODERATION: frozenset({PUBLISHED, HIDDEN, CHANGES_REQUESTED}),
    # The author edits and resubmits; a moderator may still hide it.
    CHANGES_REQUESTED: frozenset({AWAITING_MODERATION, HIDDEN}),
    # The city may start a review first, or answer a published idea at once.
    PUBLISHED: frozenset({UNDER_REVIEW, HIDDEN, CHANGES_REQUESTED} | _OUTCOMES),
    UNDER_REVIEW: frozenset({PUBLISHED, HIDDEN} | _OUTCOMES),
    # An accepted idea may be carried out by the city, put to the budget vote or funded by its neighbours.
    ACCEPTED: frozenset({IN_PROGRESS, UNDER_REVIEW, SELECTED_FOR_VOTE, CROWDFUNDED}),
    # A refused idea must be reopened (back under review) before it can be accepted.
    NOT_FEASIBLE: frozenset({UNDER_REVIEW, CLOSED}),
    REJECTED: frozenset({UNDER_REVIEW, CLOSED}),
    # Merged into another idea: final, except that staff may reopen it.
    MERGED: frozenset({UNDER_REVIEW}),
    # A budget project or a campaign: it gets built, or (vote lost, campaign failed) goes back to review.
    SELECTED_FOR_VOTE: frozenset({IN_PROGRESS, UNDER_REVIEW}),
    CROWDFUNDED: frozenset({IN_PROGRESS, UNDER_REVIEW}),
    IN_PROGRESS: frozenset({IMPLEMENTED, ACCEPTED}),
    IMPLEMENTED: frozenset({CLOSED}),
    CLOSED: frozenset(),
    HIDDEN: frozenset({PUBLISHED, CHANGES_REQUESTED}),
}

CHANNELS = ("online", "paper", "phone", "info_point")
OFFLINE_CHANNELS = ("paper", "phone", "info_point")


def can_move(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())


def next_statuses(current: str, among: tuple[str, ...] = IDEA_STATUSES) -> tuple[str, ...]:
    """The statuses an idea in `current` may move to, in lifecycle order (optionally only those in `among`)."""
    allowed = TRANSITIONS.get(current, frozenset())
    return tuple(status for status in among if status in allowed)


def initial_status(moderation_mode: str, *, entered_by_staff: bool = False) -> str:
    """Pre-moderated processes hold new ideas for a moderator; staff-entered (offline) ideas were already read."""
    if moderation_mode == "pre" and not entered_by_staff:
        return AWAITING_MODERATION
    return PUBLISHED
