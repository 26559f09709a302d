"""Campaigns and campaign updates can be reported and hidden like every other contribution."""
from __future__ import annotations

from datetime import timedelta

from participation.core.models import utcnow
from participation.crowdfunding.models import Campaign, CampaignUpdate
from participation.extensions import db
from participation.moderation import services


def _live_campaign(owner):
    campaign = Campaign(owner_id=owner.id, title="Een buurtmoestuin in Ledeberg", summary="Samen tuinieren.",
                        goal_cents=500_000, deadline_at=utcnow() + timedelta(days=30), status="live")
    db.session.add(campaign)
    db.session.flush()
    return campaign


def test_reports_hide_a_live_campaign_pending_review(make_user, moderator, client):
    campaign = _live_campaign(make_user())
    for _ in range(3):
        services.report(make_user(), "campaign", campaign, reason="spam")
    assert services.hidden_object_ids("campaign", [campaign.id]) == {campaign.id}
    services.decide(moderator, services.item_for("campaign", campaign.id), "restore", reason="Echte campagne.")
    assert services.hidden_object_ids("campaign", [campaign.id]) == set()


def test_a_campaign_update_can_be_reported_and_hidden(make_user, moderator, outbox):
    owner = make_user()
    campaign = _live_campaign(owner)
    update = CampaignUpdate(campaign_id=campaign.id, author_id=owner.id, title="Nieuws", body_html="<p>Bel 0470 00 00 00</p>")
    db.session.add(update)
    db.session.flush()
    services.report(make_user(), "campaign_update", update, reason="personal_data")
    item = services.item_for("campaign_update", update.id)
    assert item.author_id == owner.id
    services.decide(moderator, item, "hide", reason="Persoonsgegevens.")
    assert not services.is_public("campaign_update", update.id)
    assert outbox(owner.email)[-1].kind == "moderation_decision"
