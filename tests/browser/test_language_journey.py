"""Readers in English and French: their pages and mails in their language, what the city translated in
it, and what it did not translated marked as Dutch (issue 17)."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from participation.extensions import db
from participation.ideas.models import Idea
from participation.processes.models import Process
from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import login_as
from tests.browser.test_accounts_journey import latest_mail_to


def _mail(live_server, email):
    from participation.notifications.models import OutboxMessage

    with live_server["app"].app_context():
        return db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id.desc())
        ).first()


def test_an_english_visitor_registers_and_gets_english_pages_and_mails_throughout(browser, live_server):
    context = browser.new_context(locale="en-GB", base_url=live_server["url"])
    page = context.new_page()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Email address").fill("oliver@example.be")
    page.get_by_label("Display name").fill("Oliver")
    password = "cycling along the Coupure"
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat password").fill(password)
    page.get_by_label("I have read the privacy statement").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("We sent an email to oliver@example.be")).to_be_visible()

    mail = _mail(live_server, "oliver@example.be")
    assert mail.subject == "Confirm your email address"
    link = re.search(r"http://\S+/account/bevestigen/\S+", mail.text_body).group(0)
    page.goto(link.replace("http://localhost", live_server["url"]))
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_text("Thank you, your email address is confirmed.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # What the city translated is in English; what it did not is Dutch, said so, and tagged for screen readers.
    page.goto("/trajecten/schoolstraten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Safe school surroundings and school streets")
    expect(page.locator(".rich-text[lang=nl]")).to_contain_text("Welke schoolomgevingen moeten veiliger?")
    expect(page.locator("p.lang-fallback")).to_have_text("Available in Dutch only")
    assert_no_axe_violations(page, "process page in English with a Dutch fallback")

    page.goto("/trajecten/ruimte-voor-gent-2040")
    expect(page.locator("h1[lang=nl]")).to_have_text("Ruimte voor Gent: hoe ziet jouw buurt eruit in 2040?")
    page.goto("/trajecten/ruimte-voor-gent-2040/ideeen")
    page.get_by_role("link", name="Submit an idea").click()
    expect(page.get_by_label("Language of your idea")).to_be_visible()
    assert_no_axe_violations(page, "idea form in English")
    page.get_by_label("Title", exact=True).fill("A covered bike shed at the station")
    page.get_by_label("Description", exact=True).fill("Many people cycle to the station and their bikes get wet in the rain.")
    page.get_by_role("button", name="Submit idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A covered bike shed at the station")
    with live_server["app"].app_context():
        idea = db.session.scalar(select(Idea).where(Idea.title == "A covered bike shed at the station"))
        assert idea.language == "en"
    context.close()


def test_a_french_reader_sees_french_staff_texts_and_a_marked_dutch_fallback(browser, live_server):
    context = browser.new_context(locale="fr-BE", base_url=live_server["url"])
    page = context.new_page()
    page.goto("/trajecten/schoolstraten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Des abords d'école sûrs et des rues scolaires")
    expect(page.get_by_text("Quels abords d'école doivent devenir plus sûrs ?")).to_be_visible()
    expect(page.locator(".lang-fallback")).to_have_count(0)
    assert_no_axe_violations(page, "translated process page in French")

    page.goto("/trajecten/ruimte-voor-gent-2040")
    expect(page.locator("h1[lang=nl]")).to_be_visible()
    expect(page.locator("p.lang-fallback")).to_have_text("Disponible uniquement en néerlandais")
    assert_no_axe_violations(page, "untranslated process page in French")

    page.goto("/")
    card = page.locator(".card", has=page.locator("[lang=nl]")).first
    expect(card.locator(".lang-fallback")).to_have_text("(Disponible uniquement en néerlandais)")
    assert_no_axe_violations(page, "home in French with marked fallbacks")
    context.close()


def test_staff_translate_a_process_in_fields_side_by_side(page, live_server):
    login_as(page, "stad@demo.stadslab.be", "stadsdienst-demo-2026", in_dutch=True)
    with live_server["app"].app_context():
        process_id = db.session.scalar(select(Process.id).where(Process.slug == "kunst-in-de-wijk"))
    page.goto(f"/beheer/trajecten/{process_id}")
    expect(page.get_by_label("Taal van deze teksten")).to_have_value("nl")
    page.get_by_label("Titel in het Engels").fill("Art in the neighbourhood 2025")
    expect(page.get_by_label("Titel in het Frans")).to_have_attribute("lang", "fr")
    assert_no_axe_violations(page, "process form with translation fields")
    page.get_by_role("button", name="Traject opslaan").click()
    expect(page.get_by_text("Het traject is opgeslagen.")).to_be_visible()
    page.get_by_role("button", name="EN English").click()
    page.goto("/trajecten/kunst-in-de-wijk")
    expect(page.get_by_role("heading", level=1)).to_have_text("Art in the neighbourhood 2025")
    page.get_by_role("button", name="NL Nederlands").click()
