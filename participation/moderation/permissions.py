"""Who may moderate what. Staff and admins moderate everything; a moderator moderates the processes
they are assigned to, or every process when they have no assignment (a global moderator)."""
from __future__ import annotations

from sqlalchemy import select

from participation.extensions import db
from participation.moderation import states
from participation.moderation.models import Appeal, Decision, ModerationItem, ProcessModerator


def is_moderator(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role("moderator"))


def moderated_process_ids(user) -> set[int] | None:
    """None: every process (and things outside processes, like profiles); otherwise the assigned processes."""
    if not is_moderator(user):
        return set()
    if user.has_role("staff"):
        return None
    assigned = set(db.session.scalars(select(ProcessModerator.process_id).where(ProcessModerator.user_id == user.id)))
    return assigned or None


def is_global_moderator(user) -> bool:
    return is_moderator(user) and moderated_process_ids(user) is None


def can_moderate_process(user, process_id: int | None) -> bool:
    """process_id None: something outside any process (a profile, a campaign without an idea)."""
    scope = moderated_process_ids(user)
    if scope is None:
        return is_moderator(user)
    return process_id is not None and process_id in scope


def can_moderate_item(user, item: ModerationItem) -> bool:
    return can_moderate_process(user, item.process_id)


def can_block_users(user) -> bool:
    return is_global_moderator(user)


def can_report(user, item: ModerationItem | None) -> bool:
    """Signed-in people may report what others wrote (the service says so politely when they may not)."""
    return bool(user and user.is_authenticated and (item is None or item.author_id != user.id))


def can_appeal(user, decision: Decision) -> bool:
    return bool(
        user
        and user.is_authenticated
        and decision.item.author_id == user.id
        and decision.action in states.APPEALABLE_ACTIONS
        and decision.appeal is None
    )


def can_decide_appeal(user, appeal: Appeal) -> bool:
    return (
        appeal.state == "open"
        and can_moderate_item(user, appeal.decision.item)
        and appeal.decision_moderator_id != user.id
    )


def can_view_audit(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role("admin"))


def can_assign_moderators(user) -> bool:
    """Staff and admins decide who moderates which process."""
    return bool(user and user.is_authenticated and user.has_role("staff"))
