"""What people do with an idea: support it ("steunen"), discuss it, follow it (and follow processes).

Counters on the idea are changed in the database (UPDATE ... SET n = n + 1) in the same transaction,
so parallel requests never lose a count; the unique constraints decide races.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from participation.accounts.models import User
from participation.core.errors import DomainError, NotAllowed
from participation.core.i18n import written_in
from participation.core.models import utcnow
from participation.core.text import clean_plain
from participation.extensions import db
from participation.ideas import states
from participation.ideas.models import Comment, Idea, IdeaFollow, ProcessFollow, Support
from participation.ideas.services import announce
from participation.ideas.services.rules import as_aware, is_author, require_ideation
from participation.moderation.antiabuse import is_repeated_post
from participation.moderation.services import contribution_edited, is_public, track_contribution
from participation.processes.models import Process

COMMENT_MAX = 2_000
COMMENT_EDIT_WINDOW = timedelta(minutes=15)


class AlreadySupported(DomainError):
    pass


class NotSupported(DomainError):
    pass


class InvalidComment(DomainError):
    field = "body"


# --- Support -----------------------------------------------------------------------------------


def support_idea(idea: Idea, user: User, today: date | None = None) -> None:
    """One support per person per idea, only during ideation. The unique constraint decides races."""
    require_ideation(idea.process, today or date.today(), _l("Supporting ideas is only possible during the ideation phase."))
    if idea.status != states.PUBLISHED:
        raise NotAllowed(_l("Only published ideas can be supported."))
    # Sending an idea in is standing behind it: the author's (and co-authors') support is implicit.
    # Letting them add it would make every idea start at one support from its own writer, and give
    # co-authors a way to inflate the count of the idea they are promoting.
    if is_author(user, idea):
        raise NotAllowed(_l("You wrote this idea, so you stand behind it already: you cannot also support it."))
    try:
        with db.session.begin_nested():
            db.session.add(Support(idea_id=idea.id, user_id=user.id))
            db.session.flush()
    except IntegrityError as exc:
        raise AlreadySupported(_l("You already support this idea.")) from exc
    db.session.execute(
        update(Idea).where(Idea.id == idea.id).values(support_count=Idea.support_count + 1),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(idea, ["support_count"])


def withdraw_support(idea: Idea, user: User, today: date | None = None) -> None:
    require_ideation(idea.process, today or date.today(), _l("Support can only be changed during the ideation phase."))
    result = db.session.execute(
        delete(Support).where(Support.idea_id == idea.id, Support.user_id == user.id),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        raise NotSupported(_l("You do not support this idea."))
    db.session.execute(
        update(Idea).where(Idea.id == idea.id).values(support_count=Idea.support_count - 1),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(idea, ["support_count"])


# --- Comments ----------------------------------------------------------------------------------


def add_comment(idea: Idea, author: User, body: str, parent: Comment | None = None) -> Comment:
    if idea.status not in states.PUBLIC_STATUSES or idea.process.status != "published":
        raise NotAllowed(_l("Reactions are closed for this idea."))
    text = _clean_comment(body)
    if is_repeated_post(author, text):
        raise InvalidComment(_l("You already posted this reaction a moment ago. Change it if you want to post something new."))
    if parent is not None:
        if parent.idea_id != idea.id:
            raise InvalidComment(_l("You can only reply to a reaction on this idea."))
        if parent.parent_id is not None:
            parent = db.session.get(Comment, parent.parent_id)  # replies stay one level deep
    comment = Comment(idea_id=idea.id, author_id=author.id, parent_id=parent.id if parent else None, body=text,
                      language=written_in(text, fallback=author.language))
    db.session.add(comment)
    db.session.flush()
    db.session.execute(
        update(Idea).where(Idea.id == idea.id).values(comment_count=Idea.comment_count + 1),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(idea, ["comment_count"])
    # The idea's writers and followers hear about reactions the public sees (not about ones held for moderation).
    if track_contribution("comment", comment, text=text).state == "published":
        announce.comment_posted(idea, comment, author)
    return comment


def _clean_comment(body: str) -> str:
    text = clean_plain(body, multiline=True)
    if not text:
        raise InvalidComment(_l("Write a reaction first."))
    if len(text) > COMMENT_MAX:
        raise InvalidComment(lazy_ngettext("A reaction can be at most %(num)s character long.", "A reaction can be at most %(num)s characters long.", COMMENT_MAX))
    return text


def comment_editable_until(comment: Comment) -> datetime:
    return as_aware(comment.created_at) + COMMENT_EDIT_WINDOW


def edit_comment(comment: Comment, user: User, body: str, now: datetime | None = None) -> Comment:
    if comment.author_id != user.id or comment.is_deleted:
        raise NotAllowed(_l("You can only change your own reactions."))
    if (now or utcnow()) > comment_editable_until(comment):
        raise NotAllowed(_l("A reaction can only be changed in the first 15 minutes."))
    comment.body = _clean_comment(body)
    comment.language = written_in(comment.body, fallback=comment.language or user.language)
    comment.edited_at = utcnow()
    db.session.flush()
    contribution_edited("comment", comment, text=comment.body)
    return comment


def delete_comment(comment: Comment, user: User) -> None:
    """The reaction stays as a "deleted" placeholder so replies keep their context."""
    if comment.author_id != user.id or comment.is_deleted:
        raise NotAllowed(_l("You can only delete your own reactions."))
    was_counted = is_public("comment", comment.id)  # a reaction moderation hid is already out of the count
    comment.is_deleted = True
    comment.body = ""
    db.session.flush()
    if was_counted:
        db.session.execute(
            update(Idea).where(Idea.id == comment.idea_id).values(comment_count=Idea.comment_count - 1),
            execution_options={"synchronize_session": False},
        )


# --- Following ---------------------------------------------------------------------------------


def _insert_once(row) -> None:
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        pass  # already following: following twice is following


def follow_idea(idea: Idea, user: User) -> None:
    if db.session.scalar(select(IdeaFollow.id).where(IdeaFollow.idea_id == idea.id, IdeaFollow.user_id == user.id)) is None:
        _insert_once(IdeaFollow(idea_id=idea.id, user_id=user.id))


def unfollow_idea(idea: Idea, user: User) -> None:
    db.session.execute(delete(IdeaFollow).where(IdeaFollow.idea_id == idea.id, IdeaFollow.user_id == user.id))


def follow_process(process: Process, user: User) -> None:
    exists = select(ProcessFollow.id).where(ProcessFollow.process_id == process.id, ProcessFollow.user_id == user.id)
    if db.session.scalar(exists) is None:
        _insert_once(ProcessFollow(process_id=process.id, user_id=user.id))


def unfollow_process(process: Process, user: User) -> None:
    db.session.execute(delete(ProcessFollow).where(ProcessFollow.process_id == process.id, ProcessFollow.user_id == user.id))
