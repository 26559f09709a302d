"""The kinds of things that can be moderated, each plugged in through one adapter object.

A feature does not import moderation's internals and moderation does not know feature models: each
kind registers a ModeratedKind whose functions load the object and apply a decision to it through the
feature's own public services. register_kind() replaces a kind of the same name, so building several
applications (tests, workers) is harmless.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


def _nothing(obj: Any) -> None:
    return None


def _no_history(obj: Any) -> list:
    return []


@dataclass(frozen=True)
class ModeratedKind:
    name: str  # stored in moderation_items.kind; short and stable ("idea", "comment", "profile")
    label: Any  # lazy translated text
    load: Callable[[int], Any | None]  # object id -> object, or None when it no longer exists
    author_of: Callable[[Any], Any | None]  # -> User
    process_of: Callable[[Any], Any | None]  # -> Process, or None for things outside a process (profiles)
    url_of: Callable[[Any], str | None]  # where the object is seen in context
    excerpt_of: Callable[[Any], str]  # plain text shown in the queue
    # Applying decisions to the object itself (visibility columns, status changes through the feature's services).
    hide: Callable[[Any], None] = _nothing
    restore: Callable[[Any], None] = _nothing
    approve: Callable[[Any], None] = _nothing
    reject: Callable[[Any], None] = _nothing
    request_changes: Callable[[Any], None] = _nothing
    # Back to waiting for approval (an appeal against a decision on a pending item); default: hide.
    hold: Callable[[Any], None] | None = None
    is_visible: Callable[[Any], bool] | None = None  # the feature's own view, shown next to moderation's state
    history_of: Callable[[Any], list] = _no_history  # edit history: list of (datetime, text) pairs, oldest first
    # Many objects at once, {id: object}, so a page of the queue costs one query per kind, not one per row.
    load_many: Callable[[list[int]], dict[int, Any]] | None = None
    # Ids of objects the feature itself holds for approval (so `flask moderation sync` can queue them).
    pending_ids: Callable[[], Any] | None = None
    # Called exactly once each time the object becomes public (True) or stops being public (False) by
    # moderation's say, including at tracking when it starts hidden or pending; for denormalised counters.
    visibility_changed: Callable[[Any, bool], None] | None = None
    # False when the feature vets new objects itself (the city reviews every campaign before launch):
    # a new, published object then stays out of the queue until it is reported or held by anti-abuse.
    review_new: bool = True
    extra: dict = field(default_factory=dict)

    def apply(self, action: str, to_state: str, obj: Any) -> None:
        """Make the object match a decision: by the action when the adapter has one, else by the new state."""
        from participation.moderation import states

        handlers = {
            states.APPROVE: self.approve,
            states.REJECT: self.reject,
            states.HIDE: self.hide,
            states.RESTORE: self.restore,
            states.REQUEST_CHANGES: self.request_changes,
        }
        by_state = {
            states.PUBLISHED: self.restore,
            states.HIDDEN: self.hide,
            states.REJECTED: self.reject,
            states.CHANGES_REQUESTED: self.request_changes,
            states.PENDING: self.hold or self.hide,
        }
        handler = handlers.get(action) or by_state.get(to_state)
        if handler is not None:
            handler(obj)

    def load_all(self, object_ids: list[int]) -> dict[int, Any]:
        if self.load_many is not None:
            return self.load_many(list(object_ids))
        return {object_id: obj for object_id in object_ids if (obj := self.load(object_id)) is not None}


def load_by_ids(model) -> Callable[[list[int]], dict[int, Any]]:
    """A load_many for a model with an integer `id`."""

    def load_many(object_ids: list[int]) -> dict[int, Any]:
        from sqlalchemy import select

        from participation.extensions import db

        if not object_ids:
            return {}
        return {obj.id: obj for obj in db.session.scalars(select(model).where(model.id.in_(object_ids)))}

    return load_many


_KINDS: dict[str, ModeratedKind] = {}


def register_kind(kind: ModeratedKind) -> ModeratedKind:
    _KINDS[kind.name] = kind
    return kind


def unregister_kind(name: str) -> None:
    _KINDS.pop(name, None)


def get_kind(name: str) -> ModeratedKind | None:
    return _KINDS.get(name)


def all_kinds() -> list[ModeratedKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.name)
