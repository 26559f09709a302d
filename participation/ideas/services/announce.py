"""Telling people what happened to an idea, through notifications.notify() (in-app, and email by preference).

Who hears about an idea: its author, its co-authors, the people who support it and those who follow it;
whoever caused the event is never told about their own action. Each event has its own key, so telling
twice (a retried request, a second call) notifies nobody twice.
"""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from participation.accounts.models import User
from participation.extensions import db
from participation.ideas import states
from participation.ideas.labels import STATUS_LABELS
from participation.ideas.models import Comment, Idea, IdeaCoauthor, IdeaFollow, IdeaStatusChange, Support
from participation.notifications.service import notify


def idea_path(idea_id: int, anchor: str = "") -> str:
    """The idea page's path, also from a command or a job where there is no request."""
    return url_for("ideas.detail", idea_id=idea_id, _anchor=anchor or None, _external=False)


def idea_audience(idea: Idea) -> list[User]:
    """Author, accepted co-authors, supporters and followers, in one query."""
    coauthors = select(IdeaCoauthor.user_id).where(IdeaCoauthor.idea_id == idea.id, IdeaCoauthor.accepted_at.is_not(None))
    supporters = select(Support.user_id).where(Support.idea_id == idea.id)
    followers = select(IdeaFollow.user_id).where(IdeaFollow.idea_id == idea.id)
    conditions = [User.id.in_(coauthors), User.id.in_(supporters), User.id.in_(followers)]
    if idea.author_id is not None:
        conditions.append(User.id == idea.author_id)
    return list(db.session.scalars(select(User).where(or_(*conditions)).order_by(User.id)))


def _writers_and_followers(idea: Idea) -> list[User]:
    """Who hears about new reactions: the author, co-authors and followers (not every supporter)."""
    coauthors = select(IdeaCoauthor.user_id).where(IdeaCoauthor.idea_id == idea.id, IdeaCoauthor.accepted_at.is_not(None))
    followers = select(IdeaFollow.user_id).where(IdeaFollow.idea_id == idea.id)
    conditions = [User.id.in_(coauthors), User.id.in_(followers)]
    if idea.author_id is not None:
        conditions.append(User.id == idea.author_id)
    return list(db.session.scalars(select(User).where(or_(*conditions)).order_by(User.id)))


def status_changed(idea: Idea, row: IdeaStatusChange, by: User | None) -> int:
    """A status change or official response on the idea's public timeline (kind "idea_status")."""
    if row.to_status not in states.PUBLIC_STATUSES:
        return 0  # moderation's own moves are moderation's to tell (to the author only)
    return notify(
        event_key=f"idea:{idea.id}:status-change:{row.id}",
        recipients=idea_audience(idea),
        kind="idea_status",
        subject=_l("The idea “%(title)s” is now: %(status)s"),
        url=idea_path(idea.id, "tijdlijn"),
        actor=by,
        body_template="feedback/email/idea_status.txt",
        title=idea.title,
        status=STATUS_LABELS[row.to_status],
        note=row.note,
        entry=row,  # the note in the recipient's language, where staff translated it
        cost_estimate_cents=row.cost_estimate_cents,
        department=row.department,
        is_official_response=row.is_official_response,
        link_url=row.link_url,
    )


def progress_posted(idea: Idea, row: IdeaStatusChange, by: User | None, *, event: str = "progress") -> int:
    """A progress update, a new milestone or a milestone reached (kind "idea_progress")."""
    if row.kind == "milestone" and event == "milestone-done":
        subject = _l("Milestone reached for “%(title)s”: %(milestone)s")
    elif row.kind == "milestone":
        subject = _l("New milestone for “%(title)s”: %(milestone)s")
    else:
        subject = _l("News on the implementation of “%(title)s”")
    return notify(
        event_key=f"idea:{idea.id}:{event}:{row.id}",
        recipients=idea_audience(idea),
        kind="idea_progress",
        subject=subject,
        url=idea_path(idea.id, "tijdlijn"),
        actor=by,
        body_template="feedback/email/idea_progress.txt",
        title=idea.title,
        milestone=row.title or "",
        entry=row,
        progress_percent=idea.progress_percent,
    )


def comment_posted(idea: Idea, comment: Comment, by: User) -> int:
    """A new reaction: the idea's writers and followers hear about it, the author of the reaction
    replied to hears about the reply (kind "idea_comment")."""

    def tell(recipients: list[User], event: str, subject) -> int:
        return notify(
            event_key=f"idea:{idea.id}:{event}:{comment.id}",
            recipients=recipients,
            kind="idea_comment",
            subject=subject,
            url=idea_path(idea.id, f"reactie-{comment.id}"),
            actor=by,
            body_template="feedback/email/idea_comment.txt",
            title=idea.title,
            name=by.display_name,
            excerpt=comment.body[:300],
        )

    told = 0
    replied_to = db.session.get(Comment, comment.parent_id) if comment.parent_id else None
    replied_to_author = replied_to.author if replied_to is not None and not replied_to.is_deleted else None
    if replied_to_author is not None:
        told += tell([replied_to_author], "reply", _l("%(name)s replied to your reaction on “%(title)s”"))
    audience = [user for user in _writers_and_followers(idea) if replied_to_author is None or user.id != replied_to_author.id]
    return told + tell(audience, "comment", _l("New reaction on “%(title)s”"))
