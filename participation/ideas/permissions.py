"""Who may do what with ideas. Used by routes (abort 403/404) and templates (hide buttons)."""
from __future__ import annotations

from datetime import datetime

from participation.core.models import utcnow
from participation.ideas import states
from participation.ideas.models import Comment, Idea
from participation.ideas.services import comment_editable_until, is_author
from participation.processes.models import Process
from participation.processes.permissions import can_view_process


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_moderator(user) -> bool:
    return _signed_in(user) and user.has_role("moderator")


def can_view_idea(user, idea: Idea) -> bool:
    """Public ideas for everyone; ideas awaiting moderation or hidden for their authors and moderators."""
    if not can_view_process(user, idea.process):
        return False
    return idea.status in states.PUBLIC_STATUSES or is_author(user, idea) or is_moderator(user)


def can_submit_idea(user, process: Process) -> bool:
    """Signed-in people may open the form of a visible process; the phase rule is the service's."""
    return _signed_in(user) and can_view_process(user, process) and process.status != "draft"


def can_edit_idea(user, idea: Idea) -> bool:
    return is_author(user, idea) and idea.status in states.EDITABLE_STATUSES


def can_invite_coauthor(user, idea: Idea) -> bool:
    return _signed_in(user) and idea.author_id == user.id and idea.status in states.EDITABLE_STATUSES


def can_support(user, idea: Idea) -> bool:
    return _signed_in(user) and idea.status == states.PUBLISHED and not is_author(user, idea)  # see support_idea


def can_comment(user, idea: Idea) -> bool:
    return _signed_in(user) and idea.status in states.PUBLIC_STATUSES and idea.process.status == "published"


def can_edit_comment(user, comment: Comment, now: datetime | None = None) -> bool:
    return (
        _signed_in(user)
        and comment.author_id == user.id
        and not comment.is_deleted
        and (now or utcnow()) <= comment_editable_until(comment)
    )


def can_delete_comment(user, comment: Comment) -> bool:
    return _signed_in(user) and comment.author_id == user.id and not comment.is_deleted


def can_follow(user) -> bool:
    return _signed_in(user)


def can_view_versions(user, idea: Idea) -> bool:
    return is_moderator(user)


def can_enter_offline_ideas(user) -> bool:
    return _signed_in(user) and user.has_role("staff")


def can_see_offline_contact(user) -> bool:
    return _signed_in(user) and user.has_role("staff")
