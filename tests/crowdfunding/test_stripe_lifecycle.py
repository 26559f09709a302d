"""Card pledges end to end with the real stripe library against a localstripe server.

The test plays the backer's browser with the stripe library (what Stripe.js does: confirm the
SetupIntent with a card), and checks on the Stripe side how many charges exist.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from participation.crowdfunding import closing, dates, queries, services
from participation.crowdfunding.payments import cards, pledges, refunds
from participation.crowdfunding.stripe_gateway import GatewayUnavailable, StripeGateway, get_gateway
from participation.extensions import db

GOOD_CARD = "4242424242424242"
DECLINED_ON_CHARGE = "4000000000000341"  # saving works, every charge is declined
NEEDS_AUTHENTICATION = "4000002760003184"  # 3D Secure: an off-session charge needs the backer
DECLINED_ON_SAVE = "4000000000000002"


def browser_saves_card(stripe_client, intent, number=GOOD_CARD):
    method = stripe_client.payment_methods.create(
        params={"type": "card", "card": {"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"}}
    )
    confirmed = stripe_client.setup_intents.confirm(intent.id, params={"payment_method": method.id})
    if confirmed.status == "requires_action":  # the backer passes the bank's 3-D Secure challenge
        confirmed = stripe_client.setup_intents.confirm(intent.id, params={"client_secret": intent.client_secret})
    return confirmed


def card_pledge(campaign, backer, stripe_client, amount="50", number=GOOD_CARD):
    pledge = pledges.record_pledge(campaign, backer, amount=amount, method="card")
    intent = cards.prepare_card_payment(pledge, get_gateway())
    browser_saves_card(stripe_client, intent, number)
    cards.sync_card_pledge(pledge, get_gateway())
    return pledge


def charges_of(stripe_client, pledge):
    return [c for c in stripe_client.charges.list(params={"customer": pledge.stripe_customer_id}).data if c.status == "succeeded"]


def after_deadline(campaign):
    return dates.as_utc(campaign.deadline_at) + timedelta(minutes=1)


def test_an_all_or_nothing_success_charges_each_saved_card_exactly_once(stripe_config, stripe_client, make_campaign, make_user):
    campaign = make_campaign("live", goal="100")
    first = card_pledge(campaign, make_user(), stripe_client, "60")
    second = card_pledge(campaign, make_user(), stripe_client, "40")
    assert (first.status, second.status) == ("authorised", "authorised")
    assert charges_of(stripe_client, first) == []  # nothing is charged before the deadline

    report = closing.close_due_campaigns(after_deadline(campaign), gateway=get_gateway(), checkpoint=db.session.commit)
    assert report.succeeded == [campaign.id]
    assert sorted(report.charged) == sorted([first.id, second.id])
    again = closing.close_due_campaigns(after_deadline(campaign) + timedelta(minutes=1), gateway=get_gateway())
    assert again.charged == [] and again.succeeded == []

    assert (first.status, second.status) == ("charged", "charged")
    assert [c.amount for c in charges_of(stripe_client, first)] == [6000]
    assert [c.amount for c in charges_of(stripe_client, second)] == [4000]
    assert [t.to_status for t in first.transactions] == ["pending", "pending", "authorised", "charging", "charged"]
    totals = queries.campaign_totals([campaign.id])[campaign.id]
    assert totals.collected_cents == 10000


def test_a_second_runner_cannot_claim_a_pledge_that_is_being_charged(stripe_config, stripe_client, make_campaign, make_user):
    campaign = make_campaign("live", goal="100")
    pledge = card_pledge(campaign, make_user(), stripe_client, "100")
    now = after_deadline(campaign)
    closing.close_due_campaigns(now)  # closes without a gateway: the card waits
    assert pledge.status == "authorised"
    assert cards.claim_for_charging(pledge, now) is True
    assert cards.claim_for_charging(pledge, now) is False  # the other runner loses
    assert cards.claim_for_charging(pledge, now + timedelta(minutes=20)) is True  # a crashed claim is retried later


def test_a_failed_all_or_nothing_campaign_charges_nobody(stripe_config, stripe_client, make_campaign, make_user):
    campaign = make_campaign("live", goal="1000")
    pledge = card_pledge(campaign, make_user(), stripe_client, "50")
    report = closing.close_due_campaigns(after_deadline(campaign), gateway=get_gateway())
    assert report.failed == [campaign.id] and report.charged == []
    assert pledge.status == "cancelled"
    assert charges_of(stripe_client, pledge) == []


def test_a_cancelled_campaign_charges_nobody(stripe_config, stripe_client, make_campaign, make_user):
    campaign = make_campaign("live", goal="100")
    pledge = card_pledge(campaign, make_user(), stripe_client, "100")
    services.cancel_campaign(campaign, make_user("staff"), "Het plein wordt heraangelegd.")
    closing.close_due_campaigns(after_deadline(campaign), gateway=get_gateway())
    assert pledge.status == "cancelled"
    assert charges_of(stripe_client, pledge) == []


def test_keep_it_all_charges_at_once(stripe_config, stripe_client, make_campaign, make_user):
    campaign = make_campaign("live", goal="1000", funding_model="keep_it_all")
    pledge = card_pledge(campaign, make_user(), stripe_client, "25")
    assert pledge.status == "charged"
    assert [c.amount for c in charges_of(stripe_client, pledge)] == [2500]
    closing.close_due_campaigns(after_deadline(campaign), gateway=get_gateway())
    assert campaign.status == "failed" and pledge.status == "charged"  # keep it all: the money stays
    assert len(charges_of(stripe_client, pledge)) == 1


def test_staff_refund_a_charged_card_once(stripe_config, stripe_client, make_campaign, make_user, outbox):
    campaign = make_campaign("live", goal="1000", funding_model="keep_it_all")
    pledge = card_pledge(campaign, make_user(), stripe_client, "25")
    staff = make_user("staff")
    refunds.refund_pledge(pledge, staff, "Project afgelast", get_gateway())
    assert pledge.status == "refunded"
    assert pledge.transactions[-1].stripe_object_id.startswith("re_")
    stripe_refunds = stripe_client.refunds.list(params={"payment_intent": pledge.payment_intent_id}).data
    assert len(stripe_refunds) == 1 and stripe_refunds[0].amount == 2500
    with pytest.raises(Exception):
        refunds.refund_pledge(pledge, staff, "nog eens", get_gateway())
    assert len(stripe_client.refunds.list(params={"payment_intent": pledge.payment_intent_id}).data) == 1
    assert "Project afgelast" in outbox(pledge.backer.email)[-1].text_body


def test_a_declined_off_session_charge_asks_the_backer_to_pay_within_the_grace_period(stripe_config, stripe_client, make_campaign, make_user, outbox):
    campaign = make_campaign("live", goal="100")
    backer = make_user()
    pledge = card_pledge(campaign, backer, stripe_client, "100", number=DECLINED_ON_CHARGE)
    assert pledge.status == "authorised"
    now = after_deadline(campaign)
    report = closing.close_due_campaigns(now, gateway=get_gateway())
    assert report.action_required == [pledge.id]
    assert pledge.status == "action_required"
    assert dates.as_utc(pledge.payment_due_at) == now + timedelta(days=7)
    mail = outbox(backer.email)[-1]
    assert f"/crowdfunding/steun/{pledge.id}" in mail.text_body
    assert charges_of(stripe_client, pledge) == []

    # The backer opens the link and saves another card: it is charged at once.
    intent = cards.prepare_card_payment(pledge, get_gateway())
    browser_saves_card(stripe_client, intent, GOOD_CARD)
    cards.sync_card_pledge(pledge, get_gateway(), now + timedelta(days=1))
    assert pledge.status == "charged"
    assert [c.amount for c in charges_of(stripe_client, pledge)] == [10000]
    closing.close_due_campaigns(now + timedelta(days=2), gateway=get_gateway())
    assert len(charges_of(stripe_client, pledge)) == 1


def test_a_charge_needing_authentication_lapses_after_the_grace_period(stripe_config, stripe_client, make_campaign, make_user, outbox):
    campaign = make_campaign("live", goal="100")
    backer = make_user()
    pledge = card_pledge(campaign, backer, stripe_client, "100", number=NEEDS_AUTHENTICATION)
    assert pledge.status == "authorised"
    now = after_deadline(campaign)
    closing.close_due_campaigns(now, gateway=get_gateway())
    assert pledge.status == "action_required"
    asked = [m for m in outbox(backer.email) if m.subject.startswith("Rond je betaling") and f"/crowdfunding/steun/{pledge.id}" in m.text_body]
    assert len(asked) == 1 and dates.as_utc(pledge.payment_due_at) == now + timedelta(days=7)
    assert charges_of(stripe_client, pledge) == []
    closing.close_due_campaigns(now + timedelta(days=8), gateway=get_gateway())
    assert pledge.status == "failed"
    assert queries.campaign_totals([campaign.id])[campaign.id].failed_cents == 10000


def test_a_card_declined_when_saving_leaves_the_pledge_pending_for_another_card(stripe_config, stripe_client, make_campaign, make_user):
    import stripe

    campaign = make_campaign("live", goal="100")
    pledge = pledges.record_pledge(campaign, make_user(), amount="20", method="card")
    intent = cards.prepare_card_payment(pledge, get_gateway())
    with pytest.raises(stripe.CardError):
        browser_saves_card(stripe_client, intent, DECLINED_ON_SAVE)
    cards.sync_card_pledge(pledge, get_gateway())
    assert pledge.status == "pending"
    retry = cards.prepare_card_payment(pledge, get_gateway())
    assert retry.id != intent.id  # localstripe cancels a declined SetupIntent: a new one is made
    browser_saves_card(stripe_client, retry, GOOD_CARD)
    cards.sync_card_pledge(pledge, get_gateway())
    assert pledge.status == "authorised"


def test_when_stripe_is_unreachable_the_pledge_stays_pending_and_can_be_retried(stripe_config, stripe_client, make_campaign, make_user, app):
    campaign = make_campaign("live", goal="100")
    pledge = pledges.record_pledge(campaign, make_user(), amount="20", method="card")
    from tests.crowdfunding.conftest import SECRET_KEY, _free_port

    dead = StripeGateway(SECRET_KEY, api_base=f"http://127.0.0.1:{_free_port()}", timeout=2)
    with pytest.raises(GatewayUnavailable):
        cards.prepare_card_payment(pledge, dead)
    assert pledge.status == "pending"
    assert cards.prepare_card_payment(pledge, get_gateway()).status == "requires_payment_method"


def test_close_due_retries_later_when_stripe_is_unreachable(stripe_config, stripe_client, make_campaign, make_user):
    campaign = make_campaign("live", goal="100")
    pledge = card_pledge(campaign, make_user(), stripe_client, "100")
    from tests.crowdfunding.conftest import SECRET_KEY, _free_port

    dead = StripeGateway(SECRET_KEY, api_base=f"http://127.0.0.1:{_free_port()}", timeout=2)
    now = after_deadline(campaign)
    report = closing.close_due_campaigns(now, gateway=dead)
    assert report.retry_later == [pledge.id] and pledge.status == "authorised"
    report = closing.close_due_campaigns(now + timedelta(minutes=1), gateway=get_gateway())
    assert report.charged == [pledge.id] and pledge.status == "charged"
    assert len(charges_of(stripe_client, pledge)) == 1


def test_close_due_retries_a_card_pledge_made_while_stripe_was_down_and_syncs_a_card_nobody_reported(stripe_config, stripe_client, make_campaign, make_user):
    """The backer pledged while Stripe was unreachable: the pledge stays pending. The next close-due run
    (every minute) prepares the card payment; the backer saves the card but the browser and the webhook
    never report back; the run after that asks Stripe and records the saved card."""
    from participation.core.models import utcnow
    from tests.crowdfunding.conftest import SECRET_KEY, _free_port

    campaign = make_campaign("live", goal="100")
    pledge = pledges.record_pledge(campaign, make_user(), amount="20", method="card")
    dead = StripeGateway(SECRET_KEY, api_base=f"http://127.0.0.1:{_free_port()}", timeout=2)
    with pytest.raises(GatewayUnavailable):
        cards.prepare_card_payment(pledge, dead)
    db.session.flush()
    assert (pledge.status, pledge.setup_intent_id) == ("pending", None)

    soon = utcnow() + timedelta(minutes=5)
    report = closing.close_due_campaigns(soon, gateway=dead)
    assert report.retry_later == [pledge.id] and pledge.setup_intent_id is None  # still down: try again later

    closing.close_due_campaigns(soon, gateway=get_gateway())
    assert pledge.setup_intent_id is not None and pledge.status == "pending"
    intent = get_gateway().retrieve_setup_intent(pledge.setup_intent_id)
    browser_saves_card(stripe_client, intent)  # ... and the page is closed before it reports back

    report = closing.close_due_campaigns(soon + timedelta(minutes=5), gateway=get_gateway())
    assert report.synced == [pledge.id] and pledge.status == "authorised"
    assert closing.close_due_campaigns(soon + timedelta(minutes=10), gateway=get_gateway()).synced == []
    assert charges_of(stripe_client, pledge) == []  # all or nothing: charged only at the deadline


def test_a_keep_it_all_card_nobody_reported_is_charged_by_the_next_run_exactly_once(stripe_config, stripe_client, make_campaign, make_user):
    from participation.core.models import utcnow

    campaign = make_campaign("live", goal="1000", funding_model="keep_it_all")
    pledge = pledges.record_pledge(campaign, make_user(), amount="35", method="card")
    intent = cards.prepare_card_payment(pledge, get_gateway())
    browser_saves_card(stripe_client, intent)
    later = utcnow() + timedelta(minutes=5)
    report = closing.close_due_campaigns(later, gateway=get_gateway())
    assert report.synced == [pledge.id] and report.charged == [pledge.id]
    closing.close_due_campaigns(later + timedelta(minutes=5), gateway=get_gateway())
    assert pledge.status == "charged"
    assert [c.amount for c in charges_of(stripe_client, pledge)] == [3500]
