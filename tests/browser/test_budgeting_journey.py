"""Participatory budgeting in a real browser.

A resident verifies with their national register number and fills a knapsack ballot while the budget
meter follows every choice (live with JavaScript, through "Check my choices" without), changes it and
checks both receipt codes; city staff record a paper ballot for a resident without an account; staff
add and review a project, then publish the results of a closed round by greedy and by the Method of
Equal Shares, with the explanation and the downloadable log; the overview shows every district round
and the city-wide round. Every budgeting page type passes axe.

Data the journeys need beyond the demo city (a fresh account, a closed process with district rounds)
is made through the services in the live server's app, as the city would have it before the day.
"""
from __future__ import annotations

import re
import time
from contextlib import contextmanager
from datetime import date, timedelta
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import login_as

DEMO_PROCESS = "burgerbegroting-2027"
STAFF = ("stad@demo.stadslab.be", "stadsdienst-demo-2026")
ADMIN = ("admin@demo.stadslab.be", "beheerder-demo-2026")
PASSWORD = "een-lang-wachtwoord-2026"
# The demo round's ballot (costs in euro): see participation/budgeting/demo.py.
DAMPOORT = ("Fietsenstalling aan Gent-Dampoort", 180_000)
POCKETPARK = ("Pocketpark op het Frans Rensplein", 95_000)
BANKEN = ("Zitbanken langs de Leie", 40_000)
SPORTVELD = ("Buurtsportveld in Nieuw Gent", 210_000)


def demo_resident(serial: int) -> str:
    """The national register number of a fictional resident on the demo round's census (501-505)."""
    from participation.budgeting.demo import _demo_national_number

    return _demo_national_number(serial)


@contextmanager
def in_app(live_server):
    """The live server's app and database, committed at the end (as the city's setup before the day)."""
    from participation.extensions import db

    with live_server["app"].app_context():
        try:
            yield db
            db.session.commit()
        finally:
            db.session.remove()


@contextmanager
def browser_page(browser, live_server, *, javascript: bool = True):
    """A fresh context (own cookies) in Dutch that only reaches the live server."""
    context = browser.new_context(locale="nl-BE", base_url=live_server["url"], java_script_enabled=javascript,
                                  accept_downloads=True)
    server = urlsplit(live_server["url"]).netloc
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).netloc == server else route.abort())
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def log_in(page, email: str, password: str) -> None:
    login_as(page, email, password)
    if page.locator("html").get_attribute("lang") != "nl":
        page.get_by_role("button", name="NL Nederlands").click()
        expect(page.locator("html")).to_have_attribute("lang", "nl")


def new_citizen(live_server, name: str) -> str:
    from participation.accounts.services import create_user

    email = f"{name.lower().replace(' ', '.')}.{time.time_ns()}@example.be"
    with in_app(live_server):
        create_user(email, name, PASSWORD)
    return email


def demo_round_id(live_server) -> int:
    from sqlalchemy import select

    from participation.budgeting.models import BudgetRound
    from participation.processes.models import Process

    with in_app(live_server) as db:
        return db.session.scalar(select(BudgetRound.id).join(Process).where(Process.slug == DEMO_PROCESS))


def euro(amount: int) -> str:
    return "€" + f"{amount:,}".replace(",", ".")


def meter_text(page):
    return page.locator("#meter-text")


def project_box(page, title: str):
    return page.get_by_role("checkbox", name=re.compile("^" + re.escape(title)))


def check_receipt(page, round_id: int, code: str) -> str:
    page.goto(f"/stemronden/{round_id}/ontvangstbewijs-controleren")
    page.get_by_label("Code van het ontvangstbewijs").fill(code)
    page.get_by_role("button", name="Controleren", exact=True).click()
    return page.get_by_role("status").inner_text()


# --------------------------------------------------------------------------- the citizen


