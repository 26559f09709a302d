"""Names of phase kinds, statuses and moderation modes in the user's language."""
from flask_babel import lazy_gettext as _l

PHASE_LABELS = {
    "information": _l("Information"),
    "ideation": _l("Ideas"),
    "review": _l("Review"),
    "voting": _l("Voting"),
    "implementation": _l("Implementation"),
    "evaluation": _l("Evaluation"),
}

PHASE_EXPLANATIONS = {
    "information": _l("The city explains the question and what is possible."),
    "ideation": _l("Everyone can post ideas, support them and react."),
    "review": _l("The city checks the ideas and answers each one."),
    "voting": _l("Residents choose which projects go ahead."),
    "implementation": _l("The chosen ideas are carried out; follow the progress."),
    "evaluation": _l("We look back together: what worked, what did not."),
}

STATUS_LABELS = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "archived": _l("Archived"),
}

TIMING_LABELS = {
    "running": _l("Running"),
    "upcoming": _l("Upcoming"),
    "finished": _l("Finished"),
}

MODERATION_LABELS = {
    "pre": _l("Pre-moderation: contributions appear after a moderator approved them"),
    "post": _l("Post-moderation: contributions appear at once and are reviewed afterwards"),
}
