"""An admin keeps the municipality's lists: adds a district with its boundary from a GeoJSON file,
gives it a French name, archives a theme, and the idea form no longer offers that theme; then puts
the demo back as it was (the other journeys share its database). Every new page
type (list, form, form with errors) passes axe."""
from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import login_as

ADMIN = ("admin@demo.stadslab.be", "beheerder-demo-2026")
PROCESS = "ruimte-voor-gent-2040"


def _square(west: float, south: float, size: float) -> dict:
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return {"type": "Feature", "properties": {"name": "Proefwijk"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _theme_options(page) -> list[str]:
    page.goto(f"/trajecten/{PROCESS}/ideeen/nieuw")
    return [text.strip() for text in page.locator("#theme_id option").all_inner_texts()]


def test_an_admin_adds_a_district_renames_it_in_french_and_archives_a_theme(page, tmp_path):
    boundary = tmp_path / "proefwijk.geojson"  # far from Ghent, so no idea elsewhere lands in it
    boundary.write_text(json.dumps(_square(4.90, 50.60, 0.005)), encoding="utf-8")
    lambert = tmp_path / "lambert.geojson"
    lambert.write_text(json.dumps(_square(104_000, 193_000, 300)), encoding="utf-8")
    login_as(page, *ADMIN, in_dutch=True)

    page.goto("/beheer/gemeente/wijken")
    expect(page.get_by_role("heading", name="Wijken")).to_be_visible()
    assert_no_axe_violations(page, "district list")
    page.get_by_role("link", name="Nieuwe wijk").click()
    assert_no_axe_violations(page, "new district form")

    # A file in Lambert 72 metres is refused with the reason, and the name typed stays.
    page.get_by_label("Naam (Nederlands)").fill("Proefwijk")
    page.get_by_label("Inwoners").fill("1500")
    page.get_by_label("Grens (GeoJSON-bestand)").set_input_files(str(lambert))
    page.get_by_role("button", name="Bewaren").click()
    expect(page.locator(".error-summary")).to_contain_text("Lambert 72")
    expect(page.get_by_label("Naam (Nederlands)")).to_have_value("Proefwijk")
    assert_no_axe_violations(page, "district form with errors")

    page.get_by_label("Grens (GeoJSON-bestand)").set_input_files(str(boundary))
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_text("De wijk Proefwijk is toegevoegd.")).to_be_visible()

    page.get_by_role("link", name="Proefwijk", exact=True).click()
    expect(page.get_by_text("Voor deze wijk is een grens opgeslagen.")).to_be_visible()
    assert_no_axe_violations(page, "edit district form")
    page.get_by_label("Naam in het Frans").fill("Quartier d’essai")
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_text("De wijk Proefwijk is opgeslagen.")).to_be_visible()
    expect(page.locator("tr", has_text="Proefwijk").get_by_role("cell").nth(2)).to_have_text("ja")  # the boundary

    # A theme the idea form offers today is archived, and the form offers it no more.
    offered = _theme_options(page)
    theme = offered[1]  # the first is "no particular theme"
    page.goto("/beheer/gemeente/themas")
    assert_no_axe_violations(page, "theme list")
    page.get_by_role("button", name=f"Archiveren {theme}", exact=True).click()
    expect(page.get_by_text("Gearchiveerd: het blijft bij bestaande inhoud staan")).to_be_visible()
    assert theme not in _theme_options(page)

    page.goto("/beheer/gemeente/themas/nieuw")
    assert_no_axe_violations(page, "new theme form")
    page.get_by_role("button", name="Bewaren").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page, "theme form with errors")

    page.goto("/beheer/gemeente/themas")
    page.get_by_role("button", name=f"Weer gebruiken {theme}", exact=True).click()  # leave the demo as it was
    assert theme in _theme_options(page)

    # French readers see the French name.
    page.get_by_role("button", name="FR Français").click()
    page.goto("/beheer/gemeente/wijken")
    expect(page.get_by_role("link", name="Quartier d’essai")).to_be_visible()

    # Leave the demo as it was for the other journeys: Dutch, and no extra boundary on the maps. The
    # district names nothing yet, so it may be deleted.
    page.get_by_role("button", name="NL Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("link", name="Proefwijk", exact=True).click()
    page.get_by_role("button", name="Deze wijk verwijderen").click()
    expect(page.get_by_text("De wijk is verwijderd.")).to_be_visible()
    expect(page.get_by_role("link", name="Proefwijk", exact=True)).to_have_count(0)
