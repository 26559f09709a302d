"""The kinds of notification a person can receive, each of which they can switch off for email."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# kind -> (label, what it covers). The order is the order of the profile form.
KINDS: dict[str, tuple] = {
    "idea_status": (
        _l("Status changes of ideas"),
        _l("Status changes and official responses on ideas you wrote, co-wrote, support or follow"),
    ),
    "idea_progress": (
        _l("Progress of ideas"),
        _l("Implementation progress, milestones and updates"),
    ),
    "idea_comment": (
        _l("Reactions"),
        _l("New reactions on ideas you wrote or follow, and replies to your reactions"),
    ),
    "process_news": (
        _l("News on processes"),
        _l("News on processes you follow: a new phase, the closing report"),
    ),
    "budget": (
        _l("Participatory budget"),
        _l("Budget projects made from your idea, a round that opens, results that are published"),
    ),
    "campaign": (
        _l("Crowdfunding campaigns"),
        _l("Updates and outcomes of campaigns you back or follow"),
    ),
}

# Kinds shown in the bell only: the feature sends their email itself, to everyone, because it must
# arrive (a moderation decision's statement of reasons and the way to appeal it). notify() writes no
# email for them, and the profile offers no switch for them.
IN_APP_KINDS: dict[str, tuple] = {
    "moderation": (
        _l("Moderation of your contributions"),
        _l("Decisions of moderators about what you wrote, and answers to your appeals"),
    ),
}

ALL = "all"  # an unsubscribe link that switches off every notification email


def kind_label(kind: str):
    return (KINDS.get(kind) or IN_APP_KINDS[kind])[0]


def kind_description(kind: str):
    return (KINDS.get(kind) or IN_APP_KINDS[kind])[1]
