"""Two municipalities on one live server: Gent on 127.0.0.1, Oudsbergen on localhost (as `make demo`).

Oudsbergen's admin sets its name, logo and colours, adds a deelgemeente with its boundary from a
GeoJSON file and a theme; Oudsbergen's pages show them and Gent's show none of it. axe on every
page type this adds (the profile, lists and forms at the second municipality, the page of an
unknown host)."""
from __future__ import annotations

import json
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.conftest import _free_port, login_as

LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="40" height="40"><rect width="40" height="40" fill="#1f5130"/></svg>'


@pytest.fixture(scope="module")
def two_hosts(tmp_path_factory):
    from participation import create_app
    from participation.core import municipalities
    from participation.core.jobs import commit_and_release
    from participation.demo.municipalities import register_demo_municipalities
    from participation.demo.oudsbergen import OUDSBERGEN_LOGINS, seed_oudsbergen
    from participation.demo.seed import seed_demo

    folder = tmp_path_factory.mktemp("two-hosts")
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'gent.sqlite'}",
        MUNICIPALITIES_DATABASE_URL=f"sqlite:///{folder / 'registry.sqlite'}",
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"check_same_thread": False, "timeout": 30}},
        WTF_CSRF_ENABLED=True, SERVER_NAME=None, UPLOAD_FOLDER=str(folder / "uploads"),
        AUTH_IP_RATE_LIMIT="1000 per minute", AUTH_ACCOUNT_RATE_LIMIT="1000 per minute",
    )
    app.instance_path = str(folder)  # Oudsbergen's database file goes next to Gent's
    gent, oudsbergen = register_demo_municipalities(app)
    with app.app_context(), municipalities.using(gent):
        seed_demo()
        commit_and_release()
    with app.app_context(), municipalities.using(oudsbergen):
        seed_oudsbergen()
        commit_and_release()
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    admin = next(login for login in OUDSBERGEN_LOGINS if login.role == "admin")
    yield {"gent": f"http://127.0.0.1:{port}", "oudsbergen": f"http://localhost:{port}", "admin": admin, "port": port}
    server.shutdown()
    app.extensions["municipal_engines"].dispose()


def square(west: float, south: float, size: float, name: str) -> dict:
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return {"type": "Feature", "properties": {"name": name}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_oudsbergens_admin_brands_it_and_only_oudsbergen_shows_it(browser, two_hosts, tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_bytes(LOGO)
    boundary = tmp_path / "ellikom-noord.geojson"
    boundary.write_text(json.dumps(square(5.60, 51.12, 0.01, "Ellikom-Noord")), encoding="utf-8")
    context = browser.new_context(locale="nl-BE", base_url=two_hosts["oudsbergen"])
    page = context.new_page()
    try:
        login_as(page, two_hosts["admin"].email, two_hosts["admin"].password, in_dutch=True)
        page.goto("/beheer/gemeente")
        assert_no_axe_violations(page, "the second municipality's profile")
        page.get_by_label("Korte naam").fill("Oudsbergen")
        page.get_by_label("Hoofdkleur").fill("#1f5130")
        page.get_by_label("Tweede kleur").fill("#123456")
        page.get_by_label("Logo", exact=True).set_input_files(str(logo))
        page.get_by_label("Beschrijving van het logo").fill("Logo van de gemeente Oudsbergen")
        page.get_by_role("button", name="Profiel opslaan").click()
        expect(page.locator(".flash, [role=status], .messages").first).to_contain_text("opgeslagen")

        page.goto("/beheer/gemeente/wijken")
        expect(page.get_by_role("cell", name="Meeuwen", exact=True)).to_be_visible()
        assert_no_axe_violations(page, "the second municipality's districts")
        page.get_by_role("link", name="Nieuwe wijk").click()
        page.get_by_label("Naam (Nederlands)").fill("Ellikom-Noord")
        page.get_by_label("Inwoners").fill("420")
        page.get_by_label("Grens (GeoJSON-bestand)").set_input_files(str(boundary))
        page.get_by_role("button", name="Bewaren").click()
        expect(page.get_by_text("De wijk Ellikom-Noord is toegevoegd.")).to_be_visible()

        page.goto("/beheer/gemeente/themas")
        assert_no_axe_violations(page, "the second municipality's themes")
        page.get_by_role("link", name="Nieuw thema").click()
        assert_no_axe_violations(page, "the second municipality's theme form")
        page.get_by_label("Naam in het Nederlands").fill("Trage wegen")
        page.get_by_role("button", name="Bewaren").click()
        expect(page.get_by_text("Trage wegen").first).to_be_visible()

        visitor = context.browser.new_context(locale="nl-BE", base_url=two_hosts["oudsbergen"]).new_page()
        visitor.goto("/")
        expect(visitor.locator(".site-header .brand")).to_contain_text("Oudsbergen")
        expect(visitor.get_by_role("img", name="Logo van de gemeente Oudsbergen")).to_be_visible()
        background = visitor.locator(".site-header").evaluate("element => getComputedStyle(element).backgroundColor")
        assert background == "rgb(31, 81, 48)"
        districts = visitor.request.get("/wijken.geojson").json()
        assert "Ellikom-Noord" in json.dumps(districts)
        assert_no_axe_violations(visitor, "the second municipality's home page")
        visitor.context.close()

        gent = context.browser.new_context(locale="nl-BE", base_url=two_hosts["gent"]).new_page()
        gent.goto("/")
        expect(gent.locator(".site-header .brand")).not_to_contain_text("Oudsbergen")
        assert gent.get_by_role("img", name="Logo van de gemeente Oudsbergen").count() == 0
        assert "Ellikom-Noord" not in json.dumps(gent.request.get("/wijken.geojson").json())
        # Oudsbergen's admin is nobody at Gent: the session cookie stayed with localhost.
        answer = gent.request.get("/beheer/gemeente", max_redirects=0)
        assert answer.status == 302 and "/inloggen" in answer.headers["location"]
        gent.context.close()
    finally:
        context.close()


def test_an_unknown_host_says_so_accessibly(browser, two_hosts):
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    try:
        answer = page.request.get(f"http://127.0.0.1:{two_hosts['port']}/", headers={"Host": "nergens.example"})
        assert answer.status == 404
        page.set_content(answer.text())
        expect(page.get_by_role("heading", name="Onbekend adres")).to_be_visible()
        assert_no_axe_violations(page, "the page of an unknown host")
    finally:
        context.close()
