"""Crowdfunding wired into moderation: hidden campaigns and updates leave the public pages, Report links,
and campaign and update posting go through the anti-abuse rules."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from participation.crowdfunding import services as cf
from participation.crowdfunding.errors import InvalidCampaign
from participation.extensions import db
from participation.moderation import services


@pytest.fixture
def make_live_campaign(make_user):
    def make(owner=None, *, title: str = "Een buurtmoestuin in Ledeberg", story: str = "We bouwen **moestuinbakken**."):
        owner = owner or make_user()
        campaign = cf.save_campaign(
            None, owner=owner, title=title, organisation_name=None, summary="Samen tuinieren.", story=story,
            goal="1000", deadline=date.today() + timedelta(days=30), funding_model="all_or_nothing",
        )
        staff = make_user("staff")
        cf.submit_campaign(campaign, owner)
        cf.approve_campaign(campaign, staff)
        cf.launch_campaign(campaign, owner)
        db.session.commit()
        return campaign

    return make


@contextmanager
def count_queries():
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(" ", 1)[0].upper() in {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"} \
                and "outbox_messages" not in statement:  # mail queued by earlier steps is delivered after a request
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _hide_by_reports(campaign, make_user) -> None:
    for _ in range(3):
        services.report(make_user(), "campaign", campaign, reason="spam")
    db.session.commit()


def test_a_hidden_campaign_is_gone_for_the_public_and_explained_to_its_owner_until_restored(client, login, make_user, make_live_campaign):
    campaign = make_live_campaign()
    other = make_live_campaign(title="Bankjes voor de Kouter")
    moderator = make_user("moderator")
    assert "Een buurtmoestuin in Ledeberg" in client.get("/crowdfunding").get_data(as_text=True)
    _hide_by_reports(campaign, make_user)

    listing = client.get("/crowdfunding").get_data(as_text=True)
    assert "Een buurtmoestuin in Ledeberg" not in listing and "Bankjes voor de Kouter" in listing
    assert client.get(f"/crowdfunding/{campaign.id}").status_code == 404
    login(make_user())
    assert client.get(f"/crowdfunding/{campaign.id}").status_code == 404
    assert client.get(f"/crowdfunding/{campaign.id}/steunen").status_code == 404  # nobody can back it either
    client.post("/uitloggen")

    login(campaign.owner)
    page = client.get(f"/crowdfunding/{campaign.id}")
    assert page.status_code == 200
    assert "Meerdere mensen hebben dit gemeld" in page.get_data(as_text=True)
    client.post("/uitloggen")

    item = services.item_for("campaign", campaign.id)
    services.decide(moderator, item, "reject", reason="Reclame voor een bedrijf.")
    db.session.commit()
    login(campaign.owner)
    page = client.get(f"/crowdfunding/{campaign.id}").get_data(as_text=True)
    assert "Reclame voor een bedrijf." in page and "/bezwaar" in page  # the reason, and a way to appeal
    client.post("/uitloggen")

    login(moderator)
    assert client.get(f"/crowdfunding/{campaign.id}").status_code == 200  # moderators see it in context
    client.post("/uitloggen")

    db.session.refresh(item)
    services.decide(make_user("moderator"), item, "restore", reason="Toch een buurtproject.")
    db.session.commit()
    assert client.get(f"/crowdfunding/{campaign.id}").status_code == 200
    assert "Een buurtmoestuin in Ledeberg" in client.get("/crowdfunding").get_data(as_text=True)
    assert other.id != campaign.id


def test_the_campaign_list_filters_hidden_campaigns_in_its_own_query(client, make_user, make_live_campaign):
    campaigns = [make_live_campaign(title=f"Campagne {n}") for n in range(2)]
    with count_queries() as few:
        client.get("/crowdfunding")
    campaigns += [make_live_campaign(title=f"Campagne {n}") for n in range(2, 6)]
    _hide_by_reports(campaigns[0], make_user)
    _hide_by_reports(campaigns[3], make_user)
    with count_queries() as many:
        page = client.get("/crowdfunding").get_data(as_text=True)
    assert "Campagne 0" not in page and "Campagne 3" not in page and "Campagne 5" in page
    assert len(many) == len(few)


def test_a_hidden_update_is_left_out_for_the_public_and_shown_to_the_owner_with_a_note(client, login, make_user, make_live_campaign):
    campaign = make_live_campaign()
    update = cf.post_update(campaign, campaign.owner, title="Bel me op 0470 00 00 00", body="Voor vragen.")
    cf.post_update(campaign, campaign.owner, title="De bakken staan er", body="Dank aan iedereen.")
    services.decide(make_user("moderator"), services.item_for("campaign_update", update.id), "hide", reason="Persoonsgegevens.")
    db.session.commit()
    public = client.get(f"/crowdfunding/{campaign.id}").get_data(as_text=True)
    assert "De bakken staan er" in public and "0470 00 00 00" not in public
    login(campaign.owner)
    own = client.get(f"/crowdfunding/{campaign.id}").get_data(as_text=True)
    assert "0470 00 00 00" in own and "Alleen de auteur en de moderatoren" in own


def test_campaigns_updates_and_the_organisers_profile_have_report_links_for_others(client, login, make_user, make_live_campaign):
    campaign = make_live_campaign()
    update = cf.post_update(campaign, campaign.owner, title="Nieuws", body="De eerste bak staat er.")
    db.session.commit()
    login(make_user())
    page = client.get(f"/crowdfunding/{campaign.id}").get_data(as_text=True)
    for url in (f"/melden/campaign/{campaign.id}", f"/melden/campaign_update/{update.id}", f"/melden/profile/{campaign.owner_id}"):
        assert url in page
    response = client.post(f"/melden/campaign_update/{update.id}", data={"reason": "off_topic"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/crowdfunding/{campaign.id}")
    assert services.item_for("campaign_update", update.id).report_count == 1
    client.post("/uitloggen")
    login(campaign.owner)
    assert "/melden/" not in client.get(f"/crowdfunding/{campaign.id}").get_data(as_text=True)


def test_a_draft_campaign_cannot_be_reported_or_read_through_the_report_form(client, login, make_user):
    owner = make_user()
    draft = cf.save_campaign(
        None, owner=owner, title="Geheim ontwerp", organisation_name=None, summary="Nog niet klaar.", story="Tekst",
        goal="1000", deadline=date.today() + timedelta(days=30), funding_model="all_or_nothing",
    )
    db.session.commit()
    login(make_user())
    assert client.get(f"/melden/campaign/{draft.id}").status_code == 404


def test_posting_the_same_update_twice_is_refused(client, login, make_live_campaign):
    campaign = make_live_campaign()
    login(campaign.owner)
    data = {"update-title": "De bakken staan er", "update-body": "Dank aan iedereen."}
    client.post(f"/crowdfunding/{campaign.id}/updates", data=data)
    response = client.post(f"/crowdfunding/{campaign.id}/updates", data={**data, "update-title": "de bakken staan er!"}, follow_redirects=True)
    assert "daarnet al" in response.get_data(as_text=True)
    assert len(campaign.updates) == 1


def test_an_update_with_a_listed_word_waits_for_a_moderator(client, login, make_user, make_live_campaign, word_list):
    campaign = make_live_campaign()
    login(campaign.owner)
    response = client.post(f"/crowdfunding/{campaign.id}/updates",
                           data={"update-title": "Die sukkels van de stad", "update-body": "Geen vergunning."}, follow_redirects=True)
    assert "Een moderator bekijkt het" in response.get_data(as_text=True)
    update = campaign.updates[0]
    assert services.item_for("campaign_update", update.id).state == "pending"
    client.post("/uitloggen")
    assert "Die sukkels" not in client.get(f"/crowdfunding/{campaign.id}").get_data(as_text=True)
    services.decide(make_user("moderator"), services.item_for("campaign_update", update.id), "approve", reason="Stevig maar ok.")
    db.session.commit()
    assert "Die sukkels" in client.get(f"/crowdfunding/{campaign.id}").get_data(as_text=True)


def test_a_held_update_reaches_the_backers_only_once_a_moderator_approves_it(make_user, make_live_campaign, word_list):
    from participation.crowdfunding.payments import pledges
    from participation.notifications.models import Notification

    campaign = make_live_campaign()
    backer = make_user()
    pledges.record_pledge(campaign, backer, amount="20", method="bank_transfer")
    db.session.commit()

    def told() -> int:
        return db.session.query(Notification).filter_by(user_id=backer.id, kind="campaign").count()

    update = cf.post_update(campaign, campaign.owner, title="Die sukkels van de stad", body="Geen vergunning.")
    db.session.commit()
    assert services.item_for("campaign_update", update.id).state == "pending"
    assert told() == 0

    moderator = make_user("moderator")
    services.decide(moderator, services.item_for("campaign_update", update.id), "approve", reason="Stevig maar ok.")
    db.session.commit()
    assert told() == 1

    services.decide(moderator, services.item_for("campaign_update", update.id), "hide", reason="Toch te grof.")
    services.decide(moderator, services.item_for("campaign_update", update.id), "restore", reason="Na beroep.")
    db.session.commit()
    assert told() == 1  # told once, however often the update comes back


def test_a_new_accounts_campaign_with_a_link_stays_hidden_after_launch_until_approved(client, make_user, make_live_campaign):
    campaign = make_live_campaign(story="Koop onze planten op www.goedkope-planten.xyz")
    item = services.item_for("campaign", campaign.id)
    assert item.state == "pending" and campaign.status == "live"
    assert client.get(f"/crowdfunding/{campaign.id}").status_code == 404
    services.decide(make_user("moderator"), item, "approve", reason="Een echte kwekerij uit de buurt.")
    db.session.commit()
    assert client.get(f"/crowdfunding/{campaign.id}").status_code == 200


def test_starting_the_same_campaign_twice_is_refused(make_user):
    owner = make_user()
    fields = dict(owner=owner, organisation_name=None, summary="Samen tuinieren.", story="Bakken", goal="1000",
                  deadline=date.today() + timedelta(days=30), funding_model="all_or_nothing")
    cf.save_campaign(None, title="Moestuin", **fields)
    with pytest.raises(InvalidCampaign) as refused:
        cf.save_campaign(None, title="MOESTUIN!", **fields)
    assert refused.value.field == "title"


def test_campaign_and_update_posting_share_the_posting_rate_limit(client, login, make_live_campaign, limits):
    campaign = make_live_campaign()
    limits(POSTING_RATE_LIMIT="2 per minute")  # read on every request
    login(campaign.owner)
    first = client.post(f"/crowdfunding/{campaign.id}/updates", data={"update-title": "Eerste nieuws"})
    incomplete = client.post("/crowdfunding/nieuw", data={"title": "Tweede campagne"})  # refused: counts nothing
    second = client.post(f"/crowdfunding/{campaign.id}/updates", data={"update-title": "Tweede nieuws"})
    third = client.post(f"/crowdfunding/{campaign.id}/updates", data={"update-title": "Derde nieuws"})
    assert [first.status_code, incomplete.status_code, second.status_code] == [302, 422, 302]
    # The update form flashes and redirects back to the campaign; the update is not posted.
    assert third.status_code == 302 and int(third.headers["Retry-After"]) > 0
    assert "Derde nieuws" not in [update.title for update in campaign.updates]


def test_new_campaigns_stay_out_of_the_queue_because_the_city_vets_them_but_held_ones_do_not(make_user, make_live_campaign):
    vetted = make_live_campaign()
    held = make_live_campaign(title="Planten", story="Koop op www.goedkope-planten.xyz")
    assert not services.item_for("campaign", vetted.id).needs_review
    assert services.item_for("campaign", held.id).needs_review
    services.report(make_user(), "campaign", vetted, reason="spam")
    assert services.item_for("campaign", vetted.id).needs_review
