"""Crowdfunding fixtures: campaigns in any status, and a real localstripe server for the Stripe tests.

localstripe is started once per session on a free port. When it cannot start, the Stripe tests fail
under CI (CI=true) and are skipped with the reason otherwise.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest

from participation.crowdfunding import matching, services
from participation.extensions import db

SECRET_KEY = "sk_test_stadslab_localstripe"
PUBLISHABLE_KEY = "pk_test_stadslab_localstripe"
WEBHOOK_SECRET = "whsec_stadslab_test_secret"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _localstripe_command() -> list[str] | None:
    candidate = Path(sys.executable).with_name("localstripe")
    if candidate.exists():
        return [str(candidate)]
    found = shutil.which("localstripe")
    return [found] if found else None


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"localstripe is required under CI: {reason}")
    pytest.skip(f"localstripe not available: {reason}")


@pytest.fixture(scope="session")
def localstripe_url():
    command = _localstripe_command()
    if command is None:
        _unavailable("the localstripe command is not installed")
    port = _free_port()
    process = subprocess.Popen(
        command + ["--port", str(port), "--from-scratch"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    ready = False
    while time.monotonic() < deadline and process.poll() is None:
        request = urllib.request.Request(f"{url}/v1/customers", headers={"Authorization": f"Bearer {SECRET_KEY}"})
        try:
            urllib.request.urlopen(request, timeout=1)
            ready = True
            break
        except urllib.error.HTTPError:
            ready = True  # it answers
            break
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    if not ready:
        process.terminate()
        _unavailable("the server did not answer within 20 seconds")
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def card_config(app):
    """Card payments switched on and pointed at nothing in particular (for tests that never reach Stripe)."""
    saved = {key: app.config.get(key) for key in ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_API_BASE", "STRIPE_WEBHOOK_SECRET")}
    app.config.update(STRIPE_SECRET_KEY=SECRET_KEY, STRIPE_PUBLISHABLE_KEY=PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET)
    yield app.config
    app.config.update(saved)


@pytest.fixture
def stripe_config(card_config, localstripe_url):
    card_config["STRIPE_API_BASE"] = localstripe_url
    return card_config


@pytest.fixture
def stripe_client(localstripe_url):
    """The real stripe library, playing the part of Stripe.js in the backer's browser."""
    import stripe

    return stripe.StripeClient(SECRET_KEY, base_addresses={"api": localstripe_url}).v1


@pytest.fixture
def match_fund():
    def make(budget: str = "10000", year: int | None = None):
        return matching.set_match_budget(year or (date.today() + timedelta(days=30)).year, budget)

    return make


@pytest.fixture
def make_campaign(make_user):
    """A campaign in the given status, driven there through the services (so its timeline is real)."""

    def make(status: str = "live", *, owner=None, goal: str = "1000", funding_model: str = "all_or_nothing", days: int = 30, title: str = "Moestuin op het plein"):
        owner = owner or make_user()
        staff = make_user("staff")
        campaign = services.save_campaign(
            None, owner=owner, title=title, organisation_name=None, summary="Bakken voor iedereen",
            story="We bouwen **moestuinbakken**.", goal=goal, deadline=date.today() + timedelta(days=days),
            funding_model=funding_model,
        )
        path = {
            "draft": [],
            "submitted": ["submit"],
            "changes_requested": ["submit", "changes"],
            "approved": ["submit", "approve"],
            "rejected": ["submit", "reject"],
            "live": ["submit", "approve", "launch"],
        }[status]
        for step in path:
            if step == "submit":
                services.submit_campaign(campaign, owner)
            elif step == "changes":
                services.request_changes(campaign, staff, "Voeg een begroting toe.")
            elif step == "approve":
                services.approve_campaign(campaign, staff)
            elif step == "reject":
                services.reject_campaign(campaign, staff, "Dit is geen buurtproject.")
            elif step == "launch":
                services.launch_campaign(campaign, owner)
        db.session.flush()
        return campaign

    return make
