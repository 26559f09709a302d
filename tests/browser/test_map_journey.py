"""The maps without a tile server: the district boundaries are drawn as vectors, a notice says the
background did not load, a click on a district still places the pin, and the idea page names the
district in words. The tile host is blocked, as a city network or an outage would; axe checks the pages.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from urllib.parse import urlsplit

from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import login_as

PROCESS = "ruimte-voor-gent-2040"
CITIZEN = ("burger@demo.stadslab.be", "burger-demo-2026")
TILE_HOST = "tile.openstreetmap.org"
NOTICE = "De achtergrondkaart kon niet worden geladen. De wijkgrenzen worden zonder achtergrond getoond."
# Two small squares around the map's opening view of Ghent (51.0543, 3.7174 at zoom 13).
BOUNDARIES = {
    "Binnenstad": [[3.700, 51.049], [3.716, 51.049], [3.716, 51.060], [3.700, 51.060], [3.700, 51.049]],
    "Ledeberg": [[3.720, 51.046], [3.736, 51.046], [3.736, 51.057], [3.720, 51.057], [3.720, 51.046]],
}


@contextmanager
def stored_boundaries(live_server):
    """The demo city has no boundaries: store two for this journey, and take them away afterwards."""
    from participation.city.models import District
    from participation.city.services import set_district_boundary
    from participation.core.jobs import commit_and_release
    from participation.extensions import db

    app = live_server["app"]
    with app.app_context():
        for name, ring in BOUNDARIES.items():
            district = db.session.scalar(select(District).where(District.name == name))
            set_district_boundary(district, json.dumps({"type": "Polygon", "coordinates": [ring]}))
        commit_and_release()
    try:
        yield
    finally:
        with app.app_context():
            for district in db.session.scalars(select(District).where(District.name.in_(BOUNDARIES))):
                district.boundary_geojson = None
            commit_and_release()


@contextmanager
def page_without_tiles(browser, live_server):
    """A page whose tile requests fail (and that reaches nothing but the live server)."""
    context = browser.new_context(locale="nl-BE", base_url=live_server["url"])
    server = urlsplit(live_server["url"]).netloc
    tile_requests: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if urlsplit(url).netloc == server or url.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            if urlsplit(url).hostname == TILE_HOST:
                tile_requests.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.tile_requests = tile_requests
    try:
        yield page
    finally:
        context.close()


def test_without_tiles_the_maps_draw_the_districts_and_say_the_background_is_missing(browser, live_server):
    with stored_boundaries(live_server), page_without_tiles(browser, live_server) as page:
        page.goto(f"/trajecten/{PROCESS}/ideeen")
        idea_map = page.get_by_role("region", name="Kaart van de ideeën met een locatie")
        expect(idea_map).to_be_visible()
        expect(idea_map.locator(".leaflet-overlay-pane path")).to_have_count(len(BOUNDARIES))
        notice = idea_map.get_by_role("status")
        expect(notice).to_have_text(NOTICE)
        expect(notice).to_be_visible()
        assert page.tile_requests, "the map asked for no tiles at all"
        assert_no_axe_violations(page, "idea list map without tiles")

        # The form's map has the same base (and no idea pins in the way) ...
        login_as(page, *CITIZEN, in_dutch=True)
        page.goto(f"/trajecten/{PROCESS}/ideeen/nieuw")
        location_map = page.get_by_role("region", name="Locatie op de kaart (niet verplicht)")
        districts = location_map.locator(".leaflet-overlay-pane path")
        expect(districts).to_have_count(len(BOUNDARIES))
        expect(location_map.get_by_role("status")).to_have_text(NOTICE)
        assert_no_axe_violations(page, "submit form map without tiles")
        # ... the district names show on the boundaries themselves ...
        districts.first.hover()
        expect(location_map.locator(".leaflet-tooltip")).to_have_text("Binnenstad")
        # ... and a click inside Ledeberg places the pin there ...
        districts.nth(1).click()
        expect(location_map.locator(".leaflet-marker-icon")).to_have_count(1)
        latitude = float(page.get_by_label("Breedtegraad").input_value())
        longitude = float(page.get_by_label("Lengtegraad").input_value())
        assert 51.046 < latitude < 51.057 and 3.720 < longitude < 3.736, (latitude, longitude)

        # ... and the idea page says so in words, next to the coordinates.
        page.get_by_label("Titel").fill("Een speelstraat in de zomervakantie")
        page.get_by_label("Beschrijving", exact=True).fill("Twee weken per zomer geen auto's, wel krijt en tafels.")
        page.get_by_role("button", name="Idee indienen").click()
        expect(page.get_by_text("Bedankt! Je idee is gepubliceerd.")).to_be_visible()
        facts = page.locator(".facts")
        expect(facts).to_contain_text("In de wijk Ledeberg")
        expect(facts).to_contain_text(f"{latitude:.5f}, {longitude:.5f}")
        assert_no_axe_violations(page, "idea detail with the pin's district")
