"""What happened to the input, in a real browser on the demo city: the funnel page of a demo process shows
its numbers and median response time, "Mijn inspraak" of the demo citizen and the staff dashboard; axe on each.

The expected figures are counted here straight from the demo database, independently of the outcome queries.
"""
from __future__ import annotations

import re
import statistics
from datetime import timezone

from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import login_as
from tests.browser.test_ideas_journey import browser_page

CITIZEN = ("burger@demo.stadslab.be", "burger-demo-2026")
STAFF = ("stad@demo.stadslab.be", "stadsdienst-demo-2026")


def _utc(moment):
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def _most_answered_process(live_server) -> dict:
    """The demo process with the most answered ideas, with its figures counted by hand."""
    from participation.extensions import db
    from participation.ideas.models import Idea
    from participation.ideas.states import PUBLIC_STATUSES
    from participation.processes.models import Process

    with live_server["app"].app_context():
        slug, process_id = db.session.execute(
            select(Process.slug, Process.id).join(Idea, Idea.process_id == Process.id)
            .where(Idea.first_response_at.is_not(None), Idea.status.in_(PUBLIC_STATUSES))
            .group_by(Process.id, Process.slug).order_by(func.count(Idea.id).desc(), Process.id).limit(1)
        ).one()
        ideas = db.session.execute(
            select(Idea.status, Idea.published_at, Idea.created_at, Idea.first_response_at).where(Idea.process_id == process_id)
        ).all()
        db.session.remove()
    public = [idea for idea in ideas if idea.status in PUBLIC_STATUSES]
    answered = [idea for idea in public if idea.first_response_at is not None]
    days = [(_utc(i.first_response_at) - _utc(i.published_at or i.created_at)).total_seconds() / 86400 for i in answered]
    return {
        "slug": slug,
        "received": len(ideas),
        "published": len(public),
        "answered": len(answered),
        "median": statistics.median(days),
    }


def test_the_funnel_page_of_a_demo_process_shows_its_numbers_and_median(browser, live_server):
    expected = _most_answered_process(live_server)
    assert expected["answered"] >= 2, "the demo city should show a meaningful funnel"
    with browser_page(browser, live_server) as page:
        page.goto(f"/trajecten/{expected['slug']}")
        page.get_by_role("link", name="Wat gebeurde er met jullie inbreng?").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Wat gebeurde er met jullie inbreng?")

        expect(page.locator("#figure-received")).to_have_text(str(expected["received"]))
        share = round(100 * expected["answered"] / expected["published"])
        expect(page.locator("#figure-answered-share")).to_contain_text(f"{share}%")
        expect(page.locator("#figure-answered-share")).to_contain_text(f"{expected['answered']} van {expected['published']}")
        median = f"{expected['median']:.1f}".rstrip("0").rstrip(".").replace(".", ",")
        expect(page.locator("#figure-median")).to_contain_text(re.compile(rf"^\s*{re.escape(median)} dag(en)?\s*$"))
        table = page.get_by_role("table", name="De trechter in cijfers")
        expect(table.get_by_role("row", name=re.compile(r"^Ontvangen")).get_by_role("cell").first).to_have_text(str(expected["received"]))
        expect(table.get_by_role("row", name=re.compile(r"^Beantwoord door de stad")).get_by_role("cell").first).to_have_text(str(expected["answered"]))
        assert_no_axe_violations(page, "the results page of a process")


def test_the_evaluated_demo_process_shows_its_closing_report(browser, live_server):
    from participation.extensions import db
    from participation.outcomes.models import ClosingReport

    with live_server["app"].app_context():
        has_report = db.session.scalar(select(func.count(ClosingReport.id)).where(ClosingReport.published_at.is_not(None)))
        db.session.remove()
    assert has_report, "the demo city should have a published closing report (kunst-in-de-wijk)"
    with browser_page(browser, live_server) as page:
        page.goto("/trajecten/kunst-in-de-wijk/resultaten")
        expect(page.get_by_role("heading", name="Jullie zeiden, wij deden: Kunst in de wijk 2025")).to_be_visible()
        assert_no_axe_violations(page, "a results page with a closing report")


def test_mijn_inspraak_of_the_demo_citizen(browser, live_server):
    with browser_page(browser, live_server) as page:
        login_as(page, *CITIZEN, in_dutch=True)
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn inspraak").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Mijn inspraak")
        expect(page.get_by_role("heading", name="Een autovrije Korenmarkt op zondag")).to_be_visible()
        expect(page.get_by_role("table", name="Ideeën die ik steun")).to_contain_text("Pocketpark op de lege hoek aan de Phoenixstraat")
        expect(page.get_by_text("Je stem is geheim")).to_be_visible()
        assert_no_axe_violations(page, "Mijn inspraak")


def test_the_staff_dashboard_filters_and_passes_axe(browser, live_server):
    with browser_page(browser, live_server) as page:
        login_as(page, *STAFF, in_dutch=True)
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Antwoordtermijnen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Ideeën die wachten op een officieel antwoord")
        assert_no_axe_violations(page, "the responsiveness dashboard")
        page.get_by_label("Alleen ideeën die te laat zijn").check()
        page.get_by_role("button", name="Filteren").click()
        expect(page).to_have_url(re.compile(r"overdue=y"))
        assert_no_axe_violations(page, "the filtered responsiveness dashboard")
