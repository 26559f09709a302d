"""The pledge state machine: every status change goes through `move_pledge`, checked against
states.PLEDGE_TRANSITIONS and logged as an append-only PledgeTransaction row. Functions flush and never commit."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from participation.crowdfunding import states
from participation.crowdfunding.errors import InvalidPledgeTransition
from participation.crowdfunding.labels import PLEDGE_STATUS_LABELS
from participation.crowdfunding.models import Pledge, PledgeTransaction
from participation.extensions import db


def move_pledge(
    pledge: Pledge,
    new_status: str,
    *,
    kind: str,
    actor=None,
    note: str = "",
    amount_cents: int | None = None,
    stripe_object_id: str | None = None,
) -> PledgeTransaction:
    old_status = pledge.status
    if not states.pledge_can_change(old_status, new_status):
        labels = PLEDGE_STATUS_LABELS
        raise InvalidPledgeTransition(_l("This pledge cannot go from “%(old)s” to “%(new)s”.", old=labels[old_status], new=labels[new_status]))
    # Conditional UPDATE: of two processes moving the same pledge at once (two staff members marking
    # the same refund, a webhook and close-due), exactly one wins; the other changes nothing.
    moved = db.session.execute(
        update(Pledge)
        .where(Pledge.id == pledge.id, Pledge.status == old_status)
        .values(status=new_status)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        db.session.expire(pledge, ["status"])
        raise InvalidPledgeTransition(_l("Someone else changed this pledge at the same moment. Reload the page to see what happened."))
    set_committed_value(pledge, "status", new_status)
    db.session.expire(pledge, ["updated_at"])
    return log_transaction(
        pledge, kind, old_status, new_status, actor=actor, note=note, amount_cents=amount_cents, stripe_object_id=stripe_object_id
    )


def log_transaction(
    pledge: Pledge,
    kind: str,
    from_status: str | None,
    to_status: str,
    *,
    actor=None,
    note: str = "",
    amount_cents: int | None = None,
    stripe_object_id: str | None = None,
) -> PledgeTransaction:
    """Append a row to the pledge's money log; also for events that leave the status as it is."""
    row = PledgeTransaction(
        pledge=pledge,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        amount_cents=amount_cents,
        stripe_object_id=stripe_object_id,
        actor_id=actor.id if actor is not None else None,
        note=note,
    )
    db.session.add(row)
    db.session.flush()
    return row
