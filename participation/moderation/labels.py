"""Words for moderation's states, decisions and report reasons, in the reader's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.moderation import states

STATE_LABELS = {
    states.PENDING: _l("Waiting for approval"),
    states.PUBLISHED: _l("Published"),
    states.HIDDEN: _l("Hidden"),
    states.REJECTED: _l("Rejected"),
    states.CHANGES_REQUESTED: _l("Changes requested"),
}

ACTION_LABELS = {
    states.APPROVE: _l("Approve"),
    states.REJECT: _l("Reject"),
    states.HIDE: _l("Hide"),
    states.RESTORE: _l("Restore"),
    states.REQUEST_CHANGES: _l("Request changes"),
    states.BLOCK: _l("Block user"),
    states.UNBLOCK: _l("Unblock user"),
    states.OVERTURN: _l("Overturned on appeal"),
}

# How a decision reads to the author ("Your idea was ...").
OUTCOME_LABELS = {
    states.APPROVE: _l("approved"),
    states.REJECT: _l("rejected"),
    states.HIDE: _l("hidden"),
    states.RESTORE: _l("restored"),
    states.REQUEST_CHANGES: _l("sent back to you with a request for changes"),
    states.BLOCK: _l("blocked: your contributions are hidden"),
    states.UNBLOCK: _l("unblocked"),
    states.OVERTURN: _l("restored to its state before the decision, after your appeal"),
}

REASON_LABELS = {
    "spam": _l("Spam or advertising"),
    "offensive": _l("Offensive or hateful"),
    "personal_data": _l("Shares personal data"),
    "off_topic": _l("Off-topic"),
    "other": _l("Other"),
}

APPEAL_STATE_LABELS = {
    "open": _l("Open"),
    "granted": _l("Granted"),
    "refused": _l("Refused"),
}

# What the audit log calls each recorded action (decisions plus author and system events).
AUDIT_LABELS = {
    **ACTION_LABELS,
    "submit": _l("Submitted"),
    "resubmit": _l("Resubmitted after changes"),
    "report": _l("Reported"),
    "auto_hide": _l("Hidden automatically after reports"),
    "hide_by_block": _l("Hidden because the author was blocked"),
    "restore_by_unblock": _l("Restored because the author was unblocked"),
    "appeal": _l("Appeal lodged"),
    "appeal_granted": _l("Appeal granted"),
    "appeal_refused": _l("Appeal refused"),
    "assign": _l("Assigned to a process"),
    "unassign": _l("No longer assigned to a process"),
}

# Messages features show when they use the anti-abuse rules (antiabuse.py), so every form says the same.
REPEATED_POST_MESSAGE = _l("You already posted this a moment ago. Change it if you want to post something new.")
WAITING_FOR_MODERATOR_MESSAGE = _l("Thank you. A moderator looks at it before others can see it.")
