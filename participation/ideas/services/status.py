"""An idea's status: the one place that moves it along states.TRANSITIONS and writes the timeline row.

Public functions other packages call:

- change_idea_status(idea, new_status, by, note, ...)  moderation, feedback (official responses), demo data.
  Refuses a move the table does not allow (InvalidTransition, naming the allowed next steps).
- record_idea_outcome(idea, status, by, note, link_url)  for budgeting and crowdfunding when an idea becomes
  a budget project (SELECTED_FOR_VOTE) or a campaign (CROWDFUNDED): moves the status when the table
  allows it, otherwise only adds a timeline entry; either way the idea's page links to link_url.
- publish_idea(idea, by)  moderation's approval.

Each returns the IdeaStatusChange row it wrote (its id makes notification event keys unique). Moves on
the city's side (RESPONSE_STATUSES, or an entry with a link) are told to the idea's author, co-authors,
supporters and followers (notifications kind "idea_status", ideas.services.announce).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.accounts.models import User
from participation.core.errors import DomainError
from participation.core.models import utcnow
from participation.core.text import clean_plain
from participation.core.translated import Translations
from participation.extensions import db
from participation.ideas import states
from participation.ideas.labels import STATUS_LABELS
from participation.ideas.models import Idea, IdeaStatusChange
from participation.ideas.services import announce


class InvalidTransition(DomainError):
    field = "status"


def allowed_next_statuses(idea: Idea, among: tuple[str, ...] = states.IDEA_STATUSES) -> tuple[str, ...]:
    return states.next_statuses(idea.status, among)


def _refusal(idea: Idea, new_status: str) -> InvalidTransition:
    allowed = allowed_next_statuses(idea, states.RESPONSE_STATUSES) or allowed_next_statuses(idea)
    current, wanted = STATUS_LABELS.get(idea.status, idea.status), STATUS_LABELS.get(new_status, new_status)
    if not allowed:
        return InvalidTransition(
            _l("An idea that is “%(current)s” cannot move to “%(wanted)s”: its status can no longer change.",
               current=current, wanted=wanted)
        )
    return InvalidTransition(
        _l("An idea that is “%(current)s” cannot move to “%(wanted)s”. Possible next steps: %(allowed)s.",
           current=current, wanted=wanted, allowed=", ".join(str(STATUS_LABELS[s]) for s in allowed))
    )


def check_transition(idea: Idea, new_status: str) -> None:
    """Raise InvalidTransition (naming the allowed next steps) unless the table allows the move."""
    if new_status not in states.IDEA_STATUSES or not states.can_move(idea.status, new_status):
        raise _refusal(idea, new_status)


def record_status(
    idea: Idea, from_status: str | None, to_status: str, by: User | None, note: str = "", **fields
) -> IdeaStatusChange:
    row = IdeaStatusChange(
        kind="status", from_status=from_status, to_status=to_status, changed_by_id=by.id if by else None, note=note, **fields
    )
    idea.status_changes.append(row)
    return row


def change_idea_status(
    idea: Idea,
    new_status: str,
    by: User | None = None,
    note: str = "",
    *,
    is_official_response: bool = False,
    cost_estimate_cents: int | None = None,
    department_id: int | None = None,
    link_url: str | None = None,
    translations: Translations | None = None,
) -> IdeaStatusChange:
    """Move an idea along the transition table in states.py and write its timeline row."""
    check_transition(idea, new_status)
    old = idea.status
    idea.status = new_status
    now = utcnow()
    if new_status == states.PUBLISHED and idea.published_at is None:
        idea.published_at = now
    if is_official_response and idea.first_response_at is None:
        idea.first_response_at = now
    row = record_status(
        idea, old, new_status, by, clean_plain(note, multiline=True),
        is_official_response=is_official_response, cost_estimate_cents=cost_estimate_cents,
        department_id=department_id, link_url=link_url,
    )
    if translations is not None:  # before the announcement: each recipient reads their language
        translations.apply(row)
    db.session.flush()
    _announce(idea, row, by)
    return row


def _announce(idea: Idea, row: IdeaStatusChange, by: User | None) -> None:
    """Tell the idea's audience about a move on the city's side of the lifecycle (moderation's own
    moves are not: moderation tells the author itself)."""
    if row.to_status in states.RESPONSE_STATUSES or (row.link_url and row.to_status in states.PUBLIC_STATUSES):
        announce.status_changed(idea, row, by)


def publish_idea(idea: Idea, by: User | None = None) -> IdeaStatusChange:
    """Approve an idea that waits for pre-moderation (called by the moderation queue)."""
    return change_idea_status(idea, states.PUBLISHED, by)


def record_idea_outcome(idea: Idea, status: str, by: User | None, note: str, link_url: str | None = None) -> IdeaStatusChange:
    """Budgeting and crowdfunding call this when an idea became a budget project (states.SELECTED_FOR_VOTE)
    or a crowdfunding campaign (states.CROWDFUNDED), or when that project or campaign moves on.

    When the transition table allows the move, the idea takes the new status; otherwise (the idea is
    already further, or was answered differently) only a timeline entry is added, keeping the idea's
    status. Either way the entry carries `note` and a link to the project or campaign (a path such as
    "/burgerbudget/projecten/7", or an http(s) address), shown on the idea's page and in the notification
    to the idea's audience. Never raises InvalidTransition. Flushes, does not commit.
    """
    if link_url is not None and not link_url.startswith(("/", "https://", "http://")):
        raise ValueError(f"link_url must be a path or an http(s) address, not {link_url!r}")
    if status in states.IDEA_STATUSES and idea.status != status and states.can_move(idea.status, status):
        return change_idea_status(idea, status, by, note, link_url=link_url)
    row = record_status(idea, idea.status, idea.status, by, clean_plain(note, multiline=True), link_url=link_url)
    db.session.flush()
    _announce(idea, row, by)
    return row
