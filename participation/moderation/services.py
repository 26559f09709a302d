"""Moderation rules: tracking contributions, reports, decisions, appeals, blocking, digests.

Services flush and never commit. Every change of an item's state is a conditional UPDATE on its
version (optimistic locking): when two moderators decide the same item at once, one wins and the
other gets AlreadyDecided, and nothing is applied twice.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any, Iterable

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError

from participation.core.errors import DomainError, NotAllowed
from participation.core.models import utcnow
from participation.extensions import db
from participation.moderation import permissions, states
from participation.moderation.antiabuse import fingerprint, needs_premoderation
from participation.moderation.models import (
    Appeal,
    AuditEntry,
    Decision,
    ModerationItem,
    ModerationUserState,
    ReasonTemplate,
    Report,
)
from participation.moderation.registry import ModeratedKind, get_kind


class UnknownKind(DomainError):
    pass


class InvalidReport(DomainError):
    pass


class AlreadyReported(DomainError):
    pass


class CannotReportOwn(DomainError):
    pass


class ReasonRequired(DomainError):
    field = "reason"


class InvalidTransition(DomainError):
    pass


class AlreadyDecided(DomainError):
    """Someone else changed the item since this moderator loaded it."""


class InvalidAppeal(DomainError):
    pass


class AlreadyAppealed(DomainError):
    pass


class SameModerator(DomainError):
    pass


# Helpers ---------------------------------------------------------------------------------------------

def kind_named(name: str) -> ModeratedKind:
    kind = get_kind(name)
    if kind is None:
        raise UnknownKind(_l("This kind of contribution cannot be moderated."))
    return kind


def _snapshot(item: ModerationItem) -> dict[str, Any]:
    return {
        "state": item.state,
        "version": item.version,
        "report_count": item.report_count,
        "needs_review": item.needs_review,
    }


def record_audit(actor, action: str, *, kind: str, object_id: int, item: ModerationItem | None = None,
                 reason: str = "", before: dict | None = None, after: dict | None = None) -> AuditEntry:
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        kind=kind,
        object_id=object_id,
        item_id=item.id if item is not None else None,
        reason=reason or "",
        before=json.dumps(before or {}, sort_keys=True, default=str),
        after=json.dumps(after or {}, sort_keys=True, default=str),
    )
    db.session.add(entry)
    return entry


def item_for(kind_name: str, object_id: int) -> ModerationItem | None:
    return db.session.scalar(
        select(ModerationItem).where(ModerationItem.kind == kind_name, ModerationItem.object_id == object_id)
    )


def _author_id(kind: ModeratedKind, obj) -> int | None:
    author = kind.author_of(obj)
    return author.id if author is not None else None


def _process_id(kind: ModeratedKind, obj) -> int | None:
    process = kind.process_of(obj)
    return process.id if process is not None else None


def user_state(user, *, create: bool = False) -> ModerationUserState | None:
    state = db.session.get(ModerationUserState, user.id)
    if state is None and create:
        state = ModerationUserState(user_id=user.id)
        db.session.add(state)
        db.session.flush()
    return state


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
    if decision is not None and decision.to_state != item.state:
        decision = None  # e.g. restored, then hidden again by reports: the old reason no longer applies
    return {"state": item.state, "item": item, "decision": decision,
            "by_reports": item.is_hidden_by_reports, "by_block": item.is_hidden_by_block}


# Contributions arriving ------------------------------------------------------------------------------

def track_contribution(kind_name: str, obj, *, text: str = "", entered_by=None) -> ModerationItem:
    """Called by a feature when a contribution is created. Decides pre- or post-moderation.

    Returns the item; `item.state == "published"` means the contribution may be shown at once.
    `entered_by`: city staff who typed in a contribution received on paper or by phone; they vouch for
    it, so it is published at once (and reported, hidden and decided like any other).
    Calling it again for the same object returns the existing item.
    """
    kind = kind_named(kind_name)
    existing = item_for(kind_name, obj.id)
    if existing is not None:
        return existing
    author = kind.author_of(obj)
    process = kind.process_of(obj)
    blocked = is_blocked(author)
    by_staff = entered_by is not None and entered_by.has_role("staff")
    if blocked:
        state = states.HIDDEN
    elif by_staff:
        state = states.PUBLISHED
    elif needs_premoderation(author, text, process):
        state = states.PENDING
    else:
        state = states.PUBLISHED
    item = ModerationItem(
        kind=kind_name,
        object_id=obj.id,
        process_id=process.id if process is not None else None,
        author_id=author.id if author is not None else None,
        state=state,
        needs_review=kind.review_new or state != states.PUBLISHED,
        is_hidden_by_block=blocked,
        text_fingerprint=fingerprint(text),
        version=1,
    )
    db.session.add(item)
    db.session.flush()
    if state == states.HIDDEN:
        kind.hide(obj)
    if not states.is_public(state):  # the feature counted it as visible when it saved it
        _tell_visibility(item, False, obj)
    record_audit(entered_by if by_staff else author, "submit", kind=kind_name, object_id=obj.id, item=item,
                 after=_snapshot(item))
    db.session.flush()
    return item


def ensure_item(kind_name: str, obj) -> ModerationItem:
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
        author_id=_author_id(kind, obj),
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


def sync_pending() -> int:
    """Queue what features hold for approval but moderation has not seen (before their hooks call
    track_contribution). Returns how many items were created."""
    from participation.moderation.registry import all_kinds

    created = 0
    for kind in all_kinds():
        if kind.pending_ids is None:
            continue
        known = set(db.session.scalars(select(ModerationItem.object_id).where(ModerationItem.kind == kind.name)))
        for object_id in kind.pending_ids():
            if object_id in known:
                continue
            obj = kind.load(object_id)
            if obj is not None:
                ensure_item(kind.name, obj)
                created += 1
    db.session.flush()
    return created


def contribution_edited(kind_name: str, obj, *, text: str = "") -> ModerationItem | None:
    """Called by a feature after the author edited. After a request for changes, this resubmits."""
    item = item_for(kind_name, obj.id)
    if item is None:
        return None
    item.text_fingerprint = fingerprint(text) or item.text_fingerprint
    if item.state in states.RESUBMIT_FROM:
        before = _snapshot(item)
        applied = _move(item, states.PENDING, expected_version=item.version, needs_review=True)
        if applied:
            record_audit(kind_named(kind_name).author_of(obj), "resubmit", kind=kind_name, object_id=obj.id,
                         item=item, before=before, after=_snapshot(item))
    db.session.flush()
    return item


def _move(item: ModerationItem, to_state: str, *, expected_version: int, **values) -> bool:
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
        _tell_visibility(item, states.is_public(to_state))
    return won


def _tell_visibility(item: ModerationItem, public: bool, obj=None) -> None:
    kind = get_kind(item.kind)
    if kind is None or kind.visibility_changed is None:
        return
    obj = obj if obj is not None else kind.load(item.object_id)
    if obj is not None:
        kind.visibility_changed(obj, public)


# Reports ---------------------------------------------------------------------------------------------

def report_threshold() -> int:
    return int(current_app.config.get("REPORT_HIDE_THRESHOLD", 3))


def report(reporter, kind_name: str, obj, *, reason: str, text: str = "") -> Report:
    """Record one person's report; with enough distinct reports a published item is hidden pending review."""
    from participation.core.text import clean_plain

    kind = kind_named(kind_name)
    text = clean_plain(text)[:2000]
    if reason not in states.REPORT_REASONS:
        raise InvalidReport(_l("Choose a reason for your report."), field="reason")
    if reason == "other" and not text:
        raise InvalidReport(_l("Tell us what is wrong when you choose “Other”."), field="text")
    if _author_id(kind, obj) == reporter.id:
        raise CannotReportOwn(_l("You cannot report your own contribution. You can edit or delete it instead."))
    item = ensure_item(kind_name, obj)
    already = db.session.scalar(
        select(Report.id).where(Report.item_id == item.id, Report.reporter_id == reporter.id)
    )
    if already is not None:
        raise AlreadyReported(_l("You already reported this. Thank you: a moderator will look at it."))
    entry = Report(item_id=item.id, reporter_id=reporter.id, reason=reason, text=text)
    try:
        with db.session.begin_nested():
            db.session.add(entry)
            db.session.flush()
    except IntegrityError:  # the same person reporting twice at the same moment: the database keeps one
        raise AlreadyReported(_l("You already reported this. Thank you: a moderator will look at it.")) from None
    open_reports = select(func.count(Report.id)).where(Report.item_id == item.id, Report.resolved_at.is_(None))
    db.session.execute(
        update(ModerationItem)
        .where(ModerationItem.id == item.id)
        .values(report_count=open_reports.scalar_subquery(), needs_review=True)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(item)
    record_audit(reporter, "report", kind=kind_name, object_id=obj.id, item=item, reason=reason,
                 after={"report_count": item.report_count})
    if item.report_count >= report_threshold() and item.state in states.AUTO_HIDE_FROM:
        before = _snapshot(item)
        if _move(item, states.HIDDEN, expected_version=item.version, is_hidden_by_reports=True, needs_review=True):
            kind.hide(obj)
            record_audit(None, "auto_hide", kind=kind_name, object_id=obj.id, item=item,
                         reason=f"{item.report_count} reports", before=before, after=_snapshot(item))
    db.session.flush()
    return entry


# Decisions -------------------------------------------------------------------------------------------

def _reason_text(reason: str | None, template: ReasonTemplate | None, language: str) -> str:
    from participation.core.text import clean_plain

    written = clean_plain(reason)[:2000]
    if written:
        return written
    if template is not None:
        return template.text_in(language)
    raise ReasonRequired(_l("Give a reason: pick one of the standard reasons or write one."))


def decide(moderator, item: ModerationItem, action: str, *, reason: str | None = None,
           template: ReasonTemplate | None = None, expected_version: int | None = None,
           notify: bool = True) -> Decision:
    """Apply a moderator's decision to one item, with a reason the author will read."""
    if action not in states.ITEM_ACTIONS:
        raise InvalidTransition(_l("This decision is not possible."))
    if not permissions.can_moderate_item(moderator, item):
        raise NotAllowed(_l("You do not moderate this process."))
    if reason and reason.strip():
        template = None  # a written reason replaces the template
    text = _reason_text(reason, template, moderator.language)
    version = item.version if expected_version is None else expected_version
    if version != item.version:
        raise AlreadyDecided(_l("Another moderator already handled this item. Look at its current state and decide again if needed."))
    from_state = item.state
    to_state = states.target_state(action, from_state)
    if to_state is None:
        raise InvalidTransition(_l("This decision is not possible for an item in this state."))
    kind = kind_named(item.kind)
    before = _snapshot(item)
    if not _move(item, to_state, expected_version=version, needs_review=False, report_count=0,
                 is_hidden_by_reports=False, is_hidden_by_block=False):
        raise AlreadyDecided(_l("Another moderator already handled this item. Look at its current state and decide again if needed."))
    _resolve_reports(item)
    obj = kind.load(item.object_id)
    if obj is not None:
        kind.apply(action, to_state, obj)
    decision = Decision(item_id=item.id, moderator_id=moderator.id, action=action, reason=text,
                        reason_template_id=template.id if template is not None else None,
                        from_state=from_state, to_state=to_state)
    db.session.add(decision)
    db.session.flush()
    record_audit(moderator, action, kind=item.kind, object_id=item.object_id, item=item, reason=text,
                 before=before, after=_snapshot(item))
    if notify:
        from participation.moderation.notifications import notify_decision

        notify_decision(decision)
    db.session.flush()
    return decision


def _resolve_reports(item: ModerationItem) -> None:
    db.session.execute(
        update(Report)
        .where(Report.item_id == item.id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def bulk_decide(moderator, choices: list[tuple[ModerationItem, int]], action: str, *, reason: str | None = None,
                template: ReasonTemplate | None = None) -> tuple[list[Decision], list[tuple[ModerationItem, str]]]:
    """Decide several items with one reason. Each item is all-or-nothing; refusals are returned, not raised."""
    done: list[Decision] = []
    skipped: list[tuple[ModerationItem, str]] = []
    _reason_text(reason, template, moderator.language)  # no reason: refuse the whole batch up front
    for item, version in choices:
        try:
            with db.session.begin_nested():
                done.append(decide(moderator, item, action, reason=reason, template=template, expected_version=version))
        except DomainError as error:
            db.session.refresh(item)
            skipped.append((item, str(error)))
    return done, skipped


# Blocking --------------------------------------------------------------------------------------------

def _profile_item(user) -> ModerationItem:
    return ensure_item("profile", user)


def block_user(moderator, user, *, reason: str | None = None, template: ReasonTemplate | None = None) -> Decision:
    """Block a person: their profile and every visible or waiting contribution are hidden."""
    if not permissions.can_block_users(moderator):
        raise NotAllowed(_l("Only moderators of the whole platform can block people."))
    if user.id == moderator.id or user.has_role("moderator"):
        raise NotAllowed(_l("Moderators and staff cannot be blocked here; ask an administrator to change their role."))
    text = _reason_text(reason, template, moderator.language)
    state = user_state(user, create=True)
    if state.is_blocked:
        raise InvalidTransition(_l("This person is already blocked."))
    profile = _profile_item(user)
    state.is_blocked = True
    state.blocked_at = utcnow()
    decision = _user_decision(moderator, profile, states.BLOCK, text, template)
    items = db.session.scalars(
        select(ModerationItem).where(ModerationItem.author_id == user.id, ModerationItem.state.in_(states.BLOCK_HIDES))
    ).all()
    for item in items:
        before = _snapshot(item)
        if _move(item, states.HIDDEN, expected_version=item.version, is_hidden_by_block=True):
            kind = get_kind(item.kind)
            obj = kind.load(item.object_id) if kind else None
            if obj is not None:
                kind.hide(obj)
            record_audit(moderator, "hide_by_block", kind=item.kind, object_id=item.object_id, item=item,
                         reason=text, before=before, after=_snapshot(item))
    from participation.moderation.notifications import notify_decision

    notify_decision(decision)
    db.session.flush()
    return decision


def unblock_user(moderator, user, *, reason: str | None = None, template: ReasonTemplate | None = None,
                 notify: bool = True) -> Decision:
    if not permissions.can_block_users(moderator):
        raise NotAllowed(_l("Only moderators of the whole platform can block people."))
    text = _reason_text(reason, template, moderator.language)
    state = user_state(user)
    if state is None or not state.is_blocked:
        raise InvalidTransition(_l("This person is not blocked."))
    state.is_blocked = False
    state.blocked_at = None
    profile = _profile_item(user)
    decision = _user_decision(moderator, profile, states.UNBLOCK, text, template)
    items = db.session.scalars(
        select(ModerationItem).where(ModerationItem.author_id == user.id, ModerationItem.is_hidden_by_block.is_(True))
    ).all()
    for item in items:
        before = _snapshot(item)
        if _move(item, states.PUBLISHED, expected_version=item.version, is_hidden_by_block=False):
            kind = get_kind(item.kind)
            obj = kind.load(item.object_id) if kind else None
            if obj is not None:
                kind.restore(obj)
            record_audit(moderator, "restore_by_unblock", kind=item.kind, object_id=item.object_id, item=item,
                         reason=text, before=before, after=_snapshot(item))
    if notify:
        from participation.moderation.notifications import notify_decision

        notify_decision(decision)
    db.session.flush()
    return decision


def _user_decision(moderator, profile: ModerationItem, action: str, text: str, template) -> Decision:
    """Block and unblock: a decision on the person's profile item, whose state follows (hidden / published)."""
    before = _snapshot(profile)
    to_state = states.HIDDEN if action == states.BLOCK else states.PUBLISHED
    if not _move(profile, to_state, expected_version=profile.version, needs_review=False, report_count=0,
                 is_hidden_by_block=action == states.BLOCK, is_hidden_by_reports=False):
        raise AlreadyDecided(_l("Another moderator already handled this item. Look at its current state and decide again if needed."))
    _resolve_reports(profile)
    kind = kind_named("profile")
    obj = kind.load(profile.object_id)
    if obj is not None:
        (kind.hide if action == states.BLOCK else kind.restore)(obj)
    decision = Decision(item_id=profile.id, moderator_id=moderator.id, action=action, reason=text,
                        reason_template_id=template.id if template is not None else None,
                        from_state=before["state"], to_state=to_state)
    db.session.add(decision)
    db.session.flush()
    record_audit(moderator, action, kind="profile", object_id=profile.object_id, item=profile, reason=text,
                 before=before, after=_snapshot(profile))
    return decision


# Appeals ---------------------------------------------------------------------------------------------

def lodge_appeal(author, decision: Decision, text: str) -> Appeal:
    """The author objects to a decision, once."""
    from participation.core.text import clean_plain

    text = clean_plain(text)[:4000]
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


def decide_appeal(moderator, appeal: Appeal, *, grant: bool, answer: str) -> Appeal:
    """Another moderator grants the appeal (the decision is undone) or refuses it, with an answer."""
    from participation.core.text import clean_plain

    decision = appeal.decision
    item = decision.item
    if appeal.decision_moderator_id == moderator.id or decision.moderator_id == moderator.id:
        raise SameModerator(_l("Another moderator must decide an appeal against your own decision."))
    if not permissions.can_moderate_item(moderator, item):
        raise NotAllowed(_l("You do not moderate this process."))
    answer = clean_plain(answer)[:2000]
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
            before = _snapshot(item)
            if not _move(item, decision.from_state, expected_version=item.version, needs_review=False):
                raise AlreadyDecided(_l("Another moderator already handled this item. Look at its current state and decide again if needed."))
            kind = kind_named(item.kind)
            obj = kind.load(item.object_id)
            if obj is not None:
                kind.apply(states.OVERTURN, decision.from_state, obj)
            db.session.add(Decision(item_id=item.id, moderator_id=moderator.id, action=states.OVERTURN, reason=answer,
                                    from_state=before["state"], to_state=decision.from_state))
            record_audit(moderator, states.OVERTURN, kind=item.kind, object_id=item.object_id, item=item,
                         reason=answer, before=before, after=_snapshot(item))
    record_audit(moderator, f"appeal_{new_state}", kind=item.kind, object_id=item.object_id, item=item, reason=answer,
                 before={"appeal_state": "open"}, after={"appeal_state": new_state, "decision_id": decision.id})
    from participation.moderation.notifications import notify_appeal_decided

    notify_appeal_decided(appeal)
    db.session.flush()
    return appeal


# Moderators per process ----------------------------------------------------------------------------

def assign_moderator(user, process, *, assigned: bool = True, actor=None) -> None:
    """Limit a moderator to the processes they are assigned to (none assigned: every process).

    Staff and admins moderate every process, so only people with the moderator role are assigned."""
    from participation.moderation.models import ProcessModerator

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


# Moderators' digest ----------------------------------------------------------------------------------

def set_digest(user, wants: bool) -> ModerationUserState:
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
    from participation.moderation.queries import queue_counts

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
