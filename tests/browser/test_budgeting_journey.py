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
        login_as(page, email, PASSWORD, in_dutch=True)
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
        login_as(page, email, PASSWORD, in_dutch=True)
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


# --------------------------------------------------------------------------- city staff and results


def closed_process_with_district_rounds(live_server, idea_author_email: str) -> dict:
    """A process whose vote just closed: a city-wide round and two district rounds with paper ballots,
    a draft round without projects, and an accepted idea of the process (by idea_author_email)."""
    from sqlalchemy import select

    from participation.accounts.models import User
    from participation.budgeting import results, services
    from participation.city.models import District
    from participation.ideas.services import submit_idea
    from participation.ideas.services.status import change_idea_status
    from participation.processes import services as process_services

    today = date.today()
    with in_app(live_server) as db:
        staff = db.session.scalar(select(User).where(User.email == STAFF[0]))
        author = db.session.scalar(select(User).where(User.email == idea_author_email))
        districts = {d.name: d for d in db.session.scalars(select(District).where(District.name.in_(("Dampoort", "Ledeberg"))))}
        process = process_services.save_process(
            None, author=staff, title=f"Wijkbudgetten {time.time_ns()}", slug=None, policy_goal="De stad voert de gekozen projecten uit.",
            description="", moderation_mode="post", theme_ids=[], district_ids=[], previous_edition_id=None)
        process_services.add_phase(process, kind="ideation", starts_on=today - timedelta(days=60), ends_on=today - timedelta(days=31))
        voting = process_services.add_phase(process, kind="voting", starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=5))
        process_services.change_status(process, "published")
        idea = submit_idea(process, author, title="Een buurtmoestuin aan de Dampoort",
                           description="Bakken met groenten en kruiden die de buren samen verzorgen.", today=today - timedelta(days=40))
        change_idea_status(idea, "accepted", staff, "Past in de wijkbudgetten.")

        def voting_round(title, district, projects, ballots):
            round_ = services.save_round(None, process=process, actor=staff, title=title, description="",
                                         district_id=district.id if district else None, vote_method="knapsack", budget_cents=100_000_00)
            ids = {}
            for name, cost in projects:
                project = services.save_project(None, round_=round_, actor=staff, title=name, description="", cost_cents=cost * 100)
                services.review_project(project, staff, verdict="feasible", explanation="Uitvoerbaar.", cost_cents=cost * 100)
                ids[name] = project.id
            services.change_round_status(round_, "published", staff)
            census = "national_number;birth_date\n" + "".join(f"{demo_number(round_.id, n)};1980-01-01\n" for n in range(len(ballots) + 2))
            services.upload_census(round_, census.encode(), staff, today)
            for n, choice in enumerate(ballots):
                services.record_paper_ballot(round_, staff, {ids[name]: 1 for name in choice}, today,
                                             national_number=demo_number(round_.id, n))
            return round_

        city = voting_round("Wijkbudgetten: de hele stad", None, (("Stadsbos", 90_000), ("Speelstraten", 20_000)),
                            [("Stadsbos",)] * 3 + [("Speelstraten",)])
        dampoort = voting_round("Wijkbudget Dampoort", districts["Dampoort"], (("Dampoort bankjes", 15_000), ("Dampoort bomen", 60_000)),
                                [("Dampoort bankjes",), ("Dampoort bankjes", "Dampoort bomen")])
        ledeberg = voting_round("Wijkbudget Ledeberg", districts["Ledeberg"], (("Ledeberg speelplein", 70_000),), [("Ledeberg speelplein",)])
        draft = services.save_round(None, process=process, actor=staff, title="Wijkbudget extra", description="",
                                    district_id=None, vote_method="knapsack", budget_cents=50_000_00)
        voting.ends_on = today - timedelta(days=1)  # the vote has closed
        db.session.flush()
        results.publish_results(dampoort, "mes", staff, today)
        return {"slug": process.slug, "city": city.id, "dampoort": dampoort.id, "ledeberg": ledeberg.id, "draft": draft.id,
                "idea": idea.id, "idea_title": idea.title}


def demo_number(round_id: int, n: int) -> str:
    """A valid national register number unique to a round of this test (born 1970-01-01)."""
    base = f"700101{(round_id * 37 + n) % 997:03d}"
    return base + f"{97 - int(base) % 97:02d}"


