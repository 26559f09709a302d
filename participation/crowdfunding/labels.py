from __future__ import annotations

from flask_babel import lazy_gettext as _l

CAMPAIGN_STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Waiting for the city"),
    "changes_requested": _l("Changes requested"),
    "approved": _l("Approved, not launched yet"),
    "rejected": _l("Rejected"),
    "live": _l("Open for pledges"),
    "succeeded": _l("Funded"),
    "failed": _l("Goal not reached"),
    "cancelled": _l("Cancelled"),
}

PLEDGE_STATUS_LABELS = {
    "pending": _l("Waiting for your card"),
    "authorised": _l("Card saved, charged if the goal is reached"),
    "charging": _l("Being charged"),
    "action_required": _l("Payment needs your attention"),
    "charged": _l("Paid by card"),
    "failed": _l("Payment failed"),
    "awaiting_transfer": _l("Waiting for your transfer"),
    "received": _l("Transfer received"),
    "refunded": _l("Refunded"),
    "cancelled": _l("Cancelled"),
}

FUNDING_MODEL_LABELS = {
    "all_or_nothing": _l("All or nothing"),
    "keep_it_all": _l("Keep it all"),
}

MATCH_STATUS_LABELS = {
    "committed": _l("committed, paid if the crowd raises the rest"),
    "paid": _l("paid"),
    "released": _l("released back to the fund"),
}
