"""Names of idea statuses, channels and sort orders in the user's language."""
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "awaiting_moderation": _l("Awaiting moderation"),
    "changes_requested": _l("Changes requested by a moderator"),
    "published": _l("Published"),
    "under_review": _l("Under review"),
    "accepted": _l("Accepted"),
    "not_feasible": _l("Not feasible"),
    "rejected": _l("Not retained"),
    "merged": _l("Merged with another idea"),
    "selected_for_vote": _l("Selected for the budget vote"),
    "crowdfunded": _l("Funded by crowdfunding"),
    "in_progress": _l("In progress"),
    "implemented": _l("Implemented"),
    "closed": _l("Closed"),
    "hidden": _l("Hidden by a moderator"),
}

CHANNEL_LABELS = {
    "online": _l("Online"),
    "paper": _l("Received on paper"),
    "phone": _l("Received by phone"),
    "info_point": _l("Received at an info point"),
}

SORT_LABELS = {
    "newest": _l("Newest"),
    "supported": _l("Most supported"),
    "discussed": _l("Most discussed"),
    "random": _l("Random order"),
}
