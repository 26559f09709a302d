"""Pledging and starting a campaign need a confirmed email address; reading a campaign does not."""
from __future__ import annotations

from sqlalchemy import func, select

from participation.crowdfunding import rewards
from participation.crowdfunding.models import Pledge
from participation.extensions import db


def test_an_unconfirmed_account_reads_a_campaign_but_is_asked_to_confirm_before_pledging(client, make_campaign, make_user, login):
    campaign = make_campaign("live")
    login(make_user(verified=False))
    assert client.get(f"/crowdfunding/{campaign.id}").status_code == 200
    form = client.get(f"/crowdfunding/{campaign.id}/steunen")
    assert form.status_code == 403 and "/account/bevestiging-opnieuw" in form.get_data(as_text=True)
    pledged = client.post(f"/crowdfunding/{campaign.id}/steunen", data={"amount": "25", "method": "bank_transfer", "reward_tier_id": "0"})
    assert pledged.status_code == 403
    assert db.session.scalar(select(func.count(Pledge.id))) == 0
    assert client.get("/crowdfunding/nieuw").status_code == 403


def test_offering_to_help_needs_a_confirmed_address_the_owner_can_write_to(client, make_campaign, make_user, login):
    campaign = make_campaign("live")
    need = rewards.add_need(campaign, kind="volunteers", title="Helpen bouwen", quantity=5)
    db.session.commit()
    login(make_user(verified=False))
    assert client.post(f"/crowdfunding/noden/{need.id}/helpen", data={"quantity": "1"}).status_code == 403
    client.post("/uitloggen")
    login(make_user())
    assert client.post(f"/crowdfunding/noden/{need.id}/helpen", data={"quantity": "1"}).status_code == 302
