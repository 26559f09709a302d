"""Rewards and needs: free to change while drafting; once approved or live, only what cannot hurt
backers and volunteers."""
from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from participation.core.errors import NotAllowed
from participation.crowdfunding import errors, rewards, services
from participation.crowdfunding.models import Need, RewardTier
from participation.crowdfunding.payments import pledges
from participation.extensions import db


def english(error) -> str:
    with force_locale("en"):
        return str(error)


def test_a_draft_reward_and_need_can_be_changed_and_removed_freely(make_campaign):
    campaign = make_campaign("draft")
    tier = rewards.add_reward_tier(campaign, title="Zaden", description="", min_amount="10")
    rewards.update_reward_tier(tier, title="Zakje zaden", description="Uit onze tuin", min_amount="25")
    assert (tier.title, tier.description, tier.min_amount_cents) == ("Zakje zaden", "Uit onze tuin", 2500)
    need = rewards.add_need(campaign, kind="volunteers", title="Timmeren", quantity=5)
    rewards.update_need(need, kind="materials", title="Planken", quantity=2)
    assert (need.kind, need.title, need.quantity) == ("materials", "Planken", 2)
    rewards.remove_reward_tier(tier)
    rewards.remove_need(need)
    assert campaign.reward_tiers == [] and campaign.needs == []


def test_a_live_campaign_can_get_new_rewards_and_clearer_ones(make_campaign, make_user):
    campaign = make_campaign("live")
    tier = rewards.add_reward_tier(campaign, title="Naam op de bank", description="", min_amount="50")
    pledges.record_pledge(campaign, make_user(), amount="60", method="bank_transfer", reward_tier_id=tier.id)
    rewards.update_reward_tier(tier, title="Je naam op de bank", description="Gegraveerd in eik", min_amount="40")
    assert (tier.title, tier.min_amount_cents) == ("Je naam op de bank", 4000)  # clearer and cheaper: fine


def test_a_reward_somebody_chose_cannot_be_removed_or_made_more_expensive(make_campaign, make_user):
    campaign = make_campaign("live")
    tier = rewards.add_reward_tier(campaign, title="Naam op de bank", description="", min_amount="50")
    pledges.record_pledge(campaign, make_user(), amount="50", method="bank_transfer", reward_tier_id=tier.id)
    with pytest.raises(NotAllowed) as refused:
        rewards.remove_reward_tier(tier)
    assert english(refused.value).startswith("Backers chose this reward, so it cannot be removed.")
    with pytest.raises(errors.InvalidCampaign) as refused:
        rewards.update_reward_tier(tier, title="Naam op de bank", description="", min_amount="75")
    assert refused.value.field == "min_amount"
    db.session.refresh(tier)
    assert tier.min_amount_cents == 5000 and db.session.get(RewardTier, tier.id) is not None


def test_a_reward_only_chosen_by_withdrawn_pledges_can_go(make_campaign, make_user):
    campaign = make_campaign("live")
    tier = rewards.add_reward_tier(campaign, title="Naam op de bank", description="", min_amount="50")
    backer = make_user()
    pledge = pledges.record_pledge(campaign, backer, amount="50", method="bank_transfer", reward_tier_id=tier.id)
    pledges.cancel_pledge(pledge, backer)
    rewards.remove_reward_tier(tier)
    db.session.refresh(pledge)
    assert pledge.reward_tier_id is None and campaign.reward_tiers == []


def test_a_need_cannot_drop_below_what_volunteers_promised_or_disappear(make_campaign, make_user):
    campaign = make_campaign("live")
    need = rewards.add_need(campaign, kind="volunteers", title="Timmeren", quantity=5)
    services.sign_up_for_need(need, make_user(), 3)
    with pytest.raises(errors.InvalidCampaign) as refused:
        rewards.update_need(need, kind="volunteers", title="Timmeren", quantity=2)
    assert english(refused.value) == "3 are already promised: you cannot need fewer than that."
    with pytest.raises(NotAllowed):
        rewards.remove_need(need)
    rewards.update_need(need, kind="volunteers", title="Timmeren op zaterdag", quantity=3)
    assert (need.title, need.quantity) == ("Timmeren op zaterdag", 3)
    rewards.update_need(need, kind="volunteers", title="Timmeren op zaterdag", quantity=8)
    assert need.quantity == 8


def test_an_unused_need_can_be_removed_from_a_live_campaign(make_campaign):
    campaign = make_campaign("live")
    need = rewards.add_need(campaign, kind="materials", title="Planken", quantity=5)
    rewards.remove_need(need)
    assert db.session.get(Need, need.id) is None


@pytest.mark.parametrize("status,message", [("submitted", "reviewing"), ("rejected", "ended")])
def test_rewards_and_needs_are_frozen_while_vetted_and_after_the_end(make_campaign, status, message):
    campaign = make_campaign(status)
    with pytest.raises(NotAllowed) as refused:
        rewards.add_reward_tier(campaign, title="Zaden", description="", min_amount="10")
    assert message in english(refused.value)
    with pytest.raises(NotAllowed):
        rewards.add_need(campaign, kind="volunteers", title="Timmeren", quantity=1)


