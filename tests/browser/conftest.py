"""A live server with the demo city, and Debian's Chromium driven by Playwright.

Browser tests use their own SQLite file (not the per-test transaction) because the server runs in
another thread and must see committed data. Without a browser they skip with the reason, except
under CI=true, where a missing browser is a failure.
"""
from __future__ import annotations

import os
import re
import socket
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from flask_migrate import upgrade

    from participation import create_app
    from participation.core.jobs import commit_and_release
    from participation.demo.seed import seed_demo, seed_demo_features

    folder = tmp_path_factory.mktemp("live")
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'browser.sqlite'}",
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"check_same_thread": False, "timeout": 30}},
        WTF_CSRF_ENABLED=True,
        SERVER_NAME=None,
        UPLOAD_FOLDER=str(folder / "uploads"),
        AUTH_IP_RATE_LIMIT="1000 per minute", AUTH_ACCOUNT_RATE_LIMIT="1000 per minute",
    )
    with app.app_context():
        upgrade()
        seed_demo()
        commit_and_release()
        seed_demo_features()
        commit_and_release()
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{port}", "app": app}
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"No Chromium at {CHROMIUM}: install it with `apt-get install -y chromium`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="nl-BE", base_url=live_server["url"])
    page = context.new_page()
    yield page
    context.close()


def login_as(page, email: str, password: str, *, in_dutch: bool = False) -> None:
    """Sign in through the login form's own POST (CSRF token included), without typing into it.

    The form itself is driven by hand in test_accounts_journey; elsewhere it is set-up. The page then
    opens where the form would have sent it, so it shows the same welcome message. `in_dutch` switches
    back to Dutch with the language button: other tests may leave a demo account's saved language on
    English or French.
    """
    form = page.request.get("/inloggen")
    assert form.ok, f"login form: {form.status}"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.text())
    assert token, "no CSRF token on the login form"
    answer = page.request.post(
        "/inloggen", form={"csrf_token": token.group(1), "email": email, "password": password}, max_redirects=0
    )
    assert answer.status == 302, f"login of {email} refused ({answer.status})"
    page.goto(answer.headers["location"])
    if in_dutch and page.locator("html").get_attribute("lang") != "nl":
        page.get_by_role("button", name="NL Nederlands").click()
        expect(page.locator("html")).to_have_attribute("lang", "nl")
