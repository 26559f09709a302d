"""An admin names and brands the installation on /beheer/gemeente; the public home page shows it; axe on the
form, empty and with errors. The profile is removed afterwards: other journeys expect the demo city."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import login_as
from tests.browser.test_ideas_journey import browser_page

ADMIN = ("admin@demo.stadslab.be", "beheerder-demo-2026")
LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="40" height="40"><rect width="40" height="40" fill="#1a5c9e"/></svg>'


def _forget_profile(live_server) -> None:
    from participation.extensions import db
    from participation.municipality.models import Municipality

    with live_server["app"].app_context():
        db.session.query(Municipality).delete()
        db.session.commit()
        db.session.remove()


def test_an_admin_brands_the_installation_and_the_home_page_shows_it(browser, live_server, tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_bytes(LOGO)
    try:
        with browser_page(browser, live_server) as page:
            login_as(page, *ADMIN, in_dutch=True)
            page.goto("/beheer/gemeente")
            assert_no_axe_violations(page, "the municipality profile")
            page.get_by_label("Korte naam").fill("Oudsbergen")
            page.get_by_label("Hoofdkleur").fill("#999999")
            page.get_by_role("button", name="Profiel opslaan").click()
            expect(page.locator(".error-summary")).to_contain_text("2.84:1")
            expect(page.get_by_label("Korte naam")).to_have_value("Oudsbergen")
            assert_no_axe_violations(page, "the municipality profile with errors")
            page.get_by_label("Hoofdkleur").fill("#1a5c9e")
            page.get_by_label("Tweede kleur").fill("#0b3050")
            page.get_by_label("Logo", exact=True).set_input_files(str(logo))
            page.get_by_label("Beschrijving van het logo").fill("Logo van Oudsbergen")
            page.get_by_role("button", name="Profiel opslaan").click()
            expect(page.locator(".flash, [role=status], .messages").first).to_contain_text("opgeslagen")
        with browser_page(browser, live_server) as visitor:
            visitor.goto("/")
            expect(visitor.locator(".site-header .brand")).to_contain_text("Oudsbergen")
            expect(visitor.get_by_role("img", name="Logo van Oudsbergen")).to_be_visible()
            background = visitor.locator(".site-header").evaluate("element => getComputedStyle(element).backgroundColor")
            assert background == "rgb(26, 92, 158)"
    finally:
        _forget_profile(live_server)
