"""Backers hear how the campaign ended, once per pledge: charged, counted, still to transfer,
nobody charged, or paid back by the city."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from participation.crowdfunding import closing, dates, errors, outcomes, services
from participation.crowdfunding.models import Campaign, CampaignEvent, PledgeNotice
from participation.crowdfunding.payments import bank_transfers, pledges
from participation.crowdfunding.stripe_gateway import get_gateway
from participation.extensions import db
from tests.crowdfunding.test_stripe_lifecycle import card_pledge, charges_of


def after_deadline(campaign):
    return dates.as_utc(campaign.deadline_at) + timedelta(minutes=1)


def mails_about(outbox, user, campaign):
    return [m for m in outbox(user.email) if campaign.title in m.subject and "How to pay" not in m.subject and "Hoe" not in m.subject]


def test_when_the_goal_is_reached_every_backer_hears_once_what_happened_to_their_pledge(stripe_config, stripe_client, make_campaign, make_user, outbox):
    campaign = make_campaign("live", goal="100", title="Bankjes aan de Leie")
    staff = make_user("staff")
    carla, tom, ann = make_user(language="en"), make_user(language="en"), make_user(language="en")
    card = card_pledge(campaign, carla, stripe_client, "50")
    received = pledges.record_pledge(campaign, tom, amount="50", method="bank_transfer")
    bank_transfers.mark_transfer_received(received, staff)
    waiting = pledges.record_pledge(campaign, ann, amount="20", method="bank_transfer")

    closing.close_due_campaigns(after_deadline(campaign), gateway=get_gateway())
    closing.close_due_campaigns(after_deadline(campaign) + timedelta(minutes=1), gateway=get_gateway())  # a second run

    assert card.status == "charged" and len(charges_of(stripe_client, card)) == 1
    [to_carla] = mails_about(outbox, carla, campaign)
    assert to_carla.subject == "“Bankjes aan de Leie” reached its goal"
    assert "Your card was charged € 50.00, once." in to_carla.text_body
    [to_tom] = mails_about(outbox, tom, campaign)
    assert "Your transfer of € 50.00 is received and counts" in to_tom.text_body
    [to_ann] = mails_about(outbox, ann, campaign)
    assert "We have not received your transfer of € 20.00 yet" in to_ann.text_body
    assert f"/crowdfunding/steun/{waiting.id}" in to_ann.text_body


def test_a_failed_all_or_nothing_campaign_tells_backers_nobody_is_charged_and_who_gets_money_back(stripe_config, stripe_client, make_campaign, make_user, outbox):
    campaign = make_campaign("live", goal="1000", title="Speeltuin")
    staff = make_user("staff")
    carla, tom, ann, walter = (make_user(language="en") for _ in range(4))
    card = card_pledge(campaign, carla, stripe_client, "50")
    paid = pledges.record_pledge(campaign, tom, amount="40", method="bank_transfer")
    bank_transfers.mark_transfer_received(paid, staff)
    pledges.record_pledge(campaign, ann, amount="30", method="bank_transfer")
    withdrawn = pledges.record_pledge(campaign, walter, amount="10", method="bank_transfer")
    pledges.cancel_pledge(withdrawn, walter)

    closing.close_due_campaigns(after_deadline(campaign), gateway=get_gateway())
    closing.close_due_campaigns(after_deadline(campaign) + timedelta(minutes=1), gateway=get_gateway())

    assert campaign.status == "failed" and card.status == "cancelled" and charges_of(stripe_client, card) == []
    [to_carla] = mails_about(outbox, carla, campaign)
    assert to_carla.subject == "“Speeltuin” did not reach its goal"
    assert "Your card was not charged and will not be charged" in to_carla.text_body
    [to_tom] = mails_about(outbox, tom, campaign)
    assert "You already paid € 40.00. The city pays it back to you" in to_tom.text_body
    [to_ann] = mails_about(outbox, ann, campaign)
    assert "You do not need to transfer anything" in to_ann.text_body
    assert mails_about(outbox, walter, campaign) == []  # withdrew before the end: nothing to tell


def test_cancelling_a_live_campaign_mails_its_backers_once(make_campaign, make_user, outbox):
    campaign = make_campaign("live", title="Buurtfeest")
    staff = make_user("staff")
    tom, ann = make_user(language="en"), make_user(language="en")
    paid = pledges.record_pledge(campaign, tom, amount="40", method="bank_transfer")
    bank_transfers.mark_transfer_received(paid, staff)
    pledges.record_pledge(campaign, ann, amount="30", method="bank_transfer")
    services.cancel_campaign(campaign, staff, "Geen vergunning.")
    closing.close_due_campaigns(after_deadline(campaign))
    [to_tom] = mails_about(outbox, tom, campaign)
    assert to_tom.subject == "“Buurtfeest” is cancelled" and "pays it back" in to_tom.text_body
    [to_ann] = mails_about(outbox, ann, campaign)
    assert "You do not need to transfer anything" in to_ann.text_body


def test_backers_are_mailed_in_their_own_language(make_campaign, make_user, outbox):
    campaign = make_campaign("live", goal="100", title="Moestuin")
    staff = make_user("staff")
    nl, fr = make_user(language="nl"), make_user(language="fr")
    for backer in (nl, fr):
        pledge = pledges.record_pledge(campaign, backer, amount="50", method="bank_transfer")
        bank_transfers.mark_transfer_received(pledge, staff)
    closing.close_due_campaigns(after_deadline(campaign))
    assert outbox(nl.email)[-1].subject == "“Moestuin” heeft zijn doel bereikt"
    assert outbox(fr.email)[-1].subject == "« Moestuin » a atteint son objectif"


def test_a_pledge_is_told_about_an_outcome_only_once(make_campaign, make_user, outbox):
    campaign = make_campaign("live", goal="100")
    backer = make_user()
    pledge = pledges.record_pledge(campaign, backer, amount="100", method="bank_transfer")
    bank_transfers.mark_transfer_received(pledge, make_user("staff"))
    services.change_status(campaign, "succeeded", actor=None)
    before = len(outbox(backer.email))
    assert outcomes.tell_backer(pledge, "succeeded") is True
    assert outcomes.tell_backer(pledge, "succeeded") is False
    assert len(outbox(backer.email)) == before + 1
    assert db.session.scalar(select(func.count(PledgeNotice.id)).where(PledgeNotice.pledge_id == pledge.id)) == 1


def test_a_campaign_another_process_already_closed_is_left_alone(make_campaign, make_user, outbox):
    """Two close-due processes read the same live campaign; the other one commits first. The UPDATE of
    this one finds no live campaign any more: no second status change, no second round of mails."""
    campaign = make_campaign("live", goal="100")
    backer = make_user()
    pledge = pledges.record_pledge(campaign, backer, amount="100", method="bank_transfer")
    bank_transfers.mark_transfer_received(pledge, make_user("staff"))
    # The other process, behind this session's back (this session still holds the campaign as live):
    db.session.execute(update(Campaign).where(Campaign.id == campaign.id).values(status="succeeded").execution_options(synchronize_session=False))
    assert campaign.status == "live"
    before = len(outbox(backer.email))
    report = closing.CloseReport()
    closing._close(campaign, report)
    assert report.succeeded == [] and report.failed == []
    assert db.session.scalar(select(func.count(CampaignEvent.id)).where(CampaignEvent.campaign_id == campaign.id, CampaignEvent.to_status == "succeeded")) == 0
    assert len(outbox(backer.email)) == before


def test_a_pledge_another_process_moved_is_not_moved_twice(make_campaign, make_user):
    from participation.crowdfunding.models import Pledge

    campaign = make_campaign("live")
    staff = make_user("staff")
    pledge = pledges.record_pledge(campaign, make_user(), amount="25", method="bank_transfer")
    # The other staff member, behind this session's back:
    db.session.execute(update(Pledge).where(Pledge.id == pledge.id).values(status="received").execution_options(synchronize_session=False))
    assert pledge.status == "awaiting_transfer"
    with pytest.raises(errors.InvalidPledgeTransition):
        bank_transfers.mark_transfer_received(pledge, staff)
    assert [t.to_status for t in pledge.transactions] == ["awaiting_transfer"]


def test_close_due_run_twice_from_the_command_line_mails_each_backer_once(app, make_campaign, make_user, outbox):
    from participation.core.models import utcnow

    campaign = make_campaign("live", goal="100")
    staff = make_user("staff")
    backers = [make_user() for _ in range(3)]
    for backer in backers:
        pledge = pledges.record_pledge(campaign, backer, amount="40", method="bank_transfer")
        bank_transfers.mark_transfer_received(pledge, staff)
    campaign.deadline_at = utcnow() - timedelta(minutes=5)
    db.session.flush()
    runner = app.test_cli_runner()
    assert "succeeded 1" in runner.invoke(args=["crowdfunding", "close-due"]).output
    assert "succeeded 0" in runner.invoke(args=["crowdfunding", "close-due"]).output
    for backer in backers:
        assert len([m for m in outbox(backer.email) if "doel bereikt" in m.subject]) == 1
