"""Owner updates reach backers and followers once (notifications, kind "campaign"); a campaign made
from an idea moves that idea to 'crowdfunded' and continues its timeline; both pages link each other."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.crowdfunding import closing, dates, news, services
from participation.crowdfunding.payments import bank_transfers, pledges
from participation.extensions import db
from participation.notifications.models import Notification


def told(event_key):
    return set(db.session.scalars(select(Notification.user_id).where(Notification.event_key == event_key)))


def test_an_update_reaches_backers_and_followers_once_but_not_its_author_or_withdrawn_backers(make_campaign, make_user):
    campaign = make_campaign("live")
    owner = campaign.owner
    backer, twice, withdrawn, follower = make_user(), make_user(), make_user(), make_user()
    pledges.record_pledge(campaign, backer, amount="20", method="bank_transfer")
    for _ in range(2):
        pledges.record_pledge(campaign, twice, amount="10", method="bank_transfer")
    gone = pledges.record_pledge(campaign, withdrawn, amount="10", method="bank_transfer")
    pledges.cancel_pledge(gone, withdrawn)
    news.follow_campaign(campaign, follower)
    news.follow_campaign(campaign, owner)

    update = services.post_update(campaign, owner, title="De bakken zijn besteld", body="Levering op zaterdag.")
    key = f"campaign:{campaign.id}:update:{update.id}"
    assert told(key) == {backer.id, twice.id, follower.id}
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.event_key == key)) == 3
    assert news.announce_update(update) == 0  # a second call tells nobody again
    note = db.session.scalar(select(Notification).where(Notification.event_key == key, Notification.user_id == backer.id))
    assert note.kind == "campaign" and note.url.endswith(f"/crowdfunding/{campaign.id}#update-{update.id}")
    assert "De bakken zijn besteld" in note.subject


def test_followers_who_did_not_back_hear_the_outcome(make_campaign, make_user):
    campaign = make_campaign("live", goal="100")
    follower, backer = make_user(), make_user()
    news.follow_campaign(campaign, follower)
    news.follow_campaign(campaign, backer)
    pledge = pledges.record_pledge(campaign, backer, amount="100", method="bank_transfer")
    bank_transfers.mark_transfer_received(pledge, make_user("staff"))
    closing.close_due_campaigns(dates.as_utc(campaign.deadline_at) + timedelta(minutes=1))
    assert told(f"campaign:{campaign.id}:outcome") == {follower.id}  # the backer got a mail about their pledge instead


def test_following_and_unfollowing_from_the_campaign_page(client, login, make_campaign, make_user):
    campaign = make_campaign("live")
    user = make_user()
    login(user)
    assert "Volg deze campagne" in client.get(f"/crowdfunding/{campaign.id}").get_data(as_text=True)
    assert client.post(f"/crowdfunding/{campaign.id}/volgen").status_code == 302
    assert news.is_following(campaign, user)
    assert client.post(f"/crowdfunding/{campaign.id}/volgen").status_code == 302  # twice: still one row
    assert len(news.followers_of(campaign)) == 1
    assert "Niet meer volgen" in client.get(f"/crowdfunding/{campaign.id}").get_data(as_text=True)
    client.post(f"/crowdfunding/{campaign.id}/ontvolgen")
    assert not news.is_following(campaign, user)


def test_an_unpublished_campaign_cannot_be_followed(client, login, make_campaign, make_user):
    campaign = make_campaign("submitted")
    login(make_user())
    assert client.post(f"/crowdfunding/{campaign.id}/volgen").status_code == 404


@pytest.fixture
def idea(make_process, make_user):
    from participation.ideas.services import submit_idea

    return submit_idea(make_process(), make_user(), title="Moestuin op het plein", description="Bakken voor de buurt, voorstel 1.")


def campaign_from(idea, make_user, *, goal="100"):
    from datetime import date

    owner = make_user()
    staff = make_user("staff")
    campaign = services.save_campaign(
        None, owner=owner, title="Moestuinbakken", organisation_name=None, summary="", story="Bakken.", goal=goal,
        deadline=date.today() + timedelta(days=30), funding_model="all_or_nothing", idea_id=idea.id,
    )
    services.submit_campaign(campaign, owner)
    services.approve_campaign(campaign, staff)
    return campaign


def test_a_campaign_from_an_idea_makes_it_crowdfunded_and_links_both_ways(client, idea, make_user):
    from participation.ideas import states as idea_states

    campaign = campaign_from(idea, make_user)
    assert idea.status != idea_states.CROWDFUNDED  # approved is not yet live
    services.launch_campaign(campaign, campaign.owner)
    db.session.refresh(idea)
    assert idea.status == idea_states.CROWDFUNDED
    entry = idea.status_changes[-1]
    assert (entry.to_status, entry.link_url) == (idea_states.CROWDFUNDED, f"/crowdfunding/{campaign.id}")
    assert "Moestuinbakken" in entry.note
    db.session.commit()
    page = client.get(f"/crowdfunding/{campaign.id}").get_data(as_text=True)
    assert f'href="/ideeen/{idea.id}"' in page and "Moestuin op het plein" in page


def test_after_funding_updates_continue_the_ideas_timeline_and_a_failure_sends_it_back_to_review(idea, make_user):
    from participation.ideas import states as idea_states

    campaign = campaign_from(idea, make_user)
    services.launch_campaign(campaign, campaign.owner)
    pledge = pledges.record_pledge(campaign, make_user(), amount="100", method="bank_transfer")
    bank_transfers.mark_transfer_received(pledge, make_user("staff"))
    closing.close_due_campaigns(dates.as_utc(campaign.deadline_at) + timedelta(minutes=1))
    assert campaign.status == "succeeded"
    update = services.post_update(campaign, campaign.owner, title="De bakken staan er", body="Kom kijken!")
    db.session.refresh(idea)
    assert idea.status == idea_states.CROWDFUNDED
    last = idea.status_changes[-1]
    assert "De bakken staan er" in last.note and last.link_url == f"/crowdfunding/{campaign.id}#update-{update.id}"

    other = campaign_from(idea, make_user, goal="5000")
    services.launch_campaign(other, other.owner)
    closing.close_due_campaigns(dates.as_utc(other.deadline_at) + timedelta(minutes=1))
    assert other.status == "failed"
    db.session.refresh(idea)
    assert idea.status == idea_states.UNDER_REVIEW


def test_an_update_title_that_is_too_long_is_said_and_nothing_is_posted(client, login, make_campaign):
    from participation.crowdfunding.models import CampaignUpdate

    campaign = make_campaign("live")
    db.session.commit()
    login(campaign.owner)
    response = client.post(
        f"/crowdfunding/{campaign.id}/updates", data={"update-title": "u" * 161, "update-body": "De bakken staan er."}, follow_redirects=True,
    )
    assert "Titel: Hoogstens 160 tekens; je typte er 161." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(CampaignUpdate.id))) == 0
