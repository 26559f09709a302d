"""A resident hears that their idea was accepted: the bell shows it, the list opens it, and the email's
unsubscribe link works in a fresh browser without logging in. axe checks every page on the way."""
import re

from flask_babel import lazy_gettext as _l
from playwright.sync_api import expect
from sqlalchemy import select

from participation.accounts.models import User
from participation.accounts.services import create_user
from participation.core.jobs import commit_and_release
from participation.extensions import db
from participation.notifications.models import NotificationOptOut, OutboxMessage
from participation.notifications.service import notify
from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import login_as

EMAIL, PASSWORD = "meldingen@example.be", "bel met twee meldingen"


def test_a_resident_sees_the_bell_opens_a_notification_and_unsubscribes_from_the_email(browser, page, live_server):
    app = live_server["app"]
    with app.app_context():
        resident = create_user(EMAIL, "Lotte Meldingen", PASSWORD, verified=True)
        notify("browser:idea:1:status:accepted", [resident], "idea_status",
               _l("Your idea “%(title)s” is now %(status)s"), "/ideeen", title="Meer bomen", status="aanvaard")
        notify("browser:idea:1:comment:1", [resident], "idea_comment",
               _l("Your idea “%(title)s” is now %(status)s"), "/trajecten", title="Meer bomen", status="besproken")
        commit_and_release()

    login_as(page, EMAIL, PASSWORD)
    bell = page.get_by_role("link", name="Meldingen, 2 ongelezen")
    expect(bell).to_be_visible()
    expect(bell).to_contain_text("2")
    bell.click()
    expect(page).to_have_url(re.compile("/meldingen$"))
    expect(page.get_by_role("heading", level=1, name="Meldingen")).to_be_visible()
    expect(page.locator(".notification", has_text="Ongelezen")).to_have_count(2)
    assert_no_axe_violations(page, "notifications list")

    page.get_by_role("button", name=re.compile("aanvaard")).click()
    expect(page).to_have_url(re.compile("/ideeen$"))
    expect(page.get_by_role("link", name="Meldingen, 1 ongelezen")).to_be_visible()

    page.goto("/meldingen")
    page.get_by_role("button", name="Alles als gelezen markeren").click()
    expect(page.get_by_text("Alle meldingen zijn als gelezen gemarkeerd.")).to_be_visible()
    expect(page.get_by_role("link", name="Meldingen", exact=True)).to_be_visible()
    assert_no_axe_violations(page, "notifications list, all read")

    with app.app_context():
        mail = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == EMAIL, OutboxMessage.kind == "notification_idea_status")
        ).one()
        link = re.search(r"http://\S+/meldingen/uitschrijven/\S+", mail.text_body).group(0)

    # A fresh browser, not logged in, as when the resident clicks the link in their mailbox.
    context = browser.new_context(locale="fr-BE", base_url=live_server["url"])
    stranger = context.new_page()
    try:
        stranger.goto(link.replace("http://localhost", live_server["url"]))
        assert stranger.locator("html").get_attribute("lang") == "nl"  # the resident's language, not the browser's
        expect(stranger.get_by_role("heading", level=1, name="E-mails met meldingen")).to_be_visible()
        assert_no_axe_violations(stranger, "unsubscribe page")
        stranger.get_by_label("Alleen e-mails over: Statuswijzigingen van ideeën").check()
        stranger.get_by_role("button", name="Uitschrijven").click()
        expect(stranger.get_by_text("Je bent uitgeschreven.")).to_be_visible()
        expect(stranger.get_by_role("button", name="Ongedaan maken: stuur me deze e-mails opnieuw")).to_be_visible()
        assert_no_axe_violations(stranger, "unsubscribe confirmation")
    finally:
        context.close()
    with app.app_context():
        kinds = db.session.scalars(
            select(NotificationOptOut.kind).join(User, User.id == NotificationOptOut.user_id).where(User.email == EMAIL)
        ).all()
        assert kinds == ["idea_status"]