def test_a_verified_citizen_fills_a_knapsack_ballot_with_the_budget_meter_changes_it_and_checks_the_receipts(browser, live_server):
    round_id = demo_round_id(live_server)
    email = new_citizen(live_server, "Lotte Vermeulen")
    with browser_page(browser, live_server) as page:
        log_in(page, email, PASSWORD)
        page.goto(f"/trajecten/{DEMO_PROCESS}/stemronden")
        assert_no_axe_violations(page, "the rounds of a process")
        page.get_by_role("link", name="Burgerbegroting 2027: de hele stad").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Burgerbegroting 2027: de hele stad")
        assert_no_axe_violations(page, "round page")

        # Not verified yet: the round asks first who you are.
        page.get_by_role("link", name="Bevestig dat je mag stemmen").click()
        expect(page.get_by_role("heading", name="Bevestig dat je mag stemmen")).to_be_visible()
        assert_no_axe_violations(page, "verify page")
        page.get_by_label("Rijksregisternummer").fill("85061550199")  # a typo: wrong check digits
        page.get_by_role("button", name="Verifiëren", exact=True).click()
        expect(page.locator(".error-summary")).to_be_visible()
        expect(page.get_by_label("Rijksregisternummer")).to_have_value("85061550199")
        assert_no_axe_violations(page, "verify page with an error")
        page.get_by_label("Rijksregisternummer").fill(demo_resident(501))
        page.get_by_role("button", name="Verifiëren", exact=True).click()
        expect(page.get_by_text("Je bent geverifieerd voor deze stemronde. Je kan nu stemmen.")).to_be_visible()

        # The ballot: the meter starts empty and follows every choice.
        expect(page.get_by_role("heading", name="Je stembiljet")).to_be_visible()
        expect(meter_text(page)).to_have_text("€0 van €1.200.000 gekozen")
        expect(page.locator("#meter-left")).to_have_text("nog €1.200.000 over")
        assert_no_axe_violations(page, "empty ballot")
        project_box(page, DAMPOORT[0]).check()
        expect(meter_text(page)).to_have_text(f"{euro(180_000)} van €1.200.000 gekozen")
        project_box(page, POCKETPARK[0]).check()
        expect(meter_text(page)).to_have_text(f"{euro(275_000)} van €1.200.000 gekozen")
        expect(page.locator("#meter-left")).to_have_text(f"nog {euro(925_000)} over")
        assert page.locator("#meter-bar").evaluate("bar => bar.value") == 275_000_00
        assert_no_axe_violations(page, "ballot with two projects")
        page.get_by_role("button", name="Mijn stembiljet indienen").click()

        expect(page.get_by_role("heading", name="Bedankt: je stembiljet is opgeslagen")).to_be_visible()
        first_code = page.locator("main code").inner_text()
        assert re.fullmatch(r"[A-Z0-9-]{8,}", first_code), first_code
        assert_no_axe_violations(page, "receipt")

        # Changing the ballot: it opens with the saved choices, the meter shows them.
        page.get_by_role("link", name="Terug naar de stemronde").click()
        page.get_by_role("link", name="Mijn stembiljet bekijken of wijzigen").click()
        expect(page.get_by_text("Je stembiljet is opgeslagen. Je kan het wijzigen")).to_be_visible()
        expect(project_box(page, DAMPOORT[0])).to_be_checked()
        expect(meter_text(page)).to_have_text(f"{euro(275_000)} van €1.200.000 gekozen")
        project_box(page, DAMPOORT[0]).uncheck()
        project_box(page, BANKEN[0]).check()
        expect(meter_text(page)).to_have_text(f"{euro(135_000)} van €1.200.000 gekozen")
        page.get_by_role("button", name="Mijn stembiljet vervangen").click()
        expect(page.get_by_role("heading", name="Bedankt: je stembiljet is opgeslagen")).to_be_visible()
        second_code = page.locator("main code").inner_text()
        assert second_code != first_code

        # Only the newest receipt counts; the check never shows what was chosen.
        assert "telt mee in deze stemronde" in check_receipt(page, round_id, second_code)
        expect(page.get_by_role("main")).not_to_contain_text(POCKETPARK[0])
        assert_no_axe_violations(page, "receipt check, counted")
        assert "Geen stembiljet met dit ontvangstbewijs" in check_receipt(page, round_id, first_code)
        assert_no_axe_violations(page, "receipt check, not counted")

        page.goto(f"/stemronden/{round_id}/stembiljet")
        expect(project_box(page, BANKEN[0])).to_be_checked()
        expect(project_box(page, DAMPOORT[0])).not_to_be_checked()

    # Without JavaScript the server's meter answers "Check my choices". (axe needs JavaScript: it checks
    # the same ballot page above.)
    with browser_page(browser, live_server, javascript=False) as page:
        log_in(page, email, PASSWORD)
        page.goto(f"/stemronden/{round_id}/stembiljet")
        expect(meter_text(page)).to_have_text(f"{euro(135_000)} van €1.200.000 gekozen")
        project_box(page, SPORTVELD[0]).check()
        expect(meter_text(page)).to_have_text(f"{euro(135_000)} van €1.200.000 gekozen")  # nothing live
        page.get_by_role("button", name="Mijn keuzes controleren").click()
        expect(meter_text(page)).to_have_text(f"{euro(345_000)} van €1.200.000 gekozen")
        expect(page.get_by_text("Je keuzes volgen de regels.")).to_be_visible()
        expect(project_box(page, SPORTVELD[0])).to_be_checked()  # the choices are kept, not yet cast
        for title in ("Speelbos aan de Watersportbaan", "Veilige oversteek aan de Kortrijksesteenweg",
                      "Vergroening schoolomgeving Ledeberg", DAMPOORT[0], "Buurtkeuken in Rabot", "Waterpunten in de binnenstad",
                      "Geveltuinen in de Brugse Poort"):
            project_box(page, title).check()
        page.get_by_role("button", name="Mijn keuzes controleren").click()
        # All ten demo projects together (€1.125.000) fit in the budget.
        expect(meter_text(page)).to_have_text(f"{euro(1_125_000)} van €1.200.000 gekozen")
        expect(page.locator("#meter-left")).to_have_text(f"nog {euro(75_000)} over")
        page.get_by_role("button", name="Mijn stembiljet vervangen").click()
        expect(page.get_by_role("heading", name="Bedankt: je stembiljet is opgeslagen")).to_be_visible()
        page.goto(f"/stemronden/{round_id}/stembiljet")
        expect(meter_text(page)).to_have_text(f"{euro(1_125_000)} van €1.200.000 gekozen")
