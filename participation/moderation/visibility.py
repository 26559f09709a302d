"""What moderation keeps from the public: read-only lookups for features, templates and services.

It imports no moderation service, so antiabuse and every feature can ask "is this public?" or "is this
person blocked?" without depending on the rules that change those answers.
"""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import exists, select

from participation.extensions import db
from participation.moderation import states
from participation.moderation.models import Decision, ModerationItem, ModerationUserState


def item_for(kind_name: str, object_id: int) -> ModerationItem | None:
    return db.session.scalar(
        select(ModerationItem).where(ModerationItem.kind == kind_name, ModerationItem.object_id == object_id)
    )


def is_blocked(user) -> bool:
    if user is None or not getattr(user, "id", None):
        return False
    state = db.session.get(ModerationUserState, user.id)
    return bool(state and state.is_blocked)


def is_public(kind_name: str, object_id: int) -> bool:
    """Whether moderation lets the public see an object. Objects moderation never saw are public."""
    item = item_for(kind_name, object_id)
    return item is None or states.is_public(item.state)


def hidden_object_ids(kind_name: str, object_ids: Iterable[int]) -> set[int]:
    """In one query: which of these objects the public must not see (for lists of comments, ideas...)."""
    ids = list(object_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(ModerationItem.object_id).where(
                ModerationItem.kind == kind_name,
                ModerationItem.object_id.in_(ids),
                ModerationItem.state.not_in(states.PUBLIC_STATES),
            )
        )
    )


def public_clause(kind_name: str, id_column):
    """A WHERE clause for a feature's own query: rows moderation does not keep from the public.

    `select(Campaign).where(public_clause("campaign", Campaign.id))` leaves hidden campaigns out in the
    same query, so a list costs no extra query per row."""
    return ~exists().where(
        ModerationItem.kind == kind_name,
        ModerationItem.object_id == id_column,
        ModerationItem.state.not_in(states.PUBLIC_STATES),
    )


def notice_for(kind_name: str, object_id: int) -> dict | None:
    """For the author's eyes: why moderation keeps their contribution from the public, or None when it
    does not. {"state": ..., "reason": the last decision's reason or None, "decision": Decision | None}."""
    item = item_for(kind_name, object_id)
    if item is None or states.is_public(item.state):
        return None
    decision = db.session.scalar(
        select(Decision).where(Decision.item_id == item.id).order_by(Decision.created_at.desc(), Decision.id.desc()).limit(1)
    )
    return _notice(item, decision)


def notices_for(kind_name: str, object_ids: Iterable[int]) -> dict[int, dict]:
    """notice_for for a list of one person's contributions ("Mijn inspraak") in two queries: object id ->
    notice, for the objects moderation keeps from the public only."""
    ids = list(object_ids)
    if not ids:
        return {}
    items = list(db.session.scalars(
        select(ModerationItem).where(
            ModerationItem.kind == kind_name, ModerationItem.object_id.in_(ids), ModerationItem.state.not_in(states.PUBLIC_STATES)
        )
    ))
    if not items:
        return {}
    latest: dict[int, Decision] = {}
    for decision in db.session.scalars(
        select(Decision).where(Decision.item_id.in_([item.id for item in items])).order_by(Decision.created_at, Decision.id)
    ):
        latest[decision.item_id] = decision  # the last one wins
    return {item.object_id: _notice(item, latest.get(item.id)) for item in items}


def _notice(item: ModerationItem, decision: Decision | None) -> dict:
    if decision is not None and decision.to_state != item.state:
        decision = None  # e.g. restored, then hidden again by reports: the old reason no longer applies
    return {"state": item.state, "item": item, "decision": decision,
            "by_reports": item.is_hidden_by_reports, "by_block": item.is_hidden_by_block}
