"""The moderators themselves: which processes each one moderates, and the daily digest of their queue."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from participation.core.errors import NotAllowed
from participation.extensions import db
from participation.moderation import permissions
from participation.moderation.models import ModerationUserState, ProcessModerator
from participation.moderation.queries import queue_counts
from participation.moderation.services.audit import record_audit
from participation.moderation.services.items import user_state

if TYPE_CHECKING:  # for type hints only: callers pass these objects in
    from participation.accounts.models import User
    from participation.processes.models import Process


def assign_moderator(user: User, process: Process, *, assigned: bool = True, actor: User | None = None) -> None:
    """Limit a moderator to the processes they are assigned to (none assigned: every process).

    Staff and admins moderate every process, so only people with the moderator role are assigned."""
    if assigned and user.role != "moderator":
        raise NotAllowed(_l("Only people with the moderator role can be assigned to a process; staff and admins moderate every process."))
    row = db.session.get(ProcessModerator, (process.id, user.id))
    if assigned and row is None:
        db.session.add(ProcessModerator(process_id=process.id, user_id=user.id))
    elif not assigned and row is not None:
        db.session.delete(row)
    else:
        return  # nothing changes: no audit entry either
    record_audit(actor, "assign" if assigned else "unassign", kind="profile", object_id=user.id,
                 before={"process_id": process.id, "assigned": not assigned},
                 after={"process_id": process.id, "assigned": assigned})
    db.session.flush()


def set_digest(user: User, wants: bool) -> ModerationUserState:
    if not permissions.is_moderator(user):
        raise NotAllowed(_l("Only moderators can receive the moderation digest."))
    state = user_state(user, create=True)
    state.wants_digest = wants
    db.session.flush()
    return state


def send_digests(today: date) -> int:
    """Mail each opted-in moderator their queue counts, at most once per day (safe to run twice)."""
    from participation.accounts.models import User
    from participation.moderation.notifications import send_digest

    sent = 0
    moderators = db.session.scalars(
        select(User).join(ModerationUserState, ModerationUserState.user_id == User.id)
        .where(ModerationUserState.wants_digest.is_(True), User.role.in_(("moderator", "staff", "admin")))
        .order_by(User.id)
    ).all()
    for moderator in moderators:
        claimed = db.session.execute(
            update(ModerationUserState)
            .where(ModerationUserState.user_id == moderator.id)
            .where((ModerationUserState.digest_sent_on.is_(None)) | (ModerationUserState.digest_sent_on < today))
            .values(digest_sent_on=today)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            continue
        counts = queue_counts(moderator)
        if counts["total"] == 0:
            continue
        send_digest(moderator, counts)
        sent += 1
    db.session.flush()
    return sent
