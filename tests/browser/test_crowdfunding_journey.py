"""Crowdfunding in a real browser, against localstripe (the stripe library's API and its stand-in for
Stripe.js), with axe on every crowdfunding page type:

a backer pledges by card to a live campaign, another by bank transfer (and sees the structured
communication); staff mark the transfer received and attach a 50% city match (the progress bar shows
the crowd's and the city's part); the deadline passes with the goal reached and close-due runs (twice):
the card is charged exactly once and the backers are mailed; a second campaign fails and charges
nobody; its transfer, matched from an uploaded bank statement, is paid back from the refunds page.

The server has its own SQLite file with card payments switched on, so it does not share the demo
live server of the other journeys.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import _free_port, login_as
from tests.crowdfunding.conftest import PUBLISHABLE_KEY, SECRET_KEY, WEBHOOK_SECRET, localstripe_url  # noqa: F401 (fixture)
from tests.crowdfunding.stripe_card import pledge_by_card_on_the_form, save_test_card

PASSWORD = "samen voor de buurt 2026"
OWNER, STAFF = "eigenaar@example.be", "stad@example.be"
CARD_BACKER, BANK_BACKER, OTHER_BACKER = "kaart@example.be", "overschrijving@example.be", "ander@example.be"
PAYER_IBAN = "BE71 0961 2345 6769"


@pytest.fixture(scope="module")
def cf_server(tmp_path_factory, localstripe_url):  # noqa: F811
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from participation import create_app
    from participation.accounts.models import User
    from participation.accounts.services import create_user
    from participation.core.jobs import commit_and_release
    from participation.crowdfunding import matching, rewards, services
    from participation.crowdfunding.payments import pledges
    from participation.extensions import db

    folder = tmp_path_factory.mktemp("crowdfunding")
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'crowdfunding.sqlite'}",
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"check_same_thread": False, "timeout": 30}},
        WTF_CSRF_ENABLED=True,
        SERVER_NAME=None,
        UPLOAD_FOLDER=str(folder / "uploads"),
        AUTH_IP_RATE_LIMIT="1000 per minute", AUTH_ACCOUNT_RATE_LIMIT="1000 per minute",
        STRIPE_SECRET_KEY=SECRET_KEY,
        STRIPE_PUBLISHABLE_KEY=PUBLISHABLE_KEY,
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE=localstripe_url,
        STRIPE_JS_URL=f"{localstripe_url}/js.stripe.com/v3/",
    )
    with app.app_context():
        upgrade()
        owner = create_user(OWNER, "Ilse Eigenaar", PASSWORD, verified=True)
        staff = create_user(STAFF, "Stadsdienst", PASSWORD, role="staff", verified=True)
        for email, name in ((CARD_BACKER, "Karel Kaart"), (BANK_BACKER, "Olga Overschrijving"), (OTHER_BACKER, "Anna Ander")):
            create_user(email, name, PASSWORD, verified=True)
        today = date.today()

        def live(title: str, goal: str):
            campaign = services.save_campaign(
                None, owner=owner, title=title, organisation_name="Buurtcomité Rabot", summary="Voor de hele buurt",
                story="We bouwen **moestuinbakken**.", goal=goal, deadline=today + timedelta(days=20), funding_model="all_or_nothing",
            )
            rewards.add_reward_tier(campaign, title="Een zakje zaden", description="Uit onze tuin", min_amount="10")
            rewards.add_need(campaign, kind="volunteers", title="Timmeren op zaterdag", quantity=4)
            services.submit_campaign(campaign, owner)
            services.approve_campaign(campaign, staff)
            services.launch_campaign(campaign, owner)
            return campaign

        matching.set_match_budget((today + timedelta(days=20)).year, "5000")
        funded = live("Moestuin op het Rabotplein", "200")
        failing = live("Zwembad in de Leie", "5000")
        other = db.session.scalar(db.select(User).where(User.email == OTHER_BACKER))
        transfer = pledges.record_pledge(failing, other, amount="30", method="bank_transfer")
        draft = services.save_campaign(
            None, owner=owner, title="Bankjes langs de Leie", organisation_name=None, summary="", story="Vijf bankjes.",
            goal="900", deadline=today + timedelta(days=40), funding_model="all_or_nothing",
        )
        rewards.add_reward_tier(draft, title="Je naam op een bank", description="", min_amount="50")
        commit_and_release()
        ids = {"funded": funded.id, "failing": failing.id, "draft": draft.id, "transfer": transfer.id,
               "transfer_reference": transfer.structured_reference}
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{port}", "app": app, "stripe": localstripe_url, **ids}
    server.shutdown()


@contextmanager
def person(browser, server, email):
    """A fresh browser context for one person, logged in; requests may only reach our server and localstripe."""
    context = browser.new_context(locale="nl-BE", base_url=server["url"])
    allowed = {urlsplit(server["url"]).netloc, urlsplit(server["stripe"]).netloc}
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).netloc in allowed else route.abort())
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: page.console_errors.append(message.text) if message.type == "error" else None)
    login_as(page, email, PASSWORD)
    try:
        yield page
    finally:
        context.close()


def axe(page, label):
    assert_no_axe_violations(page, f"crowdfunding {label}")


def pledge_by_card(page, campaign_id, amount, *, check_axe=False):
    page.goto(f"/crowdfunding/{campaign_id}/steunen")
    if check_axe:
        axe(page, "pledge form")
    pledge_by_card_on_the_form(page, amount)
    if check_axe:
        # The card field belongs to the payment provider (an iframe on js.stripe.com; localstripe's stand-in
        # draws bare inputs): axe checks our page around it.
        assert_no_axe_violations_around_card(page)
    save_test_card(page, page.console_errors)


def assert_no_axe_violations_around_card(page):
    from tests.browser.accessibility import OPTIONS, _axe

    violations = _axe.run(page, context={"exclude": [["#card-element"]]}, options=OPTIONS).response["violations"]
    assert violations == [], [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in violations]


def test_a_campaign_is_funded_by_card_bank_transfer_and_the_city_and_a_failed_one_charges_nobody(browser, cf_server):
    server = cf_server
    funded, failing = server["funded"], server["failing"]

    # A backer finds the campaign and pledges by card.
    with person(browser, server, CARD_BACKER) as page:
        page.goto("/crowdfunding")
        axe(page, "index")
        page.get_by_role("link", name="Moestuin op het Rabotplein").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Moestuin op het Rabotplein")
        axe(page, "campaign page")
        pledge_by_card(page, funded, "100", check_axe=True)
        axe(page, "pledge page with a saved card")
        pledge_by_card(page, failing, "40")  # ... and also backs the campaign that will fail

    # Another backer pledges by bank transfer and sees the structured communication.
    with person(browser, server, BANK_BACKER) as page:
        page.goto(f"/crowdfunding/{funded}/steunen")
        page.get_by_label("Bedrag in euro").fill("50")
        page.get_by_label("Overschrijving met gestructureerde mededeling").check()
        page.get_by_role("button", name="Steunen").click()
        communication = page.locator(".cf-communication").inner_text()
        assert communication.startswith("+++") and communication.endswith("+++")
        axe(page, "pledge page for a bank transfer")

    from participation.crowdfunding import structured
    from participation.crowdfunding.models import Pledge
    from participation.extensions import db

    app = server["app"]
    with app.app_context():
        transfer = db.session.scalar(db.select(Pledge).where(Pledge.campaign_id == funded, Pledge.method == "bank_transfer"))
        assert structured.format_communication(transfer.structured_reference) == communication
        transfer_id = transfer.id

    # The owner works on a draft: the campaign form and its rewards.
    with person(browser, server, OWNER) as page:
        page.goto("/crowdfunding/nieuw")
        axe(page, "new campaign form")
        page.goto(f"/crowdfunding/{server['draft']}/bewerken")
        page.get_by_text("“Je naam op een bank” wijzigen").click()
        axe(page, "campaign edit page with rewards and needs")

    # Staff: the transfer arrived; the city matches 50%; a bank statement pays the other campaign's transfer.
    with person(browser, server, STAFF) as page:
        page.goto("/beheer/crowdfunding")
        axe(page, "staff overview")
        page.goto(f"/beheer/crowdfunding/{funded}")
        axe(page, "staff campaign review")
        page.locator(f"form[action$='/steun/{transfer_id}/ontvangen'] button").click()
        expect(page.get_by_text("Overschrijving ontvangen")).to_be_visible()
        page.get_by_label("Bijdrage", exact=True).select_option("50")
        page.get_by_role("button", name="Stadsbijdrage toekennen").click()
        page.goto(f"/crowdfunding/{funded}")
        legend = page.locator(".cf-legend")
        expect(legend).to_contain_text("Buurt: € 150,00")  # the transfer counts; the saved card counts
        expect(legend).to_contain_text("Stad Gent: € 100,00 (50% bijdrage, uitbetaald als de buurt € 100,00 inzamelt)")
        expect(page.locator("svg.cf-bar")).to_have_attribute("aria-label", "125% van het doel")

        page.goto("/beheer/crowdfunding")
        statement = (
            "datum;bedrag;tegenrekening;mededeling\n"
            f"2026-11-20;30,00;{PAYER_IBAN};{structured.format_communication(server['transfer_reference'])}\n"
        )
        page.get_by_label("Rekeninguittreksel (CSV)").set_input_files(
            files=[{"name": "afschrift.csv", "mimeType": "text/csv", "buffer": statement.encode()}]
        )
        page.get_by_role("button", name="Inlezen").click()
        expect(page.get_by_role("heading", name="1 overschrijving als ontvangen gemarkeerd")).to_be_visible()
        axe(page, "bank statement report")

    # The deadlines pass; close-due runs twice (as it does every minute).
    from participation.core.models import utcnow
    from participation.crowdfunding import closing
    from participation.crowdfunding.models import Campaign
    from participation.crowdfunding.stripe_gateway import get_gateway
    from participation.notifications.models import OutboxMessage

    with app.app_context():
        for campaign_id in (funded, failing):
            db.session.get(Campaign, campaign_id).deadline_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        first = closing.close_due_campaigns(utcnow(), gateway=get_gateway(), checkpoint=db.session.commit)
        second = closing.close_due_campaigns(utcnow(), gateway=get_gateway(), checkpoint=db.session.commit)
        db.session.commit()
        assert (first.succeeded, first.failed) == ([funded], [failing])
        assert second.succeeded == second.failed == second.charged == []
        card = db.session.scalar(db.select(Pledge).where(Pledge.campaign_id == funded, Pledge.method == "card"))
        lost = db.session.scalar(db.select(Pledge).where(Pledge.campaign_id == failing, Pledge.method == "card"))
        assert first.charged == [card.id]
        assert (card.status, lost.status) == ("charged", "cancelled")

        import stripe

        client = stripe.StripeClient(SECRET_KEY, base_addresses={"api": server["stripe"]}).v1
        charged = [c.amount for c in client.charges.list(params={"customer": card.stripe_customer_id}).data if c.status == "succeeded"]
        assert charged == [10000]  # exactly once
        assert client.charges.list(params={"customer": lost.stripe_customer_id}).data == []  # the failed campaign charged nobody

        def mails(email, words):
            return [m for m in db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == email)) if words in m.subject]

        assert len(mails(CARD_BACKER, "“Moestuin op het Rabotplein” heeft zijn doel bereikt")) == 1
        assert "één keer gedebiteerd voor € 100.00" in mails(CARD_BACKER, "Moestuin")[-1].text_body
        assert len(mails(BANK_BACKER, "“Moestuin op het Rabotplein” heeft zijn doel bereikt")) == 1
        assert len(mails(CARD_BACKER, "“Zwembad in de Leie” heeft zijn doel niet bereikt")) == 1
        assert len(mails(OTHER_BACKER, "“Zwembad in de Leie” heeft zijn doel niet bereikt")) == 1

    # The failed campaign's transfer is paid back; the list says from which account it came.
    with person(browser, server, STAFF) as page:
        page.goto("/beheer/crowdfunding/terugbetalingen")
        row = page.locator(f"#pledge-{server['transfer']}")
        expect(row).to_contain_text(PAYER_IBAN)
        expect(row).to_contain_text("€ 30,00")
        axe(page, "transfers to pay back")
        row.get_by_label("Reden").fill("Teruggestort op 24/11")
        row.get_by_role("button", name="Als terugbetaald noteren").click()
        expect(page.get_by_text("Geen overschrijvingen terug te betalen.")).to_be_visible()
        page.goto(f"/crowdfunding/{funded}")
        expect(page.locator(".badge").first).to_have_text("Gefinancierd")

    with app.app_context():
        refunded = db.session.get(Pledge, server["transfer"])
        assert refunded.status == "refunded" and refunded.transactions[-1].note == "Teruggestort op 24/11"
