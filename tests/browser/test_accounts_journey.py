"""A new resident registers, confirms their address, logs in, switches to French and sees the running processes."""
import re

from playwright.sync_api import expect

from sqlalchemy import select

from participation.accounts.services import create_user
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
    page.get_by_label("Weergavenaam").fill("Fatima")
    page.get_by_label("Wachtwoord", exact=True).fill("kort")
    page.get_by_label("Herhaal je wachtwoord").fill("kort")
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text("Vink het vakje aan")  # the privacy box was not ticked
    assert page.get_by_label("Weergavenaam").input_value() == "Fatima"
    assert_no_axe_violations(page, "registration form with errors")

    password = "fietsen langs de Coupure"
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_label("Herhaal je wachtwoord").fill(password)
    page.get_by_label("Ik heb de privacyverklaring gelezen").check()
    page.get_by_role("button", name="Account aanmaken").click()
    # The same answer as for an address that already has an account (issue 20): nobody is logged in yet.
    expect(page.get_by_text("We hebben een e-mail gestuurd naar fatima@example.be")).to_be_visible()

    link = re.search(r"http://\S+/account/bevestigen/\S+", latest_mail_to(live_server, "fatima@example.be")).group(0)
    page.goto(link.replace("http://localhost", live_server["url"]))
    assert_no_axe_violations(page, "email confirmation")
    page.get_by_role("button", name="Mijn e-mailadres bevestigen").click()
    expect(page).to_have_url(re.compile("/profiel"))  # the first confirmation logs in
    expect(page.get_by_text("Bedankt, je e-mailadres is bevestigd.")).to_be_visible()
    assert_no_axe_violations(page, "profile")

    page.get_by_role("button", name="Uitloggen", exact=True).click()
    page.get_by_role("link", name="Inloggen").click()
    assert_no_axe_violations(page, "login form")
    page.get_by_label("E-mailadres").fill("fatima@example.be")
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Welkom terug, Fatima")).to_be_visible()

    page.get_by_role("button", name="FR Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.goto("/")
    expect(page.get_by_role("heading", name="Participez maintenant")).to_be_visible()
    expect(page.get_by_role("link", name="Ruimte voor Gent: hoe ziet jouw buurt eruit in 2040?")).to_be_visible()
    assert_no_axe_violations(page, "home in French")
    page.get_by_role("link", name="Ruimte voor Gent: hoe ziet jouw buurt eruit in 2040?").click()
    expect(page.locator("[aria-current=step]")).to_have_count(1)
    assert_no_axe_violations(page, "process page in French")


def test_the_site_works_without_javascript(browser, live_server):
    # Its own resident: switching language is remembered on the profile, and the demo accounts
    # must keep Dutch for the other journeys.
    with live_server["app"].app_context():
        create_user("zonder-js@example.be", "Noor zonder JavaScript", "geen scripts nodig 2026")
        db.session.commit()
    context = browser.new_context(java_script_enabled=False, base_url=live_server["url"], locale="nl-BE")
    page = context.new_page()
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill("zonder-js@example.be")
    page.get_by_label("Wachtwoord").fill("geen scripts nodig 2026")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Welkom terug")).to_be_visible()
    page.get_by_role("button", name="EN English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()


def test_a_resident_who_chose_english_before_signing_in_is_offered_to_keep_it(browser, live_server):
    # Its own resident, saved as Dutch: the demo accounts keep their language for the other journeys.
    with live_server["app"].app_context():
        create_user("sam-en@example.be", "Sam", "een lange zin als wachtwoord")
        db.session.commit()
    context = browser.new_context(base_url=live_server["url"], locale="nl-BE")
    page = context.new_page()
    page.goto("/inloggen")
    page.get_by_role("button", name="EN English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Email address").fill("sam-en@example.be")
    page.get_by_label("Password").fill("een lange zin als wachtwoord")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Welcome back, Sam.")).to_be_visible()  # English stays for this visit
    offer = page.locator(".language-offer")
    expect(offer).to_contain_text("your account is set to Nederlands")
    assert_no_axe_violations(page, "page with the language offer")
    offer.get_by_role("button", name="Use English from now on").click()
    expect(page.get_by_text("we use English for you from now on")).to_be_visible()
    expect(page.locator(".language-offer")).to_have_count(0)
    context.close()