def test_a_finished_campaign_keeps_its_rewards(make_campaign, make_user):
    campaign = make_campaign("live", goal="100")
    tier = rewards.add_reward_tier(campaign, title="Zaden", description="", min_amount="10")
    services.cancel_campaign(campaign, make_user("staff"), "Geen vergunning.")
    with pytest.raises(NotAllowed):
        rewards.update_reward_tier(tier, title="Zaden", description="", min_amount="5")
    with pytest.raises(NotAllowed):
        rewards.remove_reward_tier(tier)


# --- Through the pages ------------------------------------------------------------------------


def test_the_owner_changes_a_reward_on_the_edit_page(client, login, make_campaign):
    campaign = make_campaign("draft")
    tier = rewards.add_reward_tier(campaign, title="Zaden", description="", min_amount="10")
    login(campaign.owner)
    page = client.get(f"/crowdfunding/{campaign.id}/bewerken").get_data(as_text=True)
    assert f'id="tier{tier.id}-title"' in page
    response = client.post(f"/crowdfunding/{campaign.id}/beloningen/{tier.id}", data={
        f"tier{tier.id}-title": "Zakje zaden", f"tier{tier.id}-description": "", f"tier{tier.id}-min_amount": "12,50",
    })
    assert response.status_code == 302
    db.session.refresh(tier)
    assert (tier.title, tier.min_amount_cents) == ("Zakje zaden", 1250)


@pytest.mark.parametrize("path", ["beloningen/{tier}", "beloningen/{tier}/verwijderen", "noden/{need}", "noden/{need}/verwijderen", "beloningen", "noden"])
def test_only_the_owner_changes_rewards_and_needs(client, login, make_campaign, make_user, path):
    campaign = make_campaign("live")
    tier = rewards.add_reward_tier(campaign, title="Zaden", description="", min_amount="10")
    need = rewards.add_need(campaign, kind="volunteers", title="Timmeren", quantity=2)
    login(make_user())
    assert client.post(f"/crowdfunding/{campaign.id}/" + path.format(tier=tier.id, need=need.id)).status_code == 403
    assert db.session.get(RewardTier, tier.id) is not None and db.session.get(Need, need.id) is not None


def test_a_refused_change_is_shown_next_to_the_field_with_what_was_typed(client, login, make_campaign, make_user):
    campaign = make_campaign("live")
    tier = rewards.add_reward_tier(campaign, title="Naam op de bank", description="", min_amount="50")
    pledges.record_pledge(campaign, make_user(), amount="50", method="bank_transfer", reward_tier_id=tier.id)
    owner = campaign.owner
    owner.language = "en"
    db.session.commit()
    login(owner)
    response = client.post(f"/crowdfunding/{campaign.id}/beloningen/{tier.id}", data={
        f"tier{tier.id}-title": "Naam op de bank, groot", f"tier{tier.id}-description": "", f"tier{tier.id}-min_amount": "80",
    })
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "you cannot ask more for it now" in page
    assert 'value="Naam op de bank, groot"' in page and 'value="80"' in page
    db.session.refresh(tier)
    assert (tier.title, tier.min_amount_cents) == ("Naam op de bank", 5000)
    response = client.post(f"/crowdfunding/{campaign.id}/beloningen/{tier.id}/verwijderen", follow_redirects=True)
    assert "cannot be removed" in response.get_data(as_text=True)
    assert db.session.scalar(select(RewardTier.id).where(RewardTier.id == tier.id)) == tier.id


def test_the_owner_asks_for_more_volunteers_on_a_live_campaign(client, login, make_campaign):
    campaign = make_campaign("live")
    need = rewards.add_need(campaign, kind="volunteers", title="Timmeren", quantity=2)
    login(campaign.owner)
    response = client.post(f"/crowdfunding/{campaign.id}/noden/{need.id}", data={
        f"need{need.id}-kind": "volunteers", f"need{need.id}-title": "Timmeren", f"need{need.id}-quantity": "6",
    })
    assert response.status_code == 302
    db.session.refresh(need)
    assert need.quantity == 6
    assert client.post(f"/crowdfunding/{campaign.id}/noden/{need.id}/verwijderen").status_code == 302
    assert db.session.get(Need, need.id) is None


def test_pages_listing_needs_do_not_query_once_per_need(client, login, make_campaign, make_user):
    from sqlalchemy import event

    def statements_for(url):
        seen = []

        def count(conn, cursor, statement, *args):
            if statement.lstrip().upper().startswith("SELECT"):
                seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(seen)

    owner = make_user()
    # Two different campaigns: posting the same text twice is refused as a repeated post.
    few = make_campaign("live", owner=owner, title="Moestuin op het plein")
    many = make_campaign("live", owner=owner, title="Speelbos aan de Schelde")
    rewards.add_need(few, kind="volunteers", title="Timmeren", quantity=5)
    for number in range(6):
        need = rewards.add_need(many, kind="volunteers", title=f"Taak {number}", quantity=5)
        services.sign_up_for_need(need, make_user(), 1)
    login(owner)
    db.session.commit()
    for path in ("/crowdfunding/{id}", "/crowdfunding/{id}/bewerken"):
        assert statements_for(path.format(id=many.id)) <= statements_for(path.format(id=few.id)) + 1
