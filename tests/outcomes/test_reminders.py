"""Reminder mails about overdue ideas: to the right people, once per idea per overdue period."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participation.core.models import utcnow
from participation.extensions import db
from participation.outcomes.models import OverdueReminder
from participation.outcomes.services import remind_overdue


def _reminders(outbox) -> list:
    return [message for message in outbox() if message.kind == "outcomes_overdue"]


def test_the_assignee_is_reminded_once_per_overdue_period(make_user, make_process, make_idea, outbox):
    now = utcnow()
    assignee = make_user("staff", name="Mieke Mobiliteit")
    make_user("staff")  # someone else: not mailed, the idea has an assignee
    idea = make_idea(make_process(), title="Zebrapad aan de school", assignee=assignee, published_at=now - timedelta(days=15))

    first = remind_overdue(now, 14)
    again = remind_overdue(now + timedelta(days=3), 14)
    next_period = remind_overdue(now + timedelta(days=14), 14)

    assert first == {"ideas": 1, "mails": 1}
    assert again == {"ideas": 0, "mails": 0}
    assert next_period == {"ideas": 1, "mails": 1}
    mails = _reminders(outbox)
    assert [m.recipient for m in mails] == [assignee.email, assignee.email]
    assert "Zebrapad aan de school" in mails[0].text_body and "/ideeen/" in mails[0].text_body
    assert sorted(db.session.scalars(select(OverdueReminder.period).where(OverdueReminder.idea_id == idea.id))) == [1, 2]


def test_ideas_that_are_not_overdue_or_answered_are_left_alone(make_user, make_process, make_idea, answer, outbox):
    now = utcnow()
    make_user("staff")
    process = make_process()
    make_idea(process, published_at=now - timedelta(days=5))
    answer(make_idea(process, published_at=now - timedelta(days=40)), after_days=2)

    assert remind_overdue(now, 14) == {"ideas": 0, "mails": 0}
    assert _reminders(outbox) == []


def test_department_ideas_go_to_the_staff_who_handle_that_department(make_user, make_process, make_idea, department, outbox):
    now = utcnow()
    mobility = department("mobiliteit")
    handler = make_user("staff")
    bystander = make_user("staff")
    process = make_process()
    make_idea(process, department=mobility, assignee=handler, published_at=now - timedelta(days=1))  # makes handler a mobility colleague
    make_idea(process, title="Zonder behandelaar", department=mobility, published_at=now - timedelta(days=20))

    remind_overdue(now, 14)

    mails = _reminders(outbox)
    assert [m.recipient for m in mails] == [handler.email]
    assert bystander.email not in {m.recipient for m in mails}


def test_unassigned_ideas_go_to_all_staff_in_one_mail_each(make_user, make_process, make_idea, outbox):
    now = utcnow()
    staff = [make_user("staff"), make_user("admin")]
    make_user("moderator")
    make_user()
    process = make_process(author=staff[0])
    make_idea(process, title="Eerste", published_at=now - timedelta(days=20))
    make_idea(process, title="Tweede", published_at=now - timedelta(days=30))

    assert remind_overdue(now, 14) == {"ideas": 2, "mails": 2}

    mails = _reminders(outbox)
    assert sorted(m.recipient for m in mails) == sorted(person.email for person in staff)
    assert all("Eerste" in m.text_body and "Tweede" in m.text_body for m in mails)


def test_the_reminder_is_written_in_the_recipients_language(make_user, make_process, make_idea, outbox):
    now = utcnow()
    make_user("staff", language="fr")
    make_idea(make_process(), published_at=now - timedelta(days=20))

    remind_overdue(now, 14)

    assert "Bonjour" in _reminders(outbox)[0].text_body


def test_the_command_sends_reminders_and_is_safe_to_run_again(app, make_user, make_process, make_idea, outbox):
    staff = make_user("staff")
    make_idea(make_process(author=staff), published_at=utcnow() - timedelta(days=20))
    runner = app.test_cli_runner()

    first = runner.invoke(args=["outcomes", "remind-overdue"])
    second = runner.invoke(args=["outcomes", "remind-overdue"])

    assert first.exit_code == 0, first.output
    assert "1 overdue ideas, 1 reminder mails sent." in first.output
    assert "0 overdue ideas, 0 reminder mails sent." in second.output
    assert len(_reminders(outbox)) == 1


def test_a_run_that_races_another_one_sends_nothing_twice(monkeypatch, make_user, make_process, make_idea, outbox):
    from participation.outcomes import services

    now = utcnow()
    make_user("staff")
    idea = make_idea(make_process(), published_at=now - timedelta(days=20))
    # The other run recorded its reminder after this one looked: this run's insert hits the unique constraint.
    db.session.add(OverdueReminder(idea_id=idea.id, period=1, recipient_count=1, sent_at=now))
    db.session.flush()
    monkeypatch.setattr(services, "_reminded_periods", lambda idea_ids: set())

    assert remind_overdue(now, 14) == {"ideas": 0, "mails": 0}
    assert _reminders(outbox) == []
    assert db.session.scalar(select(OverdueReminder.id).where(OverdueReminder.idea_id == idea.id)) is not None
