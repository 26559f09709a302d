"""Rules of the closing report and of overdue reminders. Services flush, never commit."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.accounts.models import User
from participation.core.errors import DomainError, NotAllowed
from participation.core.models import utcnow
from participation.core.text import clean_plain, clean_rich
from participation.core.translated import Translations
from participation.extensions import db
from participation.ideas.models import Idea, ProcessFollow
from participation.notifications.service import notify
from participation.outcomes import dashboard, figures
from participation.outcomes.models import ClosingReport, OverdueReminder
from participation.outcomes.permissions import can_manage_reports
from participation.processes.models import Process

TITLE_MAX = 160
BODY_MAX = 20_000


class InvalidReport(DomainError):
    pass


def _require_staff(user: User) -> None:
    if not can_manage_reports(user):
        raise NotAllowed(_l("Only city staff can write the closing report."))


def save_report(process: Process, author: User, *, title: str, body: str,
                translations: Translations | None = None) -> ClosingReport:
    """Create or change the closing report of a process; a published report stays published."""
    _require_staff(author)
    title = clean_plain(title)
    if not title:
        raise InvalidReport(_l("Give the report a title."), field="title")
    if len(title) > TITLE_MAX:
        raise InvalidReport(lazy_ngettext("The title can be at most %(num)s character.", "The title can be at most %(num)s characters.", TITLE_MAX), field="title")
    body = (body or "").strip()
    if not body:
        raise InvalidReport(_l("Write what the city did with the input."), field="body")
    if len(body) > BODY_MAX:
        raise InvalidReport(lazy_ngettext("The report can be at most %(num)s character.", "The report can be at most %(num)s characters.", BODY_MAX), field="body")
    report = db.session.scalar(select(ClosingReport).where(ClosingReport.process_id == process.id))
    if report is None:
        report = ClosingReport(process_id=process.id)
        db.session.add(report)
    report.title = title
    report.body_source = body
    report.body_html = clean_rich(body)
    report.written_by_id = author.id
    if translations is not None:
        translations.apply(report)
    db.session.flush()
    return report


def publish_report(report: ClosingReport, staff: User) -> int:
    """Publish the report and tell the process's followers (once: publishing again notifies nobody twice).

    Returns how many people were notified now.
    """
    _require_staff(staff)
    if report.is_published:
        raise InvalidReport(_l("The report is already published."))
    if not report.body_html:
        raise InvalidReport(_l("Write the report before publishing it."))
    process = db.session.get(Process, report.process_id)
    if process is None or process.status == "draft":
        raise InvalidReport(_l("Publish the process before its closing report."))
    report.published_at = utcnow()
    db.session.flush()
    return _notify_followers(report, process, staff)


def unpublish_report(report: ClosingReport, staff: User) -> None:
    _require_staff(staff)
    if not report.is_published:
        raise InvalidReport(_l("The report is not published."))
    report.published_at = None
    db.session.flush()


def _notify_followers(report: ClosingReport, process: Process, staff: User) -> int:
    followers = db.session.scalars(
        select(User).join(ProcessFollow, ProcessFollow.user_id == User.id).where(ProcessFollow.process_id == process.id)
    )
    return notify(
        event_key=f"process:{process.id}:closing-report",
        recipients=list(followers),
        kind="process_news",
        subject=_l("The city published what it did with the input of “%(title)s”"),
        url=_path("outcomes.results", slug=process.slug),
        actor=staff,
        title=process.title,
    )


# --------------------------------------------------------------------------- overdue reminders


def remind_overdue(now: datetime | None = None, response_days: int | None = None) -> dict:
    """Mail the people responsible for ideas that wait too long for an official response.

    Each idea is mentioned once per overdue period (see OverdueReminder); each person gets one mail
    listing their ideas. Running it again in the same period sends nothing.
    Returns {"ideas": ideas reminded about, "mails": mails sent}.
    """
    from flask import current_app

    from participation.notifications.mail import send_mail

    now = now or utcnow()
    response_days = response_days or current_app.config["OUTCOMES_RESPONSE_DAYS"]
    overdue = dashboard.overdue_ideas(now, response_days)
    already = _reminded_periods([idea.id for idea in overdue])
    due: list[tuple[Idea, int]] = []
    for idea in overdue:
        period = figures.overdue_period(dashboard.waiting_since(idea), now, response_days)
        if period >= 1 and (idea.id, period) not in already:
            due.append((idea, period))
    if not due:
        return {"ideas": 0, "mails": 0}
    recipients = dashboard.responsible_people([idea for idea, _ in due])
    per_person: dict[int, list[Idea]] = defaultdict(list)
    people: dict[int, User] = {}
    for idea, _period in due:
        for person in recipients[idea.id]:
            people[person.id] = person
            per_person[person.id].append(idea)
    try:
        with db.session.begin_nested():
            db.session.add_all([
                OverdueReminder(idea_id=idea.id, period=period, recipient_count=len(recipients[idea.id]), sent_at=now)
                for idea, period in due
            ])
    except IntegrityError:
        # Another run recorded (and is sending) these reminders at the same moment: send nothing twice.
        return {"ideas": 0, "mails": 0}
    dashboard_url = _external_link("outcomes.response_dashboard")
    for person_id, ideas in per_person.items():
        person = people[person_id]
        send_mail(
            person.email,
            lazy_ngettext("An idea waits too long for an official response", "%(num)d ideas wait too long for an official response", len(ideas)),
            "outcomes_overdue",
            kind="outcomes_overdue",
            locale=person.language,
            person=person,
            ideas=[(idea, figures.age_in_days(dashboard.waiting_since(idea), now)) for idea in ideas],
            idea_links={idea.id: _external_link("ideas.detail", idea_id=idea.id) for idea in ideas},
            response_days=response_days,
            dashboard_url=dashboard_url,
        )
    return {"ideas": len(due), "mails": len(per_person)}


def _path(endpoint: str, **values) -> str:
    """A site path, also from the command line (the demo seed) where there is no request."""
    return url_for(endpoint, _external=False, **values)


def _external_link(endpoint: str, **values) -> str:
    """An absolute link for emails: built from PUBLIC_BASE_URL (core.application), also from the command line."""
    return url_for(endpoint, _external=True, **values)


def _reminded_periods(idea_ids: list[int]) -> set[tuple[int, int]]:
    if not idea_ids:
        return set()
    return set(
        db.session.execute(
            select(OverdueReminder.idea_id, OverdueReminder.period).where(OverdueReminder.idea_id.in_(idea_ids))
        ).all()
    )
