"""A backer saves a card with Stripe.js in a real Chromium: localstripe's fake Stripe.js stands in for
js.stripe.com, so static/js/crowdfunding_pledge.js, the page's CSP and the server sync all run for real.
Then the campaign closes and the card is charged once.

The browser runs in its own thread with its own Playwright: tests/browser keeps a session-wide
Playwright open, and two sync Playwrights cannot share a thread."""
from __future__ import annotations

from datetime import date, timedelta

import os

import pytest

from tests.browser.conftest import CHROMIUM, _free_port, login_as
from tests.crowdfunding.conftest import PUBLISHABLE_KEY, SECRET_KEY, WEBHOOK_SECRET
from tests.crowdfunding.stripe_card import pledge_by_card_on_the_form, save_test_card

pytestmark = pytest.mark.browser
PASSWORD = "steun de moestuin 2026"


@pytest.fixture(scope="module")
def card_server(tmp_path_factory, localstripe_url):
    import threading

    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from participation import create_app
    from participation.accounts.services import create_user
    from participation.core.jobs import commit_and_release
    from participation.crowdfunding import services
    from participation.extensions import db

    folder = tmp_path_factory.mktemp("card")
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'card.sqlite'}",
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"check_same_thread": False, "timeout": 30}},
        WTF_CSRF_ENABLED=True,
        SERVER_NAME=None,
        UPLOAD_FOLDER=str(folder / "uploads"),
        STRIPE_SECRET_KEY=SECRET_KEY,
        STRIPE_PUBLISHABLE_KEY=PUBLISHABLE_KEY,
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE=localstripe_url,
        STRIPE_JS_URL=f"{localstripe_url}/js.stripe.com/v3/",
    )
    with app.app_context():
        upgrade()
        owner = create_user("eigenaar@example.be", "Eigenaar", PASSWORD, verified=True)
        staff = create_user("stad@example.be", "Stad", PASSWORD, role="staff", verified=True)
        create_user("steuner@example.be", "Steuner", PASSWORD, verified=True)
        campaign = services.save_campaign(
            None, owner=owner, title="Moestuin op het plein", organisation_name=None, summary="", story="Bakken.",
            goal="100", deadline=date.today() + timedelta(days=20), funding_model="all_or_nothing",
        )
        services.submit_campaign(campaign, owner)
        services.approve_campaign(campaign, staff)
        services.launch_campaign(campaign, owner)
        commit_and_release()
        campaign_id = campaign.id
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{port}", "app": app, "campaign_id": campaign_id}
    server.shutdown()


def _run_in_own_thread(scenario) -> None:
    import threading

    outcome: dict = {}

    def target():
        try:
            scenario()
        except BaseException as error:  # noqa: BLE001 - handed back to the test thread
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout=180)
    if thread.is_alive():
        pytest.fail("the browser scenario did not finish within 3 minutes")
    if "error" in outcome:
        raise outcome["error"]


@pytest.fixture(scope="module")
def chromium():
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        message = f"No Chromium at {CHROMIUM}: install it with `apt-get install -y chromium`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


def test_a_backer_saves_a_card_with_stripe_js_and_is_charged_once_when_the_goal_is_reached(chromium, card_server, localstripe_url):
    def scenario():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"])
            try:
                _save_card_in_the_browser(browser, card_server)
            finally:
                browser.close()

    _run_in_own_thread(scenario)

    from participation.crowdfunding import closing, dates
    from participation.crowdfunding.models import Campaign, Pledge
    from participation.crowdfunding.stripe_gateway import get_gateway
    from participation.extensions import db

    app = card_server["app"]
    with app.app_context():
        campaign = db.session.get(Campaign, card_server["campaign_id"])
        later = dates.as_utc(campaign.deadline_at) + timedelta(minutes=1)
        first = closing.close_due_campaigns(later, gateway=get_gateway(), checkpoint=db.session.commit)
        second = closing.close_due_campaigns(later, gateway=get_gateway(), checkpoint=db.session.commit)
        db.session.commit()
        pledge = db.session.scalars(db.select(Pledge).where(Pledge.campaign_id == campaign.id)).one()
        assert len(first.charged) == 1 and second.charged == []
        assert pledge.status == "charged"

        import stripe

        charges = stripe.StripeClient(SECRET_KEY, base_addresses={"api": localstripe_url}).v1.charges.list(
            params={"customer": pledge.stripe_customer_id}
        ).data
        assert [c.amount for c in charges] == [10000]


def _save_card_in_the_browser(browser, card_server) -> None:
    context = browser.new_context(locale="nl-BE", base_url=card_server["url"])
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    login_as(page, "steuner@example.be", PASSWORD)

    page.goto(f"/crowdfunding/{card_server['campaign_id']}/steunen")
    pledge_by_card_on_the_form(page, "100")
    save_test_card(page, errors)
    context.close()

