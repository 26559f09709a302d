"""A visitor reads the privacy statement; an admin publishes a new version; a citizen sees the notice,
reads what changed and accepts it; axe on the statement, the admins' page and the accept page. The new
version and its consents are removed afterwards: other journeys expect nobody to be asked."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import login_as
from tests.browser.test_ideas_journey import browser_page

ADMIN = ("admin@demo.stadslab.be", "beheerder-demo-2026")
CITIZEN = ("burger@demo.stadslab.be", "burger-demo-2026")
CHANGE = "We bewaren de aanmeldgeschiedenis nu 6 maanden."


def _forget_versions(live_server) -> None:
    from participation.extensions import db
    from participation.privacy.models import ConsentRecord, PrivacyStatementVersion

    with live_server["app"].app_context():
        db.session.query(ConsentRecord).filter(ConsentRecord.version > 1).delete()
        db.session.query(PrivacyStatementVersion).delete()
        db.session.commit()
        db.session.remove()


def test_an_admin_publishes_a_new_privacy_statement_and_a_citizen_accepts_it(browser, live_server):
    try:
        with browser_page(browser, live_server) as visitor:
            visitor.goto("/")
            visitor.get_by_role("link", name="Privacyverklaring").click()
            expect(visitor.get_by_role("heading", level=1)).to_have_text("Privacyverklaring")
            expect(visitor.get_by_role("cell", name="Tot de browser gesloten wordt")).to_be_visible()
            assert_no_axe_violations(visitor, "the privacy statement")

        with browser_page(browser, live_server) as admin:
            login_as(admin, *ADMIN, in_dutch=True)
            admin.goto("/beheer/privacy")
            assert_no_axe_violations(admin, "the privacy statement versions")
            admin.get_by_label("Wat er veranderde (in het Nederlands)").fill(CHANGE)
            admin.get_by_role("button", name="Een nieuwe versie publiceren").click()
            expect(admin.get_by_text("Versie 2 van de privacyverklaring is gepubliceerd.")).to_be_visible()

        with browser_page(browser, live_server) as citizen:
            login_as(citizen, *CITIZEN, in_dutch=True)
            citizen.goto("/")
            citizen.get_by_role("link", name="Lees wat er veranderde en aanvaard ze").click()
            expect(citizen.get_by_text(CHANGE)).to_be_visible()
            assert_no_axe_violations(citizen, "the page that accepts a new privacy statement")
            citizen.get_by_role("button", name="Ik aanvaard de privacyverklaring").click()
            expect(citizen.get_by_text("Bedankt: je aanvaardde versie 2 van de privacyverklaring.")).to_be_visible()
            expect(citizen.get_by_role("link", name="Lees wat er veranderde en aanvaard ze")).to_have_count(0)
            expect(citizen.get_by_role("cell", name="2", exact=True)).to_be_visible()
            assert_no_axe_violations(citizen, "the accept page with the person's acceptances")
    finally:
        _forget_versions(live_server)
