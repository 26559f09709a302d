"""Appeals: the author objects to a decision once, and another moderator grants or refuses it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from participation.core.errors import DomainError, NotAllowed
from participation.core.models import utcnow
from participation.core.text import clean_plain, too_long
from participation.extensions import db
from participation.moderation import permissions, states
from participation.moderation.models import Appeal, Decision
from participation.moderation.services.audit import record_audit, snapshot
from participation.moderation.services.blocking import unblock_user
from participation.moderation.services.decisions import REASON_MAX, ReasonRequired
from participation.moderation.services.items import AlreadyDecided, InvalidTransition, kind_named, move_item
from participation.moderation.visibility import is_blocked

if TYPE_CHECKING:  # for type hints only: callers pass these objects in
    from participation.accounts.models import User


APPEAL_MAX = 4_000


class InvalidAppeal(DomainError):
    pass


class AlreadyAppealed(DomainError):
    pass


class SameModerator(DomainError):
    pass


def lodge_appeal(author: User, decision: Decision, text: str) -> Appeal:
    """The author objects to a decision, once."""
    text = clean_plain(text, multiline=True)
    if (problem := too_long(text, APPEAL_MAX)) is not None:
        raise InvalidAppeal(problem, field="text")
    if decision.item.author_id != author.id:
        raise NotAllowed(_l("Only the author can appeal this decision."))
    if decision.action not in states.APPEALABLE_ACTIONS:
        raise InvalidAppeal(_l("This decision cannot be appealed."))
    if not text:
        raise InvalidAppeal(_l("Explain why the decision should change."), field="text")
    if decision.appeal is not None:
        raise AlreadyAppealed(_l("You already appealed this decision. A decision can be appealed only once."))
    appeal = Appeal(decision_id=decision.id, decision_moderator_id=decision.moderator_id, author_id=author.id, text=text)
    try:
        with db.session.begin_nested():
            db.session.add(appeal)
            db.session.flush()
    except IntegrityError:
        raise AlreadyAppealed(_l("You already appealed this decision. A decision can be appealed only once.")) from None
    item = decision.item
    record_audit(author, "appeal", kind=item.kind, object_id=item.object_id, item=item, reason=text,
                 after={"decision_id": decision.id, "appeal_state": "open"})
    db.session.flush()
    return appeal


def decide_appeal(moderator: User, appeal: Appeal, *, grant: bool, answer: str) -> Appeal:
    """Another moderator grants the appeal (the decision is undone) or refuses it, with an answer."""
    decision = appeal.decision
    item = decision.item
    if appeal.decision_moderator_id == moderator.id or decision.moderator_id == moderator.id:
        raise SameModerator(_l("Another moderator must decide an appeal against your own decision."))
    if not permissions.can_moderate_item(moderator, item):
        raise NotAllowed(_l("You do not moderate this process."))
    answer = clean_plain(answer, multiline=True)
    if (problem := too_long(answer, REASON_MAX)) is not None:
        raise InvalidAppeal(problem, field="answer")
    if not answer:
        raise ReasonRequired(_l("Give a reason: pick one of the standard reasons or write one."), field="answer")
    new_state = "granted" if grant else "refused"
    result = db.session.execute(
        update(Appeal)
        .where(Appeal.id == appeal.id, Appeal.state == "open")
        .values(state=new_state, decided_by_id=moderator.id, answer=answer, decided_at=utcnow(), updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(appeal)
    if result.rowcount != 1:
        raise AlreadyDecided(_l("Another moderator already decided this appeal."))
    if grant:
        if decision.action == states.BLOCK:
            author = item.author
            if author is not None and is_blocked(author):
                unblock_user(moderator, author, reason=answer, notify=False)
        else:
            if item.state != decision.to_state:
                raise InvalidTransition(_l("The item changed since this decision; decide it in the queue instead."))
            before = snapshot(item)
            if not move_item(item, decision.from_state, expected_version=item.version, needs_review=False):
                raise AlreadyDecided(_l("Another moderator already handled this item. Look at its current state and decide again if needed."))
            kind = kind_named(item.kind)
            obj = kind.load(item.object_id)
            if obj is not None:
                kind.apply(states.OVERTURN, decision.from_state, obj)
            db.session.add(Decision(item_id=item.id, moderator_id=moderator.id, action=states.OVERTURN, reason=answer,
                                    from_state=before["state"], to_state=decision.from_state))
            record_audit(moderator, states.OVERTURN, kind=item.kind, object_id=item.object_id, item=item,
                         reason=answer, before=before, after=snapshot(item))
    record_audit(moderator, f"appeal_{new_state}", kind=item.kind, object_id=item.object_id, item=item, reason=answer,
                 before={"appeal_state": "open"}, after={"appeal_state": new_state, "decision_id": decision.id})
    from participation.moderation.notifications import notify_appeal_decided

    notify_appeal_decided(appeal)
    db.session.flush()
    return appeal