def test_staff_record_a_paper_ballot_add_and_review_a_project_from_an_idea_and_publish_results_by_greedy_and_mes(browser, live_server, tmp_path):
    from sqlalchemy import select

    from participation.budgeting import services
    from participation.budgeting.models import BudgetRound
    from participation.notifications.models import Notification

    round_id = demo_round_id(live_server)
    idea_author = new_citizen(live_server, "Wout Claes")
    world = closed_process_with_district_rounds(live_server, idea_author)

    def paper_ballots() -> int:
        with in_app(live_server) as db:
            return services.participation_counts(db.session.get(BudgetRound, round_id))["paper"]

    with browser_page(browser, live_server) as page:
        login_as(page, *STAFF, in_dutch=True)
        page.goto("/beheer/stemronden")
        expect(page.get_by_role("heading", name="Stemronden beheren")).to_be_visible()
        assert_no_axe_violations(page, "manage rounds")

        # --- A paper ballot at a polling point, for a resident without an account ---------------------
        page.goto(f"/beheer/stemronden/{round_id}")
        assert_no_axe_violations(page, "manage one round")
        # "Close voting now" first shows what it would do; staff change their mind and voting stays open.
        page.get_by_role("link", name="De stemming nu sluiten…").first.click()
        expect(page.get_by_role("heading", name="De stemming nu sluiten")).to_be_visible()
        expect(page.locator("#close-in-progress")).to_contain_text("tellen niet")
        assert_no_axe_violations(page, "close voting confirmation")
        page.get_by_role("link", name="Annuleren: de stemming blijft open").click()
        page.get_by_role("link", name="Een papieren stembiljet invoeren").click()
        expect(page.get_by_role("heading", name="Een papieren stembiljet invoeren")).to_be_visible()
        assert_no_axe_violations(page, "paper ballot form")
        before = paper_ballots()
        page.get_by_label("Rijksregisternummer").fill(demo_resident(502))
        project_box(page, POCKETPARK[0]).check()
        project_box(page, SPORTVELD[0]).check()
        expect(meter_text(page)).to_have_text(f"{euro(305_000)} van €1.200.000 gekozen")
        page.get_by_role("button", name="Het papieren stembiljet invoeren").click()
        expect(page.get_by_text("Het papieren stembiljet is ingevoerd.")).to_be_visible()
        paper_code = page.get_by_role("status").filter(has_text="Ontvangstbewijs voor de bewoner").locator("code").inner_text()
        expect(meter_text(page)).to_have_text("€0 van €1.200.000 gekozen")  # a clean form for the next resident
        assert_no_axe_violations(page, "paper ballot recorded")
        assert paper_ballots() == before + 1
        # The same resident cannot vote twice, whichever way.
        page.get_by_label("Rijksregisternummer").fill(demo_resident(502))
        project_box(page, BANKEN[0]).check()
        page.get_by_role("button", name="Het papieren stembiljet invoeren").click()
        expect(page.locator(".error-summary")).to_contain_text("Deze persoon heeft al gestemd in deze stemronde.")
        expect(page.get_by_label("Rijksregisternummer")).to_have_value(demo_resident(502))
        assert paper_ballots() == before + 1
        assert "telt mee in deze stemronde" in check_receipt(page, round_id, paper_code)

        # --- A project from an accepted idea, then its feasibility review ----------------------------
        page.goto(f"/beheer/stemronden/{world['draft']}")
        page.get_by_role("link", name="Project toevoegen").click()
        expect(page.get_by_role("heading", name="Project toevoegen")).to_be_visible()
        assert_no_axe_violations(page, "project form")
        page.get_by_label("Uit idee").select_option(label=world["idea_title"])
        page.get_by_label("Titel", exact=True).fill("Buurtmoestuin Dampoort")
        page.get_by_label("Kostprijs (euro)").fill("32000")
        page.get_by_role("button", name="Bewaren").click()
        expect(page.get_by_text("Het project is toegevoegd.")).to_be_visible()
        page.get_by_role("link", name="Haalbaarheid beoordelen").click()
        expect(page.get_by_role("heading", name=re.compile("^Haalbaarheid beoordelen"))).to_be_visible()
        assert_no_axe_violations(page, "feasibility review form")
        page.get_by_label("Haalbaar", exact=True).check()
        page.get_by_label("Publieke toelichting", exact=True).fill("De groendienst levert de bakken; de buurt verzorgt de tuin.")
        page.get_by_label("Geschatte kostprijs (euro)").fill("35000")
        page.get_by_role("button", name="Beoordeling opslaan").click()
        queue = page.locator(f"#round-{world['draft']}")
        expect(queue).to_contain_text("Buurtmoestuin Dampoort")
        expect(queue).to_contain_text("€35.000")
        expect(queue).to_contain_text("Haalbaar")
        assert_no_axe_violations(page, "review queue")
        # The idea's timeline continues, and its author was told.
        page.goto(f"/ideeen/{world['idea']}")
        expect(page.locator(".timeline")).to_contain_text("Dit idee werd het project “Buurtmoestuin Dampoort”")
        with in_app(live_server) as db:
            told = db.session.scalars(select(Notification.url).join(Notification.user).where(
                Notification.event_key.startswith("budget:project:"), Notification.user.has(email=idea_author))).all()
        assert len(told) == 1 and told[0].startswith(f"/stemronden/{world['draft']}#project-")

        # --- Results of the closed city-wide round: greedy, then the Method of Equal Shares -----------
        page.goto(f"/beheer/stemronden/{world['city']}")
        page.locator("input[name=rule][value=greedy]").check()
        page.get_by_role("button", name="Resultaten berekenen en publiceren").click()
        expect(page.get_by_text("De resultaten zijn gepubliceerd.")).to_be_visible()
        funded = page.locator("tbody tr").filter(has=page.get_by_role("cell", name="Ja", exact=True))
        expect(funded).to_have_count(1)
        expect(funded.get_by_role("rowheader")).to_have_text("Stadsbos")  # most votes first
        expect(page.get_by_role("columnheader", name="Effectieve steun")).to_have_count(0)
        expect(page.locator("section[aria-labelledby=how-title]")).to_contain_text("meeste stemmen")
        assert_no_axe_violations(page, "results by greedy")
        with page.expect_download() as download:
            page.get_by_role("link", name="Het volledige rekenverslag downloaden").click()
        log_file = tmp_path / "greedy-log.txt"
        download.value.save_as(log_file)
        log = log_file.read_text(encoding="utf-8")
        assert download.value.suggested_filename == f"round-{world['city']}-log.txt"
        assert "Done: 1 projects funded" in log

        page.goto(f"/beheer/stemronden/{world['city']}")
        page.locator("input[name=rule][value=mes]").check()
        page.get_by_role("button", name="Resultaten berekenen en publiceren").click()
        expect(page.get_by_text("De resultaten zijn gepubliceerd.")).to_be_visible()
        expect(page.get_by_role("columnheader", name="Effectieve steun")).to_be_visible()
        funded = page.locator("tbody tr").filter(has=page.get_by_role("cell", name="Ja", exact=True))
        # Each of the 4 voters controls €25.000: the 3 Stadsbos voters cannot pay €90.000, 1 voter can pay Speelstraten.
        expect(funded.get_by_role("rowheader")).to_have_text("Speelstraten")
        expect(page.locator("section[aria-labelledby=how-title]")).to_contain_text("Methode van Gelijke Delen")
        assert_no_axe_violations(page, "results by the Method of Equal Shares")
        with page.expect_download() as download:
            page.get_by_role("link", name="Het volledige rekenverslag downloaden").click()
        download.value.save_as(tmp_path / "mes-log.txt")
        assert "Equal Shares" in (tmp_path / "mes-log.txt").read_text(encoding="utf-8")

        # --- The overview of every round of the process --------------------------------------------
        page.goto(f"/trajecten/{world['slug']}/stemronden")
        page.get_by_role("link", name="Resultaten van alle stemronden").click()
        expect(page.get_by_role("heading", name="Resultaten van alle stemronden")).to_be_visible()
        city_rows = page.locator("section[aria-labelledby=city-title] tbody tr")
        expect(city_rows).to_have_count(1)
        expect(city_rows).to_contain_text("4 (66,7% van 6 inwoners)")
        expect(city_rows).to_contain_text("Speelstraten")
        district_rows = page.locator("section[aria-labelledby=districts-title] tbody tr")
        expect(district_rows).to_have_count(2)
        expect(district_rows.nth(0)).to_contain_text("Dampoort")
        expect(district_rows.nth(0)).to_contain_text("Dampoort bankjes")
        expect(district_rows.nth(1)).to_contain_text("Ledeberg")
        expect(district_rows.nth(1)).to_contain_text("Resultaten nog niet gepubliceerd.")
        assert_no_axe_violations(page, "results overview")


