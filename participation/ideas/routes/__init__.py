"""Idea pages. Thin: load or 404, check permission or 403, validate the form, call one service."""
from participation.ideas import bp, states
from participation.ideas.labels import CHANNEL_LABELS, SORT_LABELS, STATUS_LABELS
from participation.ideas.permissions import can_delete_comment, can_edit_comment
from participation.moderation.kinds.profile import HIDDEN_NAME
from participation.moderation.kinds.profile import public_name as moderated_name


def shown_name(user, hidden_profiles: set[int] | None = None) -> str:
    """The name the public sees (blank when moderation hid the profile). Pages pass the hidden profile ids
    they looked up in one query (see moderated_ids); without them this asks moderation per person."""
    if user is None:
        return ""
    if hidden_profiles is None:
        return moderated_name(user)
    return str(HIDDEN_NAME) if user.id in hidden_profiles else user.display_name


def idea_author_name(idea, hidden_profiles: set[int] | None = None) -> str:
    if idea.author is not None:
        return shown_name(idea.author, hidden_profiles)
    return idea.offline_author_name or ""


@bp.app_context_processor
def idea_labels() -> dict:
    return {
        "idea_status_labels": STATUS_LABELS,
        "idea_public_statuses": states.PUBLIC_STATUSES,
        "idea_channel_labels": CHANNEL_LABELS,
        "idea_sort_labels": SORT_LABELS,
        "can_edit_comment": can_edit_comment,
        "can_delete_comment": can_delete_comment,
        "shown_name": shown_name,
        "idea_author_name": idea_author_name,
    }


from participation.ideas.routes import browse, comments, page, submit  # noqa: E402,F401
