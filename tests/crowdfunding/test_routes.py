"""Pages and forms: permissions over every protected URL, bad input, and the no-Stripe demo mode."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from participation.crowdfunding import dates, rewards, structured
from participation.crowdfunding.models import Campaign, Pledge
from participation.crowdfunding.payments import bank_transfers, pledges
from participation.extensions import db


@pytest.fixture
def world(make_campaign, make_user):
    owner = make_user()
    live = make_campaign("live", owner=owner, title="Moestuin op het plein")
    draft = make_campaign("draft", owner=owner, title="Geheim ontwerp")
    submitted = make_campaign("submitted", owner=owner, title="Bankjes in de wachtrij")
    backer = make_user()
    pledge = pledges.record_pledge(live, backer, amount="25", method="bank_transfer")
    return {"owner": owner, "live": live, "draft": draft, "submitted": submitted, "backer": backer, "pledge": pledge}


STAFF_ONLY = [
    ("get", "/beheer/crowdfunding"),
    ("get", "/beheer/crowdfunding/{submitted}"),
    ("post", "/beheer/crowdfunding/{submitted}/approve"),
    ("post", "/beheer/crowdfunding/{submitted}/reject"),
    ("post", "/beheer/crowdfunding/{submitted}/changes"),
    ("post", "/beheer/crowdfunding/{live}/cancel"),
    ("post", "/beheer/crowdfunding/{submitted}/match"),
    ("post", "/beheer/crowdfunding/fondsen"),
    ("post", "/beheer/crowdfunding/steun/{pledge}/ontvangen"),
    ("post", "/beheer/crowdfunding/steun/{pledge}/terugbetalen"),
    ("post", "/beheer/crowdfunding/overschrijvingen"),
]
OWNER_ONLY = [
    ("get", "/crowdfunding/{draft}/bewerken"),
    ("post", "/crowdfunding/{draft}/bewerken"),
    ("post", "/crowdfunding/{draft}/beloningen"),
    ("post", "/crowdfunding/{draft}/noden"),
    ("post", "/crowdfunding/{draft}/indienen"),
]
BACKER_ONLY = [
    ("get", "/crowdfunding/steun/{pledge}"),
    ("post", "/crowdfunding/steun/{pledge}/intrekken"),
    ("post", "/crowdfunding/steun/{pledge}/kaart"),
]


def _url(template, world):
    return template.format(**{key: getattr(value, "id", None) for key, value in world.items()})


@pytest.mark.parametrize("method,template", STAFF_ONLY + OWNER_ONLY + BACKER_ONLY + [("get", "/crowdfunding/nieuw"), ("get", "/crowdfunding/{live}/steunen")])
def test_anonymous_visitors_are_sent_to_the_login_page(client, world, method, template):
    response = getattr(client, method)(_url(template, world))
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


@pytest.mark.parametrize("method,template", STAFF_ONLY)
@pytest.mark.parametrize("role", ["citizen", "moderator"])
def test_staff_pages_are_forbidden_to_citizens_and_moderators(client, login, make_user, world, method, template, role):
    login(make_user(role))
    assert getattr(client, method)(_url(template, world)).status_code == 403


@pytest.mark.parametrize("method,template", OWNER_ONLY)
def test_owner_pages_are_closed_to_other_citizens(client, login, make_user, world, method, template):
    login(make_user())
    assert getattr(client, method)(_url(template, world)).status_code in (403, 404)


@pytest.mark.parametrize("method,template", BACKER_ONLY)
def test_a_pledge_is_private_to_its_backer(client, login, make_user, world, method, template):
    login(make_user())
    assert getattr(client, method)(_url(template, world)).status_code == 404


@pytest.mark.parametrize("name", ["draft", "submitted"])
def test_unpublished_campaigns_do_not_exist_for_the_public(client, world, name):
    assert client.get(f"/crowdfunding/{world[name].id}").status_code == 404


def test_the_owner_previews_an_unpublished_campaign(client, login, world):
    login(world["owner"])
    assert client.get(f"/crowdfunding/{world['draft'].id}").status_code == 200


def test_the_campaign_page_shows_progress_backers_and_anonymity(client, login, make_user, world):
    live = world["live"]
    hidden = make_user(name="Geheime Gever")
    pledges.record_pledge(live, hidden, amount="40", method="bank_transfer", is_anonymous=True)
    page = client.get(f"/crowdfunding/{live.id}").get_data(as_text=True)
    assert live.title in page
    assert world["backer"].display_name in page
    assert "Geheime Gever" not in page
    assert "cf-bar" in page
    index = client.get("/crowdfunding").get_data(as_text=True)
    assert live.title in index and world["draft"].title not in index


def test_a_backer_whose_profile_moderation_hid_is_not_named_on_the_campaign_page(client, make_user, world):
    from participation.moderation import services as moderation

    live = world["live"]
    troll = make_user(name="Luide Trol")
    pledges.record_pledge(live, troll, amount="15", method="bank_transfer")
    db.session.commit()
    assert "Luide Trol" in client.get(f"/crowdfunding/{live.id}").get_data(as_text=True)

    moderation.decide(make_user("moderator"), moderation.ensure_item("profile", troll), "hide", reason="Scheldnaam")
    db.session.commit()

    page = client.get(f"/crowdfunding/{live.id}").get_data(as_text=True)
    assert "Luide Trol" not in page
    assert "Verborgen profiel" in page
    assert world["backer"].display_name in page


def test_a_citizen_creates_a_campaign_draft(client, login, make_user):
    login(make_user())
    response = client.post("/crowdfunding/nieuw", data={
        "title": "Bankjes langs de Leie", "goal": "4.500,00", "deadline": (date.today() + timedelta(days=30)).isoformat(),
        "funding_model": "all_or_nothing", "story": "Vijf bankjes.", "summary": "Zitten aan het water",
    })
    assert response.status_code == 302
    campaign = db.session.scalar(select(Campaign).where(Campaign.title == "Bankjes langs de Leie"))
    assert campaign.status == "draft" and campaign.goal_cents == 450000


@pytest.mark.parametrize("goal", ["", "nul", "-10", "0"])
def test_a_campaign_with_a_bad_goal_is_shown_again_with_the_problem(client, login, make_user, goal):
    login(make_user())
    response = client.post("/crowdfunding/nieuw", data={
        "title": "Bankjes", "goal": goal, "deadline": (date.today() + timedelta(days=30)).isoformat(), "funding_model": "all_or_nothing",
    })
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_the_pledge_form_disables_cards_and_explains_why_without_stripe_keys(client, login, make_user, world):
    login(make_user())
    page = client.get(f"/crowdfunding/{world['live'].id}/steunen").get_data(as_text=True)
    assert 'id="card-disabled"' in page
    assert 'value="card" disabled' in page or ('value="card"' in page and "disabled" in page)


def test_a_bank_pledge_through_the_form_shows_the_structured_communication(client, login, make_user, world):
    backer = make_user()
    login(backer)
    response = client.post(f"/crowdfunding/{world['live'].id}/steunen", data={"amount": "12,50", "method": "bank_transfer", "reward_tier_id": "0"})
    assert response.status_code == 302
    pledge = db.session.scalar(select(Pledge).where(Pledge.backer_id == backer.id))
    assert pledge.amount_cents == 1250
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert structured.format_communication(pledge.structured_reference) in page


@pytest.mark.parametrize("amount", ["0", "-5", "vijf", "", "10000,01", "1e5"])
def test_bad_pledge_amounts_are_refused_on_the_form(client, login, make_user, world, amount):
    backer = make_user()
    login(backer)
    response = client.post(f"/crowdfunding/{world['live'].id}/steunen", data={"amount": amount, "method": "bank_transfer", "reward_tier_id": "0"})
    assert response.status_code == 422
    assert db.session.scalar(select(Pledge).where(Pledge.backer_id == backer.id)) is None


def test_a_card_pledge_is_refused_on_the_form_without_stripe_keys(client, login, make_user, world):
    backer = make_user()
    login(backer)
    response = client.post(f"/crowdfunding/{world['live'].id}/steunen", data={"amount": "20", "method": "card", "reward_tier_id": "0"})
    assert response.status_code == 422
    assert db.session.scalar(select(Pledge).where(Pledge.backer_id == backer.id)) is None


def test_pledging_on_a_closed_campaign_is_refused(client, login, make_user, make_campaign):
    campaign = make_campaign("submitted")
    login(make_user("staff"))
    response = client.post(f"/crowdfunding/{campaign.id}/steunen", data={"amount": "20", "method": "bank_transfer", "reward_tier_id": "0"})
    assert response.status_code == 422


def test_staff_reject_with_a_reason_and_the_owner_is_mailed(client, login, make_user, world, outbox):
    login(make_user("staff"))
    campaign = world["submitted"]
    assert client.post(f"/beheer/crowdfunding/{campaign.id}/reject", data={"reason": ""}).status_code == 422
    assert campaign.status == "submitted"
    response = client.post(f"/beheer/crowdfunding/{campaign.id}/reject", data={"reason": "Geen buurtproject."})
    assert response.status_code == 302
    db.session.refresh(campaign)
    assert campaign.status == "rejected"
    assert "Geen buurtproject." in outbox(world["owner"].email)[-1].text_body


def test_staff_vetting_queue_lists_submitted_campaigns(client, login, make_user, world):
    login(make_user("staff"))
    page = client.get("/beheer/crowdfunding").get_data(as_text=True)
    assert world["submitted"].title in page


def test_staff_mark_a_transfer_received_and_refund_it(client, login, make_user, world):
    login(make_user("staff"))
    pledge = world["pledge"]
    assert client.post(f"/beheer/crowdfunding/steun/{pledge.id}/ontvangen").status_code == 302
    db.session.refresh(pledge)
    assert pledge.status == "received"
    client.post(f"/beheer/crowdfunding/steun/{pledge.id}/terugbetalen", data={"refund-reason": ""})
    db.session.refresh(pledge)
    assert pledge.status == "received"
    client.post(f"/beheer/crowdfunding/steun/{pledge.id}/terugbetalen", data={"refund-reason": "Project stopgezet"})
    db.session.refresh(pledge)
    assert pledge.status == "refunded"


def test_staff_upload_a_bank_statement(client, login, make_user, world):
    login(make_user("staff"))
    pledge = world["pledge"]
    csv_text = f"datum;bedrag;mededeling\n2026-11-20;25,00;{structured.format_communication(pledge.structured_reference)}\n"
    response = client.post(
        "/beheer/crowdfunding/overschrijvingen",
        data={"statement-statement": (io.BytesIO(csv_text.encode()), "afschrift.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    db.session.refresh(pledge)
    assert pledge.status == "received"


def _upload_statement(client, content: bytes):
    return client.post(
        "/beheer/crowdfunding/overschrijvingen",
        data={"statement-statement": (io.BytesIO(content), "afschrift.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_a_statement_with_a_line_the_csv_reader_refuses_marks_nothing_and_says_which_line(client, login, make_user, world):
    login(make_user("staff"))
    pledge = world["pledge"]
    reference = structured.format_communication(pledge.structured_reference)
    statement = f"datum;bedrag;mededeling\n2026-11-20;25,00;{reference}\n2026-11-21;1,00;{'x' * 200_000}\n"
    response = _upload_statement(client, statement.encode())
    assert response.status_code == 200
    assert "Regel 3 van het bestand" in response.get_data(as_text=True)
    db.session.refresh(pledge)
    assert pledge.status == "awaiting_transfer"  # the good first line was not marked either


def test_a_statement_past_the_size_limit_is_refused_rather_than_read_in_part(client, login, make_user, world):
    login(make_user("staff"))
    pledge = world["pledge"]
    reference = structured.format_communication(pledge.structured_reference)
    filler = "2026-11-01;1,00;zonder mededeling\n" * 70_000
    statement = f"datum;bedrag;mededeling\n2026-11-20;25,00;{reference}\n{filler}"
    assert len(statement.encode()) > 2 * 1024 * 1024
    response = _upload_statement(client, statement.encode())
    assert "groter dan 2 MB" in response.get_data(as_text=True)
    db.session.refresh(pledge)
    assert pledge.status == "awaiting_transfer"


def test_staff_attach_a_match_and_over_commitment_is_shown_as_a_form_error(client, login, make_user, make_campaign, match_fund):
    match_fund("300")
    login(make_user("staff"))
    first = make_campaign("submitted", goal="1000")
    second = make_campaign("submitted", goal="1000")
    assert client.post(f"/beheer/crowdfunding/{first.id}/match", data={"match-percent": "25", "match-cap": ""}).status_code == 302
    response = client.post(f"/beheer/crowdfunding/{second.id}/match", data={"match-percent": "25", "match-cap": ""})
    assert response.status_code == 422
    assert second.match is None


def test_the_owner_submits_and_then_launches_after_approval(client, login, make_user, make_campaign):
    owner = make_user()
    campaign = make_campaign("draft", owner=owner)
    login(owner)
    client.post(f"/crowdfunding/{campaign.id}/indienen")
    db.session.refresh(campaign)
    assert campaign.status == "submitted"
    assert client.post(f"/crowdfunding/{campaign.id}/lanceren").status_code == 403


def test_a_volunteer_signs_up_from_the_campaign_page(client, login, make_user, make_campaign):
    campaign = make_campaign("live")
    need = rewards.add_need(campaign, kind="volunteers", title="Timmeren", quantity=3)
    login(make_user())
    assert client.post(f"/crowdfunding/noden/{need.id}/helpen", data={"quantity": "2"}).status_code == 302
    db.session.refresh(need)
    assert need.promised == 2


def test_the_card_page_needs_javascript_and_passes_keys_by_data_attributes(stripe_config, client, login, make_user, make_campaign):
    backer = make_user()
    login(backer)
    campaign = make_campaign("live")
    response = client.post(f"/crowdfunding/{campaign.id}/steunen", data={"amount": "20", "method": "card", "reward_tier_id": "0"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-client-secret="seti_' in page
    assert "<noscript>" in page
    assert "crowdfunding_pledge.js" in page
    assert "<script>" not in page  # no inline script


def test_pages_render_in_french(client, login, make_user, world):
    user = make_user(language="fr")
    login(user)
    page = client.get(f"/crowdfunding/{world['live'].id}/steunen").get_data(as_text=True)
    assert "communication structurée" in page


def test_only_the_card_page_may_talk_to_the_stripe_api(stripe_config, client, login, make_user, make_campaign):
    backer = make_user()
    login(backer)
    campaign = make_campaign("live")
    location = client.post(f"/crowdfunding/{campaign.id}/steunen", data={"amount": "20", "method": "card", "reward_tier_id": "0"}).headers["Location"]
    policy = client.get(location).headers["Content-Security-Policy"]
    assert f"connect-src 'self' {stripe_config['STRIPE_API_BASE']}" in policy
    assert "connect-src" not in client.get(f"/crowdfunding/{campaign.id}").headers["Content-Security-Policy"]


def test_after_a_failed_charge_the_backer_starts_a_new_card_payment_with_a_post(stripe_config, stripe_client, client, login, make_user, make_campaign):
    from participation.crowdfunding import closing
    from participation.crowdfunding.stripe_gateway import get_gateway
    from tests.crowdfunding.test_stripe_lifecycle import DECLINED_ON_CHARGE, card_pledge

    backer = make_user()
    campaign = make_campaign("live", goal="100")
    pledge = card_pledge(campaign, backer, stripe_client, "100", number=DECLINED_ON_CHARGE)
    closing.close_due_campaigns(dates.as_utc(campaign.deadline_at) + timedelta(minutes=1), gateway=get_gateway())
    assert pledge.status == "action_required"
    login(backer)
    page = client.get(f"/crowdfunding/steun/{pledge.id}").get_data(as_text=True)
    assert "data-client-secret" not in page and f"/crowdfunding/steun/{pledge.id}/kaart/starten" in page
    old_intent = pledge.setup_intent_id
    assert client.post(f"/crowdfunding/steun/{pledge.id}/kaart/starten").status_code == 302
    db.session.refresh(pledge)
    assert pledge.setup_intent_id != old_intent
    assert 'data-client-secret="seti_' in client.get(f"/crowdfunding/steun/{pledge.id}").get_data(as_text=True)


def test_a_backer_withdraws_a_pledge_while_the_campaign_runs(client, login, world):
    login(world["backer"])
    assert client.post(f"/crowdfunding/steun/{world['pledge'].id}/intrekken").status_code == 302
    db.session.refresh(world["pledge"])
    assert world["pledge"].status == "cancelled"


def test_the_progress_bar_shows_the_crowd_and_the_city_part(client, login, make_user, make_campaign, match_fund):
    from participation.crowdfunding import matching

    match_fund("5000")
    campaign = make_campaign("live", goal="1000")
    matching.attach_match(campaign, percent=50, cap=None, staff=make_user("staff"))
    pledges.record_pledge(campaign, make_user(), amount="100", method="bank_transfer")
    received = pledges.record_pledge(campaign, make_user(), amount="150", method="bank_transfer")
    bank_transfers.mark_transfer_received(received, make_user("staff"))
    login(make_user(language="en"))
    page = client.get(f"/crowdfunding/{campaign.id}").get_data(as_text=True)
    assert "Crowd: € 150,00" in page
    assert "City of Gent: € 500,00 (50% match, paid if the crowd raises € 500,00)" in page
    assert '<rect x="0" y="0" width="15" height="6"' in page and '<rect x="15" y="0" width="50" height="6"' in page
    assert "65% of the goal" in page
