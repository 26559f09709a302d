"""Who may give the city's feedback. Used by routes (abort 403) and templates (show the staff links)."""
from __future__ import annotations

from participation.ideas import states
from participation.ideas.models import Idea


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role("staff")


def can_respond(user) -> bool:
    """Official responses, bulk answers, assignment: city staff (and administrators)."""
    return _is_staff(user)


def can_manage_answer_templates(user) -> bool:
    return _is_staff(user)


def can_track_progress(user, idea: Idea) -> bool:
    """Progress, milestones and updates for ideas the city is carrying out."""
    return _is_staff(user) and idea.status in states.TRACKED_STATUSES
