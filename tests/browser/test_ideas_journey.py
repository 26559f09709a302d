"""Ideas in a real browser: a citizen submits an idea with a photo and a place on the map, finds it by
search and on the map, a neighbour supports it and reacts, city staff enter a paper idea; also once
without JavaScript. Every ideas page type passes axe.

The pages must not reach the internet: every request that does not go to the live server is aborted
(the map tiles point to OpenStreetMap, so the maps show no tiles, but they still take clicks).
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import login_as

PROCESS = "ruimte-voor-gent-2040"
CITIZEN = ("burger@demo.stadslab.be", "burger-demo-2026")
NEIGHBOUR = ("buur@demo.stadslab.be", "buur-demo-2026")
STAFF = ("stad@demo.stadslab.be", "stadsdienst-demo-2026")
# Ghent as the map shows it at its first zoom level: a click anywhere on the map lands in here.
GHENT_LATITUDES, GHENT_LONGITUDES = (50.95, 51.15), (3.55, 3.90)


@contextmanager
def browser_page(browser, live_server, *, javascript: bool = True):
    """A fresh context (own cookies) that lets requests reach the live server and aborts all others."""
    context = browser.new_context(locale="nl-BE", base_url=live_server["url"], java_script_enabled=javascript)
    server = urlsplit(live_server["url"]).netloc
    blocked: list[str] = []

    def only_the_live_server(route):
        url = route.request.url
        if urlsplit(url).netloc == server or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", only_the_live_server)
    page = context.new_page()
    page.blocked_requests = blocked
    try:
        yield page
    finally:
        context.close()


def png_file(tmp_path, name="kiosk.png"):
    path = tmp_path / name
    Image.new("RGB", (64, 48), (40, 120, 60)).save(path, format="PNG")
    return path


def idea_id_from(page) -> int:
    return int(re.search(r"/ideeen/(\d+)$", urlsplit(page.url).path).group(1))


def test_citizen_submits_an_idea_with_photo_and_location_a_neighbour_supports_it_and_staff_enter_a_paper_idea(
    browser, live_server, tmp_path
):
    title = "Een leeskiosk met boekenruil in het Citadelpark"
    description = "Een kleine **kiosk** waar buren boeken ruilen, met een bank en een luifel tegen de regen."

    # --- The citizen submits an idea with a photo and a place on the map ---------------------------
    with browser_page(browser, live_server) as page:
        login_as(page, *CITIZEN, in_dutch=True)
        page.goto(f"/trajecten/{PROCESS}/ideeen")
        page.get_by_role("link", name="Een idee indienen").click()
        expect(page.get_by_role("heading", name="Een idee indienen")).to_be_visible()
        location_map = page.get_by_role("region", name="Locatie op de kaart (niet verplicht)")
        expect(location_map).to_be_visible()  # Leaflet took over the container, which has a name
        expect(location_map).to_have_class(re.compile("leaflet-container"))
        assert_no_axe_violations(page, "submit form")

        # Sending it empty explains what is missing, and keeps the page accessible.
        page.get_by_role("button", name="Idee indienen").click()
        expect(page.locator(".error-summary")).to_be_visible()
        expect(page.locator(".error-summary")).to_contain_text("Titel")
        assert_no_axe_violations(page, "submit form with errors")

        page.get_by_label("Titel").fill(title)
        page.get_by_label("Beschrijving", exact=True).fill(description)
        page.get_by_label("Wijk").select_option(label="Binnenstad")
        # Click the map (it has no tiles offline, but it still takes clicks): the pin fills the coordinates.
        latitude, longitude = page.get_by_label("Breedtegraad"), page.get_by_label("Lengtegraad")
        expect(latitude).to_have_value("")
        location_map.click(position={"x": 140, "y": 90})
        expect(location_map.locator(".leaflet-marker-icon")).to_have_count(1)
        expect(latitude).not_to_have_value("")
        expect(longitude).not_to_have_value("")
        lat, lon = float(latitude.input_value()), float(longitude.input_value())
        assert GHENT_LATITUDES[0] < lat < GHENT_LATITUDES[1] and GHENT_LONGITUDES[0] < lon < GHENT_LONGITUDES[1], (lat, lon)
        page.get_by_label("Afbeelding 1", exact=True).set_input_files(png_file(tmp_path))
        page.get_by_label("Beschrijving van afbeelding 1").fill("Schets van de kiosk tussen de bomen")
        page.get_by_role("button", name="Idee indienen").click()

        expect(page.get_by_text("Bedankt! Je idee is gepubliceerd.")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        idea_id = idea_id_from(page)
        image = page.get_by_role("img", name="Schets van de kiosk tussen de bomen")
        image.scroll_into_view_if_needed()
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth") == 64  # served back, re-encoded, same size
        expect(page.locator(".facts")).to_contain_text(f"{lat:.5f}, {lon:.5f}")
        expect(page.locator(".facts")).to_contain_text("Binnenstad")
        assert_no_axe_violations(page, "idea detail")

        # The author edits the idea: the map shows the saved pin, and the change is kept.
        page.get_by_role("link", name="Dit idee aanpassen").click()
        expect(page.get_by_role("heading", name="Je idee aanpassen")).to_be_visible()
        expect(page.locator(".location-map .leaflet-marker-icon")).to_have_count(1)
        expect(page.get_by_label("Breedtegraad")).not_to_have_value("")
        assert float(page.get_by_label("Breedtegraad").input_value()) == pytest.approx(lat, abs=1e-5)
        assert_no_axe_violations(page, "edit form")
        page.get_by_label("Beschrijving", exact=True).fill(description + "\n\nDe buurtvereniging wil de kiosk beheren.")
        page.get_by_role("button", name="Wijzigingen bewaren").click()
        expect(page.get_by_text("Je wijzigingen zijn bewaard.")).to_be_visible()
        expect(page.locator(".rich-text")).to_contain_text("De buurtvereniging wil de kiosk beheren.")

        # Search finds it (accents and case do not matter) ...
        page.goto(f"/trajecten/{PROCESS}/ideeen")
        page.get_by_role("searchbox", name="Zoeken").fill("LEESKIOSK boekenruil")
        page.get_by_role("button", name="Ideeën tonen").click()
        expect(page.locator("p.count")).to_have_text("1 idee")
        expect(page.locator(".idea-card")).to_have_count(1)
        expect(page.locator(".idea-card").get_by_role("link", name=title)).to_be_visible()
        # ... and so does the map, which shows a marker for it, fed by the GeoJSON feed.
        idea_map = page.get_by_role("region", name="Kaart van de ideeën met een locatie")
        expect(idea_map).to_be_visible()
        marker = idea_map.locator(f'.leaflet-marker-icon[title="{title}"]')
        expect(marker).to_be_visible()
        assert_no_axe_violations(page, "idea list with the map, filtered by a search")
        marker.click()
        popup = idea_map.locator(".leaflet-popup")
        expect(popup.get_by_role("link", name=title)).to_be_visible()
        expect(popup).to_have_css("opacity", "1")  # Leaflet fades it in; axe would measure the fade
        assert_no_axe_violations(page, "idea map with a popup open")

        feed = page.request.get(f"/ideeen.geojson?process={PROCESS}")
        assert feed.ok and feed.headers["content-type"].startswith("application/geo+json")
        ours = [f for f in feed.json()["features"] if f["properties"]["id"] == idea_id]
        assert len(ours) == 1
        assert ours[0]["properties"]["title"] == title
        assert ours[0]["geometry"]["coordinates"] == pytest.approx([lon, lat], abs=1e-5)

        # The city-wide list finds it too and passes axe.
        page.goto("/ideeen?q=leeskiosk")
        expect(page.locator(".idea-card").get_by_role("link", name=title)).to_be_visible()
        expect(page.locator(".idea-map .leaflet-marker-icon")).to_have_count(1)
        assert_no_axe_violations(page, "city-wide idea list")
        assert all("openstreetmap.org" in url for url in page.blocked_requests), page.blocked_requests

    # --- A neighbour supports the idea and reacts ------------------------------------------------
    with browser_page(browser, live_server) as page:
        login_as(page, *NEIGHBOUR, in_dutch=True)
        page.goto(f"/ideeen/{idea_id}")
        support = page.locator("#steun")
        expect(support.locator(".support-count strong")).to_have_text("0")
        support.get_by_role("button", name="Dit idee steunen").click()
        expect(page.get_by_text("Je steunt dit idee.").first).to_be_visible()
        expect(support.locator(".support-count strong")).to_have_text("1")
        expect(support).to_contain_text("persoon steunt dit idee")
        expect(support.get_by_role("button", name="Mijn steun intrekken")).to_be_visible()

        page.get_by_label("Je reactie").fill("Goed plan! Ik breng graag een doos jeugdboeken mee.")
        page.get_by_role("button", name="Reactie plaatsen").click()
        expect(page.get_by_text("Je reactie is geplaatst.")).to_be_visible()
        expect(page.locator("ol.comments > li.comment")).to_have_count(1)
        expect(page.locator("ol.comments")).to_contain_text("Ik breng graag een doos jeugdboeken mee.")
        expect(page.locator("#comments-title")).to_contain_text("(1)")
        assert_no_axe_violations(page, "idea detail with a reaction, seen by a supporter")

        page.goto(f"/trajecten/{PROCESS}/ideeen?q=leeskiosk")
        card = page.locator(".idea-card")
        expect(card).to_contain_text("1 steun")
        expect(card).to_contain_text("1 reactie")
        expect(card).to_contain_text("Je steunt dit idee")

    # --- City staff enter an idea that came in on paper ------------------------------------------
    with browser_page(browser, live_server) as page:
        login_as(page, *STAFF, in_dutch=True)
        page.goto(f"/trajecten/{PROCESS}/ideeen")
        page.get_by_role("link", name="Een offline ontvangen idee invoeren").click()
        expect(page.get_by_role("heading", name="Een offline ontvangen idee invoeren")).to_be_visible()
        assert_no_axe_violations(page, "offline idea form")

        page.get_by_label("Op papier ontvangen").check()
        page.get_by_label("Naam van de burger").fill("Marcel (brief aan het Stadhuis)")
        page.get_by_label("Telefoonnummer of adres om hen te bereiken").fill("09 123 45 67")
        page.get_by_label("Titel").fill("Een watertappunt aan de Blaarmeersen")
        page.get_by_label("Beschrijving", exact=True).fill("Per brief: in de zomer is er aan het strand geen drinkwater.")
        page.get_by_role("button", name="Idee invoeren").click()

        expect(page.get_by_text("Het idee is ingevoerd en gepubliceerd.")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text("Een watertappunt aan de Blaarmeersen")
        meta = page.locator("p.meta").first
        expect(meta.locator(".badge-muted")).to_have_text("Op papier ontvangen")
        expect(meta).to_contain_text("door Marcel (brief aan het Stadhuis)")
        facts = page.locator(".facts")
        expect(facts).to_contain_text("Binnengekomen")
        expect(facts).to_contain_text("Op papier ontvangen")
        expect(facts).to_contain_text("09 123 45 67")  # staff see how to reach the citizen
        paper_idea_id = idea_id_from(page)
        assert_no_axe_violations(page, "offline idea detail, seen by staff")

    # The public sees where it came from, but not the contact details.
    with browser_page(browser, live_server) as page:
        page.goto(f"/ideeen/{paper_idea_id}")
        expect(page.locator(".facts")).to_contain_text("Op papier ontvangen")
        expect(page.locator(".facts")).not_to_contain_text("09 123 45 67")
        page.goto(f"/trajecten/{PROCESS}/ideeen?q=watertappunt")
        expect(page.locator(".idea-card .badge-muted")).to_have_text("Op papier ontvangen")
        expect(page.get_by_role("link", name="Log in om een idee in te dienen")).to_be_visible()
        assert_no_axe_violations(page, "idea list for a visitor")


def test_without_javascript_a_citizen_submits_an_idea_with_coordinates_typed_in(browser, live_server):
    with browser_page(browser, live_server, javascript=False) as page:
        login_as(page, *CITIZEN, in_dutch=True)
        page.goto(f"/trajecten/{PROCESS}/ideeen")
        expect(page.locator(".idea-map")).to_be_hidden()  # the list works without the map
        page.get_by_role("link", name="Een idee indienen").click()
        expect(page.locator(".location-map")).to_be_hidden()
        # (axe needs JavaScript, so it checks these pages in the other test, where the map is shown.)

        page.get_by_label("Titel").fill("Fietsenstalling met dak aan de Sint-Pietersabdij")
        page.get_by_label("Beschrijving", exact=True).fill("Bezoekers zetten hun fiets nu tegen de abdijmuur.")
        page.get_by_label("Wijk").select_option(label="Binnenstad")
        page.get_by_label("Breedtegraad").fill("51.0425")
        page.get_by_label("Lengtegraad").fill("3.7262")
        page.get_by_role("button", name="Idee indienen").click()

        expect(page.get_by_text("Bedankt! Je idee is gepubliceerd.")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text("Fietsenstalling met dak aan de Sint-Pietersabdij")
        expect(page.locator(".facts")).to_contain_text("51.04250, 3.72620")

        page.goto(f"/trajecten/{PROCESS}/ideeen?q=sint-pietersabdij")
        expect(page.locator(".idea-card").get_by_role("link", name="Fietsenstalling met dak aan de Sint-Pietersabdij")).to_be_visible()
        assert page.blocked_requests == []  # without the map script nothing even tries to reach the internet
