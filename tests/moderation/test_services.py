"""Moderation rules at the service level, with the test-only "note" kind."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from participation.core.errors import NotAllowed
from participation.core.models import utcnow
from participation.extensions import db
from participation.moderation import services, states
from participation.moderation.services.items import move_item
from participation.moderation.antiabuse import is_repeated_post, needs_premoderation
from participation.moderation.models import (
    Appeal,
    AuditEntry,
    Decision,
    ModerationItem,
    ProcessModerator,
    ReasonTemplate,
    Report,
)


def _audit_actions(item):
    return [e.action for e in db.session.scalars(select(AuditEntry).where(AuditEntry.item_id == item.id).order_by(AuditEntry.id))]


def _template(action=None, fragment="Spam"):
    return db.session.scalars(
        select(ReasonTemplate).where(ReasonTemplate.text_en.contains(fragment)).order_by(ReasonTemplate.id)
    ).first()


# Pre- and post-moderation -------------------------------------------------------------------------

def test_a_note_in_a_post_moderated_process_is_public_at_once_and_waits_for_review(make_note, item_of, make_process):
    note = make_note(process=make_process(moderation_mode="post"))
    item = item_of(note)
    assert item.state == "published" and item.needs_review
    assert services.is_public("note", note.id)
    assert _audit_actions(item) == ["submit"]


def test_a_note_in_a_pre_moderated_process_is_not_public_until_approved(make_note, item_of, make_process, moderator):
    note = make_note(process=make_process(moderation_mode="pre"))
    item = item_of(note)
    assert item.state == "pending" and not services.is_public("note", note.id)
    services.decide(moderator, item, "approve", reason="Fine.")
    assert item.state == "published" and services.is_public("note", note.id)
    assert note.calls == ["approve"] and note.is_visible


def test_a_link_from_a_new_account_waits_for_a_moderator_even_in_a_post_moderated_process(make_user, make_process, make_note, item_of):
    newcomer = make_user()
    process = make_process(moderation_mode="post")
    assert needs_premoderation(newcomer, "Kijk op https://example.com/goedkoop", process)
    note = make_note(author=newcomer, process=process, text="Kijk op www.goedkoop.example.com")
    assert item_of(note).state == "pending"


def test_a_link_from_an_established_account_is_published_at_once(make_user, make_process):
    veteran = make_user()
    veteran.created_at = utcnow() - timedelta(days=400)
    db.session.flush()
    assert not needs_premoderation(veteran, "Zie https://stad.gent/mobiliteit", make_process(moderation_mode="post"))


def test_words_on_the_configured_list_send_a_note_to_premoderation(app, make_user, make_process):
    app.config["MODERATION_WORD_LIST"] = ["casino", "gratis geld"]
    try:
        author = make_user()
        process = make_process(moderation_mode="post")
        assert needs_premoderation(author, "Win GRATIS geld!", process)
        assert needs_premoderation(author, "Het casino.", process)
        assert not needs_premoderation(author, "Meer banken in het park", process)
    finally:
        app.config["MODERATION_WORD_LIST"] = []


def test_posting_the_same_text_again_is_caught_as_a_repeated_post(make_user, make_note):
    author = make_user()
    make_note(author=author, text="Fietspad   naar de Watersportbaan!")
    assert is_repeated_post(author, "fietspad naar de watersportbaan")
    assert not is_repeated_post(author, "Een heel ander idee")
    assert not is_repeated_post(make_user(), "Fietspad naar de Watersportbaan")


# Reports ------------------------------------------------------------------------------------------

def test_reporting_twice_keeps_one_report_and_says_so(make_note, make_user, item_of):
    note = make_note()
    reporter = make_user()
    services.report(reporter, "note", note, reason="spam")
    with pytest.raises(services.AlreadyReported):
        services.report(reporter, "note", note, reason="offensive")
    item = item_of(note)
    assert item.report_count == 1
    assert db.session.scalar(select(db.func.count(Report.id)).where(Report.item_id == item.id)) == 1


def test_the_database_refuses_a_second_report_by_the_same_person(make_note, make_user, item_of):
    note = make_note()
    reporter = make_user()
    services.report(reporter, "note", note, reason="spam")
    item = item_of(note)
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.add(Report(item_id=item.id, reporter_id=reporter.id, reason="spam"))
            db.session.flush()


def test_reporting_your_own_note_is_refused_politely(make_note, make_user):
    author = make_user()
    note = make_note(author=author)
    with pytest.raises(services.CannotReportOwn):
        services.report(author, "note", note, reason="spam")


def test_the_reason_other_needs_an_explanation(make_note, make_user):
    note = make_note()
    with pytest.raises(services.InvalidReport):
        services.report(make_user(), "note", note, reason="other", text="  ")
    services.report(make_user(), "note", note, reason="other", text="Reclame voor een winkel")


def test_three_distinct_reports_hide_a_published_note_pending_review(make_note, make_user, item_of):
    note = make_note()
    services.report(make_user(), "note", note, reason="spam")
    services.report(make_user(), "note", note, reason="offensive")
    assert item_of(note).state == "published" and note.is_visible
    services.report(make_user(), "note", note, reason="spam")
    item = item_of(note)
    assert item.state == "hidden" and item.is_hidden_by_reports and item.needs_review
    assert not note.is_visible and not services.is_public("note", note.id)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.item_id == item.id, AuditEntry.action == "auto_hide")).one()
    assert entry.actor_id is None
    assert json.loads(entry.before)["state"] == "published" and json.loads(entry.after)["state"] == "hidden"


def test_the_threshold_comes_from_the_configuration(app, make_note, make_user, item_of):
    app.config["REPORT_HIDE_THRESHOLD"] = 1
    try:
        note = make_note()
        services.report(make_user(), "note", note, reason="personal_data")
        assert item_of(note).state == "hidden"
    finally:
        app.config["REPORT_HIDE_THRESHOLD"] = 3


# Decisions ----------------------------------------------------------------------------------------

def test_a_decision_without_a_reason_is_refused(make_note, item_of, moderator):
    item = item_of(make_note())
    with pytest.raises(services.ReasonRequired):
        services.decide(moderator, item, "hide", reason="  ")
    assert item.state == "published" and item.version == 1


def test_a_citizen_cannot_decide(make_note, item_of, make_user):
    with pytest.raises(NotAllowed):
        services.decide(make_user(), item_of(make_note()), "hide", reason="No.")


def test_a_move_outside_the_transition_table_is_refused(make_note, item_of, moderator):
    item = item_of(make_note())
    with pytest.raises(services.InvalidTransition):
        services.decide(moderator, item, "restore", reason="Nothing to restore.")


def test_the_author_reads_a_standard_reason_in_their_own_language(make_user, make_note, item_of, moderator, outbox):
    author = make_user(language="fr")
    note = make_note(author=author)
    template = _template(fragment="Spam")
    services.decide(moderator, item_of(note), "hide", template=template)
    [mail] = outbox(author.email)
    assert mail.kind == "moderation_decision"
    assert "Le spam ou la publicité ne sont pas autorisés" in mail.text_body
    assert "Bonjour" in mail.text_body or "Bonjour" in mail.subject or "modération" in mail.subject.lower()
    decision = db.session.scalars(select(Decision)).all()[-1]
    assert decision.reason == template.text_nl  # stored in the moderator's language, read in the author's


def test_a_written_reason_replaces_the_standard_one(make_user, make_note, item_of, moderator, outbox):
    author = make_user(language="en")
    note = make_note(author=author)
    services.decide(moderator, item_of(note), "reject", reason="Please keep it about the square.", template=_template())
    [mail] = outbox(author.email)
    assert "Please keep it about the square." in mail.text_body
    assert "Spam or advertising" not in mail.text_body


def test_a_decision_resolves_open_reports_and_leaves_the_queue(make_note, make_user, item_of, moderator):
    note = make_note()
    services.report(make_user(), "note", note, reason="spam")
    item = item_of(note)
    services.decide(moderator, item, "approve", reason="Not spam: a local shop's opening hours are on topic.")
    assert item.report_count == 0 and not item.needs_review
    assert all(r.resolved_at is not None for r in item.reports)


def test_a_stale_decision_is_told_and_nothing_is_applied_twice(make_note, item_of, moderator, second_moderator, outbox):
    note = make_note()
    item = item_of(note)
    seen_version = item.version  # both moderators opened the page at this version
    services.decide(moderator, item, "hide", reason="Off-topic.", expected_version=seen_version)
    with pytest.raises(services.AlreadyDecided):
        services.decide(second_moderator, item, "reject", reason="Spam.", expected_version=seen_version)
    assert item.state == "hidden" and item.version == seen_version + 1
    assert [d.action for d in item.decisions] == ["hide"]
    assert len(outbox(note.author.email)) == 1
    assert _audit_actions(item) == ["submit", "hide"]


def test_the_conditional_update_applies_only_for_the_expected_version(make_note, item_of):
    item = item_of(make_note())
    assert move_item(item, "hidden", expected_version=1) is True
    assert move_item(item, "published", expected_version=1) is False
    assert item.state == "hidden" and item.version == 2


def test_requesting_changes_lets_the_author_edit_and_resubmit(make_note, item_of, moderator, outbox):
    note = make_note()
    item = item_of(note)
    services.decide(moderator, item, "request_changes", reason="Remove the phone number.")
    assert item.state == "changes_requested" and not note.is_visible
    assert "send it again" in outbox(note.author.email)[-1].text_body or "opnieuw" in outbox(note.author.email)[-1].text_body
    services.contribution_edited("note", note, text="Meer bomen, zonder telefoonnummer")
    assert item.state == "pending" and item.needs_review
    assert _audit_actions(item)[-1] == "resubmit"


def test_bulk_decisions_apply_to_each_item_and_skip_the_stale_ones(make_note, item_of, moderator):
    first, second = item_of(make_note()), item_of(make_note(text="Tweede"))
    stale_version = second.version
    move_item(second, "hidden", expected_version=second.version)
    done, skipped = services.bulk_decide(moderator, [(first, first.version), (second, stale_version)], "approve",
                                         reason="Reviewed.")
    assert [d.item_id for d in done] == [first.id]
    assert [item.id for item, _message in skipped] == [second.id]
    assert second.state == "hidden"


def test_a_process_moderator_moderates_only_their_process(make_user, make_process, make_note, item_of):
    local = make_user("moderator")
    mine, other = make_process(), make_process()
    db.session.add(ProcessModerator(process_id=mine.id, user_id=local.id))
    db.session.flush()
    services.decide(local, item_of(make_note(process=mine)), "approve", reason="Ok.")
    with pytest.raises(NotAllowed):
        services.decide(local, item_of(make_note(process=other)), "approve", reason="Ok.")


# Appeals ------------------------------------------------------------------------------------------

def test_an_author_can_appeal_a_decision_once(make_note, item_of, moderator):
    note = make_note()
    decision = services.decide(moderator, item_of(note), "hide", reason="Off-topic.")
    services.lodge_appeal(note.author, decision, "It is about the square!")
    db.session.refresh(decision)
    with pytest.raises(services.AlreadyAppealed):
        services.lodge_appeal(note.author, decision, "Again.")


def test_only_the_author_can_appeal(make_note, item_of, moderator, make_user):
    decision = services.decide(moderator, item_of(make_note()), "hide", reason="Off-topic.")
    with pytest.raises(NotAllowed):
        services.lodge_appeal(make_user(), decision, "Not mine.")


def test_the_moderator_who_decided_cannot_decide_the_appeal(make_note, item_of, moderator):
    note = make_note()
    decision = services.decide(moderator, item_of(note), "hide", reason="Off-topic.")
    appeal = services.lodge_appeal(note.author, decision, "Please look again.")
    with pytest.raises(services.SameModerator):
        services.decide_appeal(moderator, appeal, grant=True, answer="I was right.")
    assert appeal.state == "open"


def test_the_database_refuses_an_appeal_decided_by_the_original_moderator(make_note, item_of, moderator):
    note = make_note()
    decision = services.decide(moderator, item_of(note), "hide", reason="Off-topic.")
    appeal = services.lodge_appeal(note.author, decision, "Please look again.")
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.execute(
                text("UPDATE moderation_appeals SET state = 'refused', decided_by_id = :m WHERE id = :a"),
                {"m": moderator.id, "a": appeal.id},
            )


def test_another_moderator_grants_an_appeal_and_the_item_returns(make_note, item_of, moderator, second_moderator, outbox):
    note = make_note()
    item = item_of(note)
    decision = services.decide(moderator, item, "hide", reason="Off-topic.")
    appeal = services.lodge_appeal(note.author, decision, "It is about the square!")
    services.decide_appeal(second_moderator, appeal, grant=True, answer="Indeed on topic.")
    assert appeal.state == "granted" and appeal.decided_by_id == second_moderator.id
    assert item.state == "published" and note.is_visible
    assert [d.action for d in item.decisions] == ["hide", "overturn"]
    assert outbox(note.author.email)[-1].kind == "moderation_appeal"
    assert "appeal_granted" in _audit_actions(item)
    with pytest.raises(services.AlreadyDecided):
        services.decide_appeal(second_moderator, appeal, grant=False, answer="Late.")


def test_a_refused_appeal_keeps_the_decision(make_note, item_of, moderator, second_moderator):
    note = make_note()
    item = item_of(note)
    decision = services.decide(moderator, item, "reject", reason="Spam.")
    appeal = services.lodge_appeal(note.author, decision, "Not spam.")
    services.decide_appeal(second_moderator, appeal, grant=False, answer="It advertises a shop.")
    assert appeal.state == "refused" and item.state == "rejected"


# Blocking -----------------------------------------------------------------------------------------

def test_blocking_hides_all_content_and_unblocking_restores_it(make_user, make_note, item_of, moderator, outbox):
    troll = make_user()
    first, second = make_note(author=troll), make_note(author=troll, text="Nog iets")
    already_rejected = make_note(author=troll, text="Derde")
    services.decide(moderator, item_of(already_rejected), "reject", reason="Spam.")
    services.block_user(moderator, troll, reason="Repeated spam.")
    assert services.is_blocked(troll)
    assert item_of(first).state == "hidden" and item_of(second).state == "hidden"
    assert not first.is_visible and not second.is_visible
    assert services.item_for("profile", troll.id).state == "hidden"
    from participation.moderation.kinds.profile import public_name

    assert public_name(troll) != troll.display_name
    later = make_note(author=troll, text="Na de blokkering")
    assert item_of(later).state == "hidden"
    services.unblock_user(moderator, troll, reason="Promised to behave.")
    assert not services.is_blocked(troll)
    assert item_of(first).state == "published" and item_of(second).state == "published" and first.is_visible
    assert item_of(already_rejected).state == "rejected"
    assert public_name(troll) == troll.display_name
    assert [m.kind for m in outbox(troll.email)][-2:] == ["moderation_decision", "moderation_decision"]


def test_only_global_moderators_block_and_moderators_cannot_be_blocked(make_user, make_process, moderator):
    local = make_user("moderator")
    db.session.add(ProcessModerator(process_id=make_process().id, user_id=local.id))
    db.session.flush()
    with pytest.raises(NotAllowed):
        services.block_user(local, make_user(), reason="x")
    with pytest.raises(NotAllowed):
        services.block_user(moderator, local, reason="x")


# Audit and transparency ---------------------------------------------------------------------------

def test_every_moderation_action_is_in_the_audit_log_with_before_and_after(make_note, make_user, item_of, moderator):
    note = make_note()
    services.report(make_user(), "note", note, reason="spam")
    item = item_of(note)
    services.decide(moderator, item, "hide", reason="Spam.")
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.item_id == item.id).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["submit", "report", "hide"]
    hide = entries[-1]
    assert hide.actor_id == moderator.id and hide.reason == "Spam." and hide.kind == "note" and hide.object_id == note.id
    assert json.loads(hide.before)["state"] == "published" and json.loads(hide.after)["state"] == "hidden"
    assert hide.created_at is not None


def test_transparency_counts_decisions_and_reasons_per_process(make_process, make_note, make_user, item_of, moderator):
    from participation.moderation.queries import transparency

    process, elsewhere = make_process(), make_process()
    a, b, c = make_note(process=process), make_note(process=process, text="b"), make_note(process=elsewhere, text="c")
    services.report(make_user(), "note", a, reason="spam")
    services.report(make_user(), "note", b, reason="off_topic")
    services.report(make_user(), "note", c, reason="spam")
    services.decide(moderator, item_of(a), "hide", reason="Spam.")
    services.decide(moderator, item_of(b), "approve", reason="Fine.")
    figures = transparency(process.id)
    assert figures["decisions"] == {"hide": 1, "approve": 1}
    assert figures["reports"] == {"spam": 1, "off_topic": 1}


# Digest -------------------------------------------------------------------------------------------

def test_the_daily_digest_goes_out_once_per_day_to_moderators_who_asked(app, make_note, moderator, second_moderator, outbox):
    from datetime import date

    make_note()
    services.set_digest(moderator, True)
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["moderation", "digest", "--day", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert len(outbox(moderator.email)) == 1 and outbox(second_moderator.email) == []
    assert "moderation_digest" == outbox(moderator.email)[0].kind
    runner.invoke(args=["moderation", "digest", "--day", "2026-11-23"])
    assert len(outbox(moderator.email)) == 1
    assert services.send_digests(date(2026, 11, 24)) == 1


def test_citizens_cannot_opt_in_to_the_digest(make_user):
    with pytest.raises(NotAllowed):
        services.set_digest(make_user(), True)


def test_the_cli_assigns_a_moderator_to_one_process(app, make_user, make_process, make_note, item_of):
    from participation.moderation.permissions import can_moderate_item

    local = make_user("moderator")
    mine, other = make_process(), make_process()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["moderation", "assign", local.email, mine.slug])
    assert result.exit_code == 0, result.output
    assert can_moderate_item(local, item_of(make_note(process=mine)))
    assert not can_moderate_item(local, item_of(make_note(process=other, text="x")))
    runner.invoke(args=["moderation", "assign", local.email, mine.slug, "--remove"])
    assert can_moderate_item(local, item_of(make_note(process=other, text="y")))  # global again
    refused = runner.invoke(args=["moderation", "assign", make_user().email, mine.slug])
    assert refused.exit_code != 0
