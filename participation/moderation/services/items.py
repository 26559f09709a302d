"""The moderation record of an object or a person, and the one way its state changes.

Every change of an item's state goes through move_item, a conditional UPDATE on its version
(optimistic locking): when two moderators decide the same item at once, one wins and the other gets
AlreadyDecided, and nothing is applied twice.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from participation.core.errors import DomainError
from participation.core.models import utcnow
from participation.extensions import db
from participation.moderation import states
from participation.moderation.models import ModerationItem, ModerationUserState, Report
from participation.moderation.registry import ModeratedKind, get_kind
from participation.moderation.visibility import item_for

if TYPE_CHECKING:  # for type hints only: callers pass these objects in
    from participation.accounts.models import User


class UnknownKind(DomainError):
    pass


class InvalidTransition(DomainError):
    pass


class AlreadyDecided(DomainError):
    """Someone else changed the item since this moderator loaded it."""


def kind_named(name: str) -> ModeratedKind:
    kind = get_kind(name)
    if kind is None:
        raise UnknownKind(_l("This kind of contribution cannot be moderated."))
    return kind


def author_id_of(kind: ModeratedKind, obj: Any) -> int | None:
    author = kind.author_of(obj)
    return author.id if author is not None else None


def _process_id(kind: ModeratedKind, obj: Any) -> int | None:
    process = kind.process_of(obj)
    return process.id if process is not None else None


def user_state(user: User, *, create: bool = False) -> ModerationUserState | None:
    state = db.session.get(ModerationUserState, user.id)
    if state is None and create:
        state = ModerationUserState(user_id=user.id)
        db.session.add(state)
        db.session.flush()
    return state


def ensure_item(kind_name: str, obj: Any) -> ModerationItem:
    """The item of an object moderation has not seen yet (a profile, an older contribution).

    Published when the feature shows it, otherwise pending and in the queue."""
    kind = kind_named(kind_name)
    item = item_for(kind_name, obj.id)
    if item is not None:
        return item
    visible = kind.is_visible is None or kind.is_visible(obj)
    item = ModerationItem(
        kind=kind_name,
        object_id=obj.id,
        process_id=_process_id(kind, obj),
        author_id=author_id_of(kind, obj),
        state=states.PUBLISHED if visible else states.PENDING,
        needs_review=not visible,
        version=1,
    )
    try:
        with db.session.begin_nested():
            db.session.add(item)
            db.session.flush()
    except IntegrityError:  # created at the same moment by another request
        item = item_for(kind_name, obj.id)
    return item


def move_item(item: ModerationItem, to_state: str, *, expected_version: int, **values) -> bool:
    """The conditional UPDATE at the heart of optimistic locking. True when this call won.

    Only the winner tells the feature that the object became public or stopped being public, so a
    denormalised counter (an idea's reaction count) moves exactly once per change."""
    if item.version != expected_version:
        db.session.refresh(item)
        if item.version != expected_version:
            return False
    from_state = item.state  # the state at expected_version: every change of state raises the version
    result = db.session.execute(
        update(ModerationItem)
        .where(ModerationItem.id == item.id, ModerationItem.version == expected_version)
        .values(state=to_state, version=ModerationItem.version + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(item)
    won = result.rowcount == 1
    if won and states.is_public(from_state) != states.is_public(to_state):
        tell_visibility(item, states.is_public(to_state))
    return won


def tell_visibility(item: ModerationItem, public: bool, obj=None) -> None:
    kind = get_kind(item.kind)
    if kind is None or kind.visibility_changed is None:
        return
    obj = obj if obj is not None else kind.load(item.object_id)
    if obj is not None:
        kind.visibility_changed(obj, public)


def resolve_reports(item: ModerationItem) -> None:
    db.session.execute(
        update(Report)
        .where(Report.item_id == item.id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    )
