"""A new resident registers, confirms their address, logs in, switches to French and sees the running processes."""
import re

from sqlalchemy import select

from participation.extensions import db
from participation.notifications.models import OutboxMessage
from tests.browser.accessibility import assert_no_axe_violations


def latest_mail_to(live_server, email):
    with live_server["app"].app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id.desc())
        ).first()
        return message.text_body


def test_a_resident_registers_verifies_logs_in_and_switches_to_french(page, live_server):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("link", name="Registreren").click()
    assert_no_axe_violations(page, "registration form")

    # A first try with a weak password keeps what was typed and explains the problem.
    page.get_by_label("E-mailadres").fill("fatima@example.be")
    page.get_by_label("Schermnaam").fill("Fatima")
    page.get_by_label("Wachtwoord", exact=True).fill("kort")
    page.get_by_label("Herhaal wachtwoord").fill("kort")
    page.get_by_role("button", name="Account aanmaken").click()
    assert page.locator(".error-summary").is_visible()
    assert page.get_by_label("Schermnaam").input_value() == "Fatima"
    assert_no_axe_violations(page, "registration form with errors")

    password = "fietsen langs de Coupure"
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_label("Herhaal wachtwoord").fill(password)
    page.get_by_role("button", name="Account aanmaken").click()
    assert "/profiel" in page.url
    assert page.get_by_text("nog niet bevestigd").is_visible()
    assert_no_axe_violations(page, "profile")

    link = re.search(r"http://\S+/account/bevestigen/\S+", latest_mail_to(live_server, "fatima@example.be")).group(0)
    page.goto(link.replace("http://localhost", live_server["url"]))
    assert_no_axe_violations(page, "email confirmation")
    page.get_by_role("button", name="Bevestig mijn e-mailadres").click()
    assert page.get_by_text("bevestigd").first.is_visible()

    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("link", name="Inloggen").click()
    assert_no_axe_violations(page, "login form")
    page.get_by_label("E-mailadres").fill("fatima@example.be")
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_text("Welkom terug, Fatima").is_visible()

    page.get_by_role("button", name="FR").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    page.goto("/")
    assert page.get_by_role("heading", name="Participez maintenant").is_visible()
    assert page.get_by_role("link", name="Ruimte voor Gent: hoe ziet jouw buurt eruit in 2040?").is_visible()
    assert_no_axe_violations(page, "home in French")
    page.get_by_role("link", name="Ruimte voor Gent: hoe ziet jouw buurt eruit in 2040?").click()
    assert page.locator("[aria-current=step]").count() == 1
    assert_no_axe_violations(page, "process page in French")


def test_the_site_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server["url"], locale="nl-BE")
    page = context.new_page()
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill("burger@demo.stadslab.be")
    page.get_by_label("Wachtwoord").fill("burger-demo-2026")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_text("Welkom terug").is_visible()
    page.get_by_role("button", name="EN").click()
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()
