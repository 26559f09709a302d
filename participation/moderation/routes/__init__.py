"""Moderation pages. Thin: load, authorise, validate, call one service, flash and redirect."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.moderation import bp, permissions, queries, services
from participation.moderation.kinds.profile import public_name
from participation.moderation.labels import ACTION_LABELS, REASON_LABELS, STATE_LABELS


@bp.app_context_processor
def moderation_globals() -> dict:
    def moderation_queue_count() -> int:
        if not permissions.is_moderator(current_user):
            return 0
        return queries.queue_counts(current_user)["total"]

    return {
        "moderation_state_labels": STATE_LABELS,
        "moderation_reason_labels": REASON_LABELS,
        "moderation_action_labels": ACTION_LABELS,
        "moderation_permissions": permissions,
        "moderation_queue_count": moderation_queue_count,
        "public_name": public_name,
        # For an author's page of something not public: why (see templates/moderation/_notice.html).
        "moderation_notice_for": services.notice_for,
        # The main menu link: its text lives in this feature's catalogue, not the core one.
        "moderation_nav_label": _l("Moderation"),
    }


from participation.moderation.routes import (  # noqa: E402,F401
    appeals,
    blocking,
    decisions,
    moderators,
    queue,
    reports,
    transparency,
)
