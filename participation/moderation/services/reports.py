"""Reports from the public; enough distinct reports hide a published item until a moderator looks."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from participation.core.errors import DomainError
from participation.core.text import clean_plain, too_long
from participation.extensions import db
from participation.moderation import states
from participation.moderation.models import ModerationItem, Report
from participation.moderation.services.audit import record_audit, snapshot
from participation.moderation.services.items import author_id_of, ensure_item, kind_named, move_item

if TYPE_CHECKING:  # for type hints only: callers pass these objects in
    from participation.accounts.models import User


REPORT_TEXT_MAX = 2_000


class InvalidReport(DomainError):
    pass


class AlreadyReported(DomainError):
    pass


class CannotReportOwn(DomainError):
    own_message = _l("You cannot report your own contribution. You can edit or delete it instead.")


def is_own_contribution(user: User, kind_name: str, obj: Any) -> bool:
    """Whether `user` wrote `obj`: they may edit or delete it, and reporting it would only be noise."""
    return author_id_of(kind_named(kind_name), obj) == user.id


def report_threshold() -> int:
    return int(current_app.config.get("REPORT_HIDE_THRESHOLD", 3))


def report(reporter: User, kind_name: str, obj: Any, *, reason: str, text: str = "") -> Report:
    """Record one person's report; with enough distinct reports a published item is hidden pending review."""
    kind = kind_named(kind_name)
    text = clean_plain(text, multiline=True)
    if (problem := too_long(text, REPORT_TEXT_MAX)) is not None:
        raise InvalidReport(problem, field="text")
    if reason not in states.REPORT_REASONS:
        raise InvalidReport(_l("Choose a reason for your report."), field="reason")
    if reason == "other" and not text:
        raise InvalidReport(_l("Tell us what is wrong when you choose “Other”."), field="text")
    if is_own_contribution(reporter, kind_name, obj):
        raise CannotReportOwn(CannotReportOwn.own_message)
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
        before = snapshot(item)
        if move_item(item, states.HIDDEN, expected_version=item.version, is_hidden_by_reports=True, needs_review=True):
            kind.hide(obj)
            record_audit(None, "auto_hide", kind=kind_name, object_id=obj.id, item=item,
                         reason=f"{item.report_count} reports", before=before, after=snapshot(item))
    db.session.flush()
    return entry
