"""Reading moderation data: the queue with its filters, counts, an author's history, transparency figures."""
from __future__ import annotations

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import selectinload

from participation.extensions import db
from participation.moderation import states
from participation.moderation.models import Appeal, AuditEntry, Decision, ModerationItem, Report
from participation.moderation.permissions import moderated_process_ids

SORTS = ("reports", "oldest", "newest")


def _scoped(statement: Select, user) -> Select:
    scope = moderated_process_ids(user)
    if scope is None:
        return statement
    return statement.where(ModerationItem.process_id.in_(scope or {-1}))


def queue_statement(user, *, kind: str | None = None, process_id: int | None = None, reason: str | None = None,
                    state: str | None = None, sort: str = "reports") -> Select:
    statement = _scoped(select(ModerationItem).options(selectinload(ModerationItem.process)), user)
    if state:
        statement = statement.where(ModerationItem.state == state)
    else:
        statement = statement.where(ModerationItem.needs_review.is_(True))
    if kind:
        statement = statement.where(ModerationItem.kind == kind)
    if process_id:
        statement = statement.where(ModerationItem.process_id == process_id)
    if reason:
        statement = statement.where(
            exists().where(Report.item_id == ModerationItem.id, Report.reason == reason, Report.resolved_at.is_(None))
        )
    if sort == "oldest":
        order = (ModerationItem.created_at.asc(), ModerationItem.id.asc())
    elif sort == "newest":
        order = (ModerationItem.created_at.desc(), ModerationItem.id.desc())
    else:
        order = (ModerationItem.report_count.desc(), ModerationItem.created_at.asc(), ModerationItem.id.asc())
    return statement.order_by(*order)


def objects_of(items: list[ModerationItem], kinds: dict) -> dict[tuple[str, int], object]:
    """The moderated objects of a page of items: one query per kind."""
    wanted: dict[str, list[int]] = {}
    for item in items:
        wanted.setdefault(item.kind, []).append(item.object_id)
    objects: dict[tuple[str, int], object] = {}
    for name, ids in wanted.items():
        kind = kinds.get(name)
        if kind is not None:
            objects.update({(name, object_id): obj for object_id, obj in kind.load_all(ids).items()})
    return objects


def open_report_reasons(item_ids: list[int]) -> dict[int, dict[str, int]]:
    """{item id: {reason: count}} of open reports, in one query for a page of the queue."""
    if not item_ids:
        return {}
    rows = db.session.execute(
        select(Report.item_id, Report.reason, func.count(Report.id))
        .where(Report.item_id.in_(item_ids), Report.resolved_at.is_(None))
        .group_by(Report.item_id, Report.reason)
    )
    reasons: dict[int, dict[str, int]] = {}
    for item_id, reason, count in rows:
        reasons.setdefault(item_id, {})[reason] = count
    return reasons


def appeals_statement(user) -> Select:
    statement = (
        select(Appeal)
        .join(Decision, Decision.id == Appeal.decision_id)
        .join(ModerationItem, ModerationItem.id == Decision.item_id)
        .where(Appeal.state == "open")
        .order_by(Appeal.created_at.asc(), Appeal.id.asc())
    )
    return _scoped(statement, user)


def queue_counts(user) -> dict[str, int]:
    """What waits for this moderator, in two grouped queries."""
    statement = _scoped(
        select(
            func.count(ModerationItem.id),
            func.count(ModerationItem.id).filter(ModerationItem.state == states.PENDING),
            func.count(ModerationItem.id).filter(ModerationItem.report_count > 0),
            func.count(ModerationItem.id).filter(ModerationItem.state == states.HIDDEN),
        ).where(ModerationItem.needs_review.is_(True)),
        user,
    )
    to_review, pending, reported, hidden = db.session.execute(statement).one()
    appeals = db.session.scalar(
        appeals_statement(user).with_only_columns(func.count(Appeal.id)).order_by(None)
        .where((Appeal.decision_moderator_id.is_(None)) | (Appeal.decision_moderator_id != user.id))
    ) or 0
    return {
        "to_review": to_review or 0,
        "pending": pending or 0,
        "reported": reported or 0,
        "hidden": hidden or 0,
        "appeals": appeals,
        "total": (to_review or 0) + appeals,
    }


