"""Idea pages. Thin: load or 404, check permission or 403, validate the form, call one service."""
from participation.ideas import bp
from participation.ideas.labels import CHANNEL_LABELS, SORT_LABELS, STATUS_LABELS
from participation.ideas.permissions import can_delete_comment, can_edit_comment


@bp.app_context_processor
def idea_labels() -> dict:
    return {
        "idea_status_labels": STATUS_LABELS,
        "idea_channel_labels": CHANNEL_LABELS,
        "idea_sort_labels": SORT_LABELS,
        "can_edit_comment": can_edit_comment,
        "can_delete_comment": can_delete_comment,
    }


from participation.ideas.routes import browse, comments, page, submit  # noqa: E402,F401
