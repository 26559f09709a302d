"""Campaign and pledge rules through the services, on the real database (no Stripe needed here)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError

from participation.core.errors import NotAllowed
from participation.crowdfunding import closing, dates, errors, matching, queries, rewards, services, structured
from participation.crowdfunding.models import Campaign, CampaignEvent, MatchFund, Pledge, PledgeTransaction
from participation.crowdfunding.payments import bank_transfers, pledges, refunds
from participation.crowdfunding.stripe_gateway import CardPaymentsDisabled
from participation.extensions import db


def _events(campaign):
    return [(e.from_status, e.to_status) for e in db.session.scalars(select(CampaignEvent).where(CampaignEvent.campaign_id == campaign.id).order_by(CampaignEvent.id))]


def test_a_campaign_goes_from_draft_to_live_and_every_step_is_on_its_timeline(make_campaign):
    campaign = make_campaign("live")
    assert campaign.status == "live"
    assert _events(campaign) == [(None, "draft"), ("draft", "submitted"), ("submitted", "approved"), ("approved", "live")]


def test_the_story_is_sanitised_and_the_title_kept_as_typed(make_user):
    owner = make_user()
    campaign = services.save_campaign(
        None, owner=owner, title="<b>Bankjes</b>", organisation_name="", summary="", story="Hallo <script>alert(1)</script> **vet**",
        goal="500", deadline=date.today() + timedelta(days=20), funding_model="all_or_nothing",
    )
    assert campaign.title == "<b>Bankjes</b>"  # plain text: stored as typed, escaped on the page
    assert "<script>" not in campaign.story_html and "<strong>vet</strong>" in campaign.story_html


@pytest.mark.parametrize("goal", ["0", "-100", "veel", "", "50", "2000000"])
def test_a_campaign_goal_must_be_a_sensible_amount(make_user, goal):
    with pytest.raises(errors.InvalidCampaign) as refused:
        services.save_campaign(
            None, owner=make_user(), title="Bankjes", organisation_name=None, summary="", story="x", goal=goal,
            deadline=date.today() + timedelta(days=20), funding_model="all_or_nothing",
        )
    assert refused.value.field == "goal"


@pytest.mark.parametrize("days", [0, 3, 14, 91, 121])
def test_a_campaign_runs_between_15_and_90_days(make_user, days):
    with pytest.raises(errors.InvalidCampaign) as refused:
        services.save_campaign(
            None, owner=make_user(), title="Bankjes", organisation_name=None, summary="", story="x", goal="500",
            deadline=date.today() + timedelta(days=days), funding_model="all_or_nothing",
        )
    assert refused.value.field == "deadline"


def test_staff_asking_for_changes_must_say_why_and_the_owner_is_mailed(make_campaign, make_user, outbox):
    campaign = make_campaign("submitted")
    staff = make_user("staff")
    with pytest.raises(errors.InvalidCampaign):
        services.request_changes(campaign, staff, "  ")
    assert campaign.status == "submitted"
    services.request_changes(campaign, staff, "Voeg een begroting toe.")
    assert campaign.status == "changes_requested"
    mail = outbox(campaign.owner.email)[-1]
    assert "Voeg een begroting toe." in mail.text_body
    assert f"/crowdfunding/{campaign.id}" in mail.text_body
    event = campaign.events[-1]
    assert (event.actor_id, event.reason) == (staff.id, "Voeg een begroting toe.")


def test_the_owner_can_fix_and_resubmit_after_a_change_request(make_campaign):
    campaign = make_campaign("changes_requested")
    services.save_campaign(
        campaign, owner=campaign.owner, title="Beter plan", organisation_name=None, summary="", story="Met begroting",
        goal="1200", deadline=date.today() + timedelta(days=40), funding_model="all_or_nothing",
    )
    services.submit_campaign(campaign, campaign.owner)
    assert campaign.status == "submitted" and campaign.goal_cents == 120000


def test_a_live_campaign_cannot_be_edited(make_campaign):
    campaign = make_campaign("live")
    with pytest.raises(NotAllowed):
        services.save_campaign(
            campaign, owner=campaign.owner, title="Anders", organisation_name=None, summary="", story="x",
            goal="1", deadline=date.today() + timedelta(days=40), funding_model="all_or_nothing",
        )


def test_a_rejected_campaign_cannot_be_launched_and_nothing_is_logged(make_campaign):
    campaign = make_campaign("rejected")
    before = len(campaign.events)
    with pytest.raises(errors.InvalidTransition):
        services.launch_campaign(campaign, campaign.owner)
    assert campaign.status == "rejected" and len(campaign.events) == before


def test_a_draft_cannot_skip_vetting(make_campaign, make_user):
    campaign = make_campaign("draft")
    with pytest.raises(errors.InvalidTransition):
        services.approve_campaign(campaign, make_user("staff"))


@pytest.mark.parametrize("amount,message", [
    ("0", "more than zero"), ("-5", "more than zero"), ("tien", "as a number"), ("", "Enter an amount"),
    ("10000,01", "at most 10000 euro"), ("0,50", "smallest pledge"), ("5,555", "two digits"),
])
def test_bad_pledge_amounts_are_refused_with_a_clear_message(app, make_campaign, make_user, amount, message):
    campaign = make_campaign("live")
    with app.test_request_context(), force_locale("en"):
        with pytest.raises(errors.InvalidPledge) as refused:
            pledges.record_pledge(campaign, make_user(), amount=amount, method="bank_transfer")
        assert refused.value.field == "amount"
        assert message in str(refused.value)
    assert db.session.scalar(select(func.count(Pledge.id)).where(Pledge.campaign_id == campaign.id)) == 0


def test_the_database_refuses_a_pledge_of_zero_even_past_the_service(make_campaign, make_user):
    campaign = make_campaign("live")
    backer = make_user()
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.add(Pledge(campaign_id=campaign.id, backer_id=backer.id, amount_cents=0, method="bank_transfer", status="awaiting_transfer", gateway_key="x"))
            db.session.flush()


@pytest.mark.parametrize("status", ["draft", "submitted", "approved", "rejected"])
def test_only_live_campaigns_accept_pledges(make_campaign, make_user, status):
    campaign = make_campaign(status)
    with pytest.raises(errors.CampaignNotOpen):
        pledges.record_pledge(campaign, make_user(), amount="25", method="bank_transfer")


def test_a_campaign_past_its_deadline_refuses_pledges_before_close_due_ran(make_campaign, make_user):
    campaign = make_campaign("live")
    with pytest.raises(errors.CampaignNotOpen):
        pledges.record_pledge(campaign, make_user(), amount="25", method="bank_transfer", now=dates.as_utc(campaign.deadline_at) + timedelta(seconds=1))


def test_card_pledges_are_refused_when_no_stripe_keys_are_configured(make_campaign, make_user):
    with pytest.raises(CardPaymentsDisabled):
        pledges.record_pledge(make_campaign("live"), make_user(), amount="25", method="card")


def test_a_bank_pledge_gets_a_valid_unique_structured_communication_and_instructions(make_campaign, make_user, outbox):
    campaign = make_campaign("live")
    backer = make_user()
    first = pledges.record_pledge(campaign, backer, amount="25", method="bank_transfer")
    second = pledges.record_pledge(campaign, backer, amount="30", method="bank_transfer")
    assert first.status == "awaiting_transfer"
    assert structured.is_valid(first.structured_reference)
    assert first.structured_reference != second.structured_reference
    mail = outbox(backer.email)[-1]
    assert structured.format_communication(second.structured_reference) in mail.text_body
    assert [t.to_status for t in first.transactions] == ["awaiting_transfer"]


def test_the_structured_communication_is_unique_in_the_database(make_campaign, make_user):
    campaign = make_campaign("live")
    first = pledges.record_pledge(campaign, make_user(), amount="25", method="bank_transfer")
    second = pledges.record_pledge(campaign, make_user(), amount="25", method="bank_transfer")
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            second.structured_reference = first.structured_reference
            db.session.flush()


def test_a_reward_needs_its_minimum_amount(make_user):
    owner = make_user()
    campaign = services.save_campaign(
        None, owner=owner, title="Bankjes", organisation_name=None, summary="", story="x", goal="500",
        deadline=date.today() + timedelta(days=20), funding_model="all_or_nothing",
    )
    tier = rewards.add_reward_tier(campaign, title="Naam op de bank", description="", min_amount="50")
    services.submit_campaign(campaign, owner)
    staff = make_user("staff")
    services.approve_campaign(campaign, staff)
    services.launch_campaign(campaign, owner)
    with pytest.raises(errors.InvalidPledge):
        pledges.record_pledge(campaign, make_user(), amount="20", method="bank_transfer", reward_tier_id=tier.id)
    pledge = pledges.record_pledge(campaign, make_user(), amount="50", method="bank_transfer", reward_tier_id=tier.id)
    assert pledge.reward_tier is tier


def test_totals_distinguish_pledged_collected_failed_and_backers(make_campaign, make_user):
    campaign = make_campaign("live")
    staff, alice, bob = make_user("staff"), make_user(), make_user()
    received = pledges.record_pledge(campaign, alice, amount="100", method="bank_transfer")
    bank_transfers.mark_transfer_received(received, staff)
    pledges.record_pledge(campaign, alice, amount="40", method="bank_transfer")
    withdrawn = pledges.record_pledge(campaign, bob, amount="500", method="bank_transfer")
    pledges.cancel_pledge(withdrawn, bob)
    totals = queries.campaign_totals([campaign.id])[campaign.id]
    assert totals.pledged_cents == 10000
    assert totals.collected_cents == 10000
    assert totals.awaiting_transfer_cents == 4000
    assert totals.failed_cents == 0
    assert totals.backers == 1


def test_totals_of_many_campaigns_take_one_query(app, make_campaign, make_user):
    from sqlalchemy import event

    campaigns = [make_campaign("live") for _ in range(3)]
    for campaign in campaigns:
        pledges.record_pledge(campaign, make_user(), amount="10", method="bank_transfer")
    ids = [c.id for c in campaigns]
    statements = []
    engine = db.engine

    def count(*args):
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        totals = queries.campaign_totals(ids)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert all(totals[c.id].awaiting_transfer_cents == 1000 for c in campaigns)


def test_csv_bank_statement_marks_matching_transfers_and_reports_the_rest(make_campaign, make_user):
    campaign = make_campaign("live")
    staff = make_user("staff")
    good = pledges.record_pledge(campaign, make_user(), amount="25", method="bank_transfer")
    short = pledges.record_pledge(campaign, make_user(), amount="50", method="bank_transfer")
    unknown = structured.format_communication(structured.digits_for(1234567890))
    statement = (
        "Datum;Bedrag;Naam;Mededeling\n"
        f"2026-11-20;25,00;J. Peeters;{structured.format_communication(good.structured_reference)}\n"
        f"2026-11-20;20,00;K. Janssens;{short.structured_reference}\n"
        f"2026-11-21;10,00;X;{unknown}\n"
        "2026-11-21;99,00;Y;voor de moestuin\n"
        f"2026-11-22;25,00;J. Peeters;{structured.format_communication(good.structured_reference)}\n"
    )
    report = bank_transfers.import_bank_statement(statement, staff)
    assert report.received == [good] and good.status == "received"
    assert report.wrong_amount == [(3, short, 2000)] and short.status == "awaiting_transfer"
    assert report.unknown == [(4, unknown)]
    assert report.without_reference == [5]
    assert report.already_received == [good]
    assert good.transactions[-1].actor_id == staff.id


def test_a_statement_without_an_amount_column_is_refused(make_user):
    with pytest.raises(errors.InvalidPledge):
        bank_transfers.import_bank_statement("datum;mededeling\n2026-01-01;+++010/8068/17183+++\n", make_user("staff"))


def test_a_statement_the_sniffer_cannot_read_is_taken_as_semicolons_without_changing_csv_for_everyone(make_user):
    import csv

    with pytest.raises(errors.InvalidPledge):
        bank_transfers.import_bank_statement("datum\n", make_user("staff"))  # one column: nothing to sniff
    assert csv.excel.delimiter == ","


def test_refunding_a_received_transfer_needs_a_reason_and_is_logged(make_campaign, make_user, outbox):
    campaign = make_campaign("live")
    staff = make_user("staff")
    pledge = pledges.record_pledge(campaign, make_user(), amount="25", method="bank_transfer")
    with pytest.raises(NotAllowed):
        refunds.refund_pledge(pledge, staff, "te vroeg")
    bank_transfers.mark_transfer_received(pledge, staff)
    with pytest.raises(errors.InvalidPledge):
        refunds.refund_pledge(pledge, staff, "")
    refunds.refund_pledge(pledge, staff, "Dubbel betaald")
    assert pledge.status == "refunded"
    assert pledge.transactions[-1].amount_cents == -2500 and pledge.transactions[-1].note == "Dubbel betaald"
    assert "Dubbel betaald" in outbox(pledge.backer.email)[-1].text_body


def test_pledge_transactions_are_append_only(make_campaign, make_user):
    pledge = pledges.record_pledge(make_campaign("live"), make_user(), amount="25", method="bank_transfer")
    row = pledge.transactions[0]
    row.note = "rewritten"
    with pytest.raises(RuntimeError):
        with db.session.begin_nested():
            db.session.flush()


# --- Match funding --------------------------------------------------------------------------


def test_a_match_commits_part_of_the_years_budget(make_campaign, make_user, match_fund):
    fund = match_fund("1000")
    campaign = make_campaign("submitted", goal="1000")
    match = matching.attach_match(campaign, percent=50, cap="400", staff=make_user("staff"))
    assert match.amount_cents == 40000
    db.session.refresh(fund)
    assert fund.committed_cents == 40000


def test_the_match_fund_is_never_over_committed(make_campaign, make_user, match_fund):
    fund = match_fund("600")
    staff = make_user("staff")
    matching.attach_match(make_campaign("submitted", goal="1000"), percent=50, cap=None, staff=staff)
    with pytest.raises(matching.BudgetExceeded):
        matching.attach_match(make_campaign("submitted", goal="1000"), percent=25, cap=None, staff=staff)
    db.session.refresh(fund)
    assert fund.committed_cents == 50000


def test_the_database_itself_refuses_over_commitment(match_fund):
    fund = match_fund("100")
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.execute(update(MatchFund).where(MatchFund.id == fund.id).values(committed_cents=10001))
            db.session.flush()


def test_a_stale_read_cannot_over_commit_because_the_check_is_in_the_update(make_campaign, make_user, match_fund):
    """Two staff members read 'enough left' at the same time; the second UPDATE finds no row to change."""
    fund = match_fund("500")
    assert matching._commit_cents(fund.id, 40000) is True
    assert matching._commit_cents(fund.id, 40000) is False
    db.session.refresh(fund)
    assert fund.committed_cents == 40000


def test_a_failed_campaign_gives_its_match_back_to_the_fund(make_campaign, make_user, match_fund):
    fund = match_fund("1000")
    campaign = make_campaign("live", goal="1000")
    matching.attach_match(campaign, percent=50, cap=None, staff=make_user("staff"))
    report = closing.close_due_campaigns(dates.as_utc(campaign.deadline_at) + timedelta(minutes=1))
    assert report.failed == [campaign.id]
    db.session.refresh(fund)
    assert fund.committed_cents == 0 and campaign.match.status == "released"


def test_the_crowd_only_has_to_raise_the_goal_minus_the_match(make_campaign, make_user, match_fund):
    match_fund("1000")
    staff = make_user("staff")
    campaign = make_campaign("live", goal="1000")
    matching.attach_match(campaign, percent=75, cap=None, staff=staff)
    pledge = pledges.record_pledge(campaign, make_user(), amount="250", method="bank_transfer")
    bank_transfers.mark_transfer_received(pledge, staff)
    report = closing.close_due_campaigns(dates.as_utc(campaign.deadline_at) + timedelta(minutes=1))
    assert report.succeeded == [campaign.id]
    assert campaign.match.status == "paid"


def test_a_campaign_one_cent_short_of_the_crowd_target_fails_and_cancels_open_pledges(make_campaign, make_user):
    staff = make_user("staff")
    campaign = make_campaign("live", goal="100")
    received = pledges.record_pledge(campaign, make_user(), amount="99,99", method="bank_transfer")
    bank_transfers.mark_transfer_received(received, staff)
    waiting = pledges.record_pledge(campaign, make_user(), amount="50", method="bank_transfer")
    report = closing.close_due_campaigns(dates.as_utc(campaign.deadline_at) + timedelta(minutes=1))
    assert report.failed == [campaign.id]
    assert waiting.status == "cancelled"
    assert received.status == "received"  # money in the city's account: staff refund it with a reason


def test_closing_twice_closes_once(make_campaign):
    campaign = make_campaign("live")
    later = dates.as_utc(campaign.deadline_at) + timedelta(minutes=1)
    closing.close_due_campaigns(later)
    second = closing.close_due_campaigns(later)
    assert second.failed == [] and second.succeeded == []
    assert [e.to_status for e in campaign.events].count("failed") == 1


def test_a_campaign_is_not_closed_before_its_deadline(make_campaign):
    campaign = make_campaign("live")
    closing.close_due_campaigns(dates.as_utc(campaign.deadline_at) - timedelta(minutes=1))
    assert campaign.status == "live"


def test_cancelling_a_live_campaign_cancels_pledges_and_releases_the_match(make_campaign, make_user, match_fund):
    fund = match_fund("1000")
    staff = make_user("staff")
    campaign = make_campaign("live", goal="1000")
    matching.attach_match(campaign, percent=25, cap=None, staff=staff)
    pledge = pledges.record_pledge(campaign, make_user(), amount="25", method="bank_transfer")
    with pytest.raises(errors.InvalidCampaign):
        services.cancel_campaign(campaign, staff, "")
    services.cancel_campaign(campaign, staff, "De vergunning werd geweigerd.")
    assert campaign.status == "cancelled" and pledge.status == "cancelled"
    db.session.refresh(fund)
    assert fund.committed_cents == 0


def test_volunteers_sign_up_once_and_not_beyond_what_is_needed(make_campaign, make_user):
    campaign = make_campaign("live")
    need = rewards.add_need(campaign, kind="volunteers", title="Timmeren", quantity=2)
    helper = make_user()
    services.sign_up_for_need(need, helper, 1)
    with pytest.raises(errors.InvalidCampaign):
        services.sign_up_for_need(need, helper, 1)
    with pytest.raises(errors.InvalidCampaign):
        services.sign_up_for_need(need, make_user(), 2)
    services.sign_up_for_need(need, make_user(), 1)
    assert need.promised == 2


def test_demo_campaigns_seed_once(app):
    from participation.demo.seed import seed_demo

    from participation.crowdfunding.demo import seed_demo_campaigns

    seed_demo()
    created = seed_demo_campaigns()
    assert [c.status for c in created] == ["live", "succeeded", "submitted"]
    assert seed_demo_campaigns() == []


def test_a_campaign_can_only_link_an_existing_idea(make_user):
    with pytest.raises(errors.InvalidCampaign) as refused:
        services.save_campaign(
            None, owner=make_user(), title="Bankjes", organisation_name=None, summary="", story="x", goal="500",
            deadline=date.today() + timedelta(days=20), funding_model="all_or_nothing", idea_id=999999,
        )
    assert refused.value.field == "idea_id"


@pytest.mark.parametrize("days", [15, 90])
def test_a_campaign_of_15_or_90_days_is_accepted(make_user, days):
    campaign = services.save_campaign(
        None, owner=make_user(), title="Bankjes", organisation_name=None, summary="", story="x", goal="500",
        deadline=date.today() + timedelta(days=days), funding_model="all_or_nothing",
    )
    assert dates.deadline_day(campaign) == date.today() + timedelta(days=days)


def test_a_draft_whose_last_day_came_too_close_must_get_a_new_one_before_review(make_campaign):
    campaign = make_campaign("draft", days=20)
    with pytest.raises(errors.InvalidCampaign) as refused:
        services.submit_campaign(campaign, campaign.owner, today=date.today() + timedelta(days=10))
    assert refused.value.field == "deadline" and campaign.status == "draft"