def test_an_admin_reissues_a_lost_letter_code_and_only_the_new_code_works(browser, live_server):
    round_id = demo_round_id(live_server)
    with browser_page(browser, live_server) as page:
        login_as(page, *ADMIN, in_dutch=True)
        page.goto(f"/beheer/stemronden/{round_id}")
        page.get_by_role("link", name="Een verloren briefcode opnieuw uitreiken").click()
        expect(page.get_by_role("heading", name="Een briefcode opnieuw uitreiken")).to_be_visible()
        assert_no_axe_violations(page, "reissue a letter code")
        page.get_by_label("Rijksregisternummer").fill(demo_resident(503))
        page.get_by_role("button", name="Een nieuwe code aanmaken").click()
        new_code = page.locator("#new-code").inner_text()
        expect(page.get_by_role("status")).to_contain_text("De oude code werkt niet meer.")
        assert_no_axe_violations(page, "reissued letter code")
        page.goto(f"/beheer/stemronden/{round_id}/briefcode-opnieuw")
        expect(page.locator("#new-code")).to_have_count(0)  # shown once

    email = new_citizen(live_server, "Fatma Yilmaz")
    with browser_page(browser, live_server) as page:
        login_as(page, email, PASSWORD, in_dutch=True)
        page.goto(f"/stemronden/{round_id}/verifieren")
        page.get_by_role("textbox", name="Code uit je brief").fill(new_code)
        page.get_by_role("button", name="Mijn code gebruiken").click()
        expect(page.get_by_text("Je bent geverifieerd voor deze stemronde. Je kan nu stemmen.")).to_be_visible()
