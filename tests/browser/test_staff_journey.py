"""City staff create a process with phases and publish it; every page type passes axe."""
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import login_as


def test_staff_create_a_process_with_phases_and_publish_it(page):
    login_as(page, "stad@demo.stadslab.be", "stadsdienst-demo-2026")
    page.get_by_role("link", name="Trajecten beheren").click()
    assert_no_axe_violations(page, "process management list")
    page.get_by_role("link", name="Nieuw traject").click()
    assert_no_axe_violations(page, "new process form")

    page.get_by_label("Titel", exact=True).fill("Een nieuwe fietsbrug over de Schelde")
    page.get_by_label("Beleidsdoel", exact=True).fill("De stad kiest het tracé op basis van de reacties en motiveert haar keuze publiek.")
    page.get_by_label("Beschrijving", exact=True).fill("Waar moet de brug **landen**?")
    page.get_by_label("Mobiliteit").check()
    page.get_by_label("Gentbrugge", exact=True).check()
    page.get_by_role("button", name="Traject opslaan").click()
    expect(page.get_by_text("opgeslagen als concept")).to_be_visible()
    assert_no_axe_violations(page, "edit process form")

    today = date.today()
    # Overlapping dates are refused with an explanation, and nothing is added.
    page.get_by_label("Soort fase").select_option("information")
    page.get_by_label("Eerste dag").fill(today.isoformat())
    page.get_by_label("Laatste dag").fill((today + timedelta(days=6)).isoformat())
    page.get_by_role("button", name="Fase opslaan").click()
    page.get_by_label("Soort fase").select_option("ideation")
    page.get_by_label("Eerste dag").fill((today + timedelta(days=3)).isoformat())
    page.get_by_label("Laatste dag").fill((today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Fase opslaan").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page, "phase form with errors")
    page.get_by_label("Eerste dag").fill((today + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Fase opslaan").click()
    expect(page.locator("#fasen tbody tr")).to_have_count(2)

    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("Gepubliceerd").first).to_be_visible()
    page.locator("#fasen tbody tr").first.get_by_role("link").click()
    assert_no_axe_violations(page, "phase edit form")

    page.get_by_role("link", name="Start", exact=True).click()
    page.get_by_role("link", name="Een nieuwe fietsbrug over de Schelde").click()
    expect(page.get_by_role("heading", name="Een nieuwe fietsbrug over de Schelde")).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_have_count(1)


def test_every_public_and_admin_page_type_has_no_axe_violations(page):
    for url, label in [
        ("/", "home"),
        ("/trajecten", "all processes"),
        ("/trajecten/burgerbegroting-2027", "process with previous edition"),
        ("/trajecten/burgerbegroting-2024", "archived process"),
        ("/wachtwoord-vergeten", "forgot password"),
        ("/wachtwoord-herstellen/forged-token", "broken reset link"),
        ("/bestaat-niet", "404 page"),
    ]:
        page.goto(url)
        assert_no_axe_violations(page, label)
    login_as(page, "admin@demo.stadslab.be", "beheerder-demo-2026")
    page.goto("/beheer/gebruikers")
    assert_no_axe_violations(page, "user management")
    page.goto("/beheer/trajecten")
    page.get_by_role("link", name="Gentse voedselstrategie 2030 (concept)").click()
    assert_no_axe_violations(page, "draft process form")
    page.goto("/trajecten/voedselstrategie-concept")
    assert_no_axe_violations(page, "draft preview")
    login_as_citizen = page.get_by_role("button", name="Uitloggen")
    login_as_citizen.click()
    login_as(page, "burger@demo.stadslab.be", "burger-demo-2026")
    response = page.goto("/beheer/trajecten")
    assert response.status == 403
    assert_no_axe_violations(page, "403 page")
