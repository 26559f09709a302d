"""`flask crowdfunding close-due`: safe to run every minute."""
from __future__ import annotations

from datetime import timedelta

from participation.core.models import utcnow
from participation.crowdfunding.payments import bank_transfers, pledges
from participation.extensions import db
from tests.crowdfunding.test_stripe_lifecycle import card_pledge, charges_of


def _past_deadline(campaign):
    campaign.deadline_at = utcnow() - timedelta(minutes=5)
    db.session.flush()


def test_close_due_closes_a_funded_campaign_once(app, make_campaign, make_user):
    campaign = make_campaign("live", goal="100")
    pledge = pledges.record_pledge(campaign, make_user(), amount="100", method="bank_transfer")
    bank_transfers.mark_transfer_received(pledge, make_user("staff"))
    _past_deadline(campaign)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["crowdfunding", "close-due"])
    assert first.exit_code == 0, first.output
    assert "succeeded 1, failed 0" in first.output
    second = runner.invoke(args=["crowdfunding", "close-due"])
    assert "succeeded 0, failed 0, charged 0" in second.output
    db.session.refresh(campaign)
    assert campaign.status == "succeeded"


def test_close_due_charges_saved_cards_once(stripe_config, stripe_client, app, make_campaign, make_user):
    campaign = make_campaign("live", goal="100")
    pledge = card_pledge(campaign, make_user(), stripe_client, "100")
    _past_deadline(campaign)
    runner = app.test_cli_runner()
    assert "charged 1" in runner.invoke(args=["crowdfunding", "close-due"]).output
    assert "charged 0" in runner.invoke(args=["crowdfunding", "close-due"]).output
    db.session.refresh(pledge)
    assert pledge.status == "charged"
    assert len(charges_of(stripe_client, pledge)) == 1