def author_history(author_id: int | None, *, limit: int = 20) -> dict:
    """An author's other contributions and the decisions on them, for the moderator's judgement."""
    if author_id is None:
        return {"items": [], "decisions": [], "by_state": {}}
    items = db.session.scalars(
        select(ModerationItem).where(ModerationItem.author_id == author_id)
        .order_by(ModerationItem.created_at.desc()).limit(limit)
    ).all()
    decisions = db.session.scalars(
        select(Decision).join(ModerationItem, ModerationItem.id == Decision.item_id)
        .where(ModerationItem.author_id == author_id)
        .order_by(Decision.created_at.desc()).limit(limit)
    ).all()
    by_state = dict(
        db.session.execute(
            select(ModerationItem.state, func.count(ModerationItem.id))
            .where(ModerationItem.author_id == author_id).group_by(ModerationItem.state)
        ).all()
    )
    return {"items": items, "decisions": decisions, "by_state": by_state}


def transparency(process_id: int) -> dict:
    """Counts by decision, by report reason and of appeals for one process. No people, no texts."""
    decisions = dict(
        db.session.execute(
            select(Decision.action, func.count(Decision.id))
            .join(ModerationItem, ModerationItem.id == Decision.item_id)
            .where(ModerationItem.process_id == process_id)
            .group_by(Decision.action)
        ).all()
    )
    reports = dict(
        db.session.execute(
            select(Report.reason, func.count(Report.id))
            .join(ModerationItem, ModerationItem.id == Report.item_id)
            .where(ModerationItem.process_id == process_id)
            .group_by(Report.reason)
        ).all()
    )
    appeals = dict(
        db.session.execute(
            select(Appeal.state, func.count(Appeal.id))
            .join(Decision, Decision.id == Appeal.decision_id)
            .join(ModerationItem, ModerationItem.id == Decision.item_id)
            .where(ModerationItem.process_id == process_id)
            .group_by(Appeal.state)
        ).all()
    )
    auto_hidden = db.session.scalar(
        select(func.count(AuditEntry.id))
        .join(ModerationItem, ModerationItem.id == AuditEntry.item_id)
        .where(ModerationItem.process_id == process_id, AuditEntry.action == "auto_hide")
    ) or 0
    return {"decisions": decisions, "reports": reports, "appeals": appeals, "auto_hidden": auto_hidden}


def audit_statement(*, kind: str | None = None, object_id: int | None = None, actor_id: int | None = None) -> Select:
    statement = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if kind:
        statement = statement.where(AuditEntry.kind == kind)
    if object_id:
        statement = statement.where(AuditEntry.object_id == object_id)
    if actor_id:
        statement = statement.where(AuditEntry.actor_id == actor_id)
    return statement


def hidden_clause(kind_name: str, object_id):
    """The rule of services.hidden_object_ids as a SQL expression on `object_id` (a column), so a feature
    can fold "does moderation keep this from the public?" into the query that loads its rows."""
    return exists().where(
        ModerationItem.kind == kind_name,
        ModerationItem.object_id == object_id,
        ModerationItem.state.not_in(states.PUBLIC_STATES),
    )


def moderators_with_processes() -> list[tuple]:
    """People with the moderator role and the processes they are assigned to, in two queries."""
    from participation.accounts.models import User
    from participation.moderation.models import ProcessModerator
    from participation.processes.models import Process

    moderators = db.session.scalars(select(User).where(User.role == "moderator").order_by(User.display_name, User.id)).all()
    assigned: dict[int, list] = {moderator.id: [] for moderator in moderators}
    rows = db.session.execute(
        select(ProcessModerator.user_id, Process)
        .join(Process, Process.id == ProcessModerator.process_id)
        .where(ProcessModerator.user_id.in_(list(assigned) or [-1]))
        .order_by(Process.title)
    ).all()
    for user_id, process in rows:
        assigned[user_id].append(process)
    return [(moderator, assigned[moderator.id]) for moderator in moderators]
