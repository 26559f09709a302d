"""What people carry from one municipality to another — cookies, links, webhooks, cached pages,
rate limits, uploads, queued jobs — works only where it was made."""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import time

import pytest
from sqlalchemy import select

from participation.core import municipalities
from participation.extensions import db, limiter
from tests.several_municipalities.conftest import OUD_HOST, PASSWORD


def user_id(hosting, municipality, email):
    from participation.accounts.models import User

    with hosting.at(municipality):
        return db.session.scalar(select(User.id).where(User.email == email))


def test_the_host_picks_the_municipality_whatever_its_case_or_port(hosting):
    for host in ("OUDSBERGEN.Stadslab.TEST:8443", "www.oudsbergen.stadslab.test", f"{OUD_HOST}."):
        page = hosting.client(hosting.oudsbergen, host=host).get("/trajecten").get_data(as_text=True)
        assert "Dorpskern Meeuwen" in page, host


def test_an_unknown_host_gets_a_404_that_says_so_and_shows_nothing(hosting):
    response = hosting.client(hosting.gent, host="gent.stadslab.test.evil.example").get("/trajecten")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "hoort bij geen enkele gemeente" in body and "does not belong to any municipality" in body
    assert "Burgerbegroting" not in body and "Set-Cookie" not in response.headers


def test_a_disabled_municipality_answers_404_not_available_and_comes_back(hosting):
    registry = hosting.app.extensions["municipalities"]
    registry.set_enabled("oudsbergen", False)
    try:
        response = hosting.client(hosting.oudsbergen).get("/trajecten")
        assert response.status_code == 404
        assert "niet beschikbaar" in response.get_data(as_text=True)
        assert hosting.client(hosting.gent).get("/trajecten").status_code == 200
    finally:
        registry.set_enabled("oudsbergen", True)
    assert hosting.client(hosting.oudsbergen).get("/trajecten").status_code == 200


def test_a_session_cookie_from_gent_does_not_log_anyone_in_at_oudsbergen(hosting):
    gent = hosting.client(hosting.gent)
    response = gent.post("/inloggen", data={"email": "admin@demo.stadslab.be", "password": "beheerder-demo-2026", "remember": "y"})
    assert response.status_code == 302
    assert gent.get("/profiel").status_code == 200
    cookies = {cookie.key: cookie.value for cookie in gent._cookies.values()}
    assert "session" in cookies
    oudsbergen = hosting.client(hosting.oudsbergen)
    header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    profile = oudsbergen.get("/profiel", headers={"Cookie": header})
    assert profile.status_code == 302 and "/inloggen" in profile.headers["Location"]
    # Cryptographically, not by luck: Oudsbergen's key cannot even read Gent's cookie.
    app = hosting.app
    with hosting.at(hosting.oudsbergen):
        with pytest.raises(Exception):
            app.session_interface.get_signing_serializer(app).loads(cookies["session"])
    with hosting.at(hosting.gent):
        assert "_user_id" in app.session_interface.get_signing_serializer(app).loads(cookies["session"])


def test_a_password_reset_link_made_at_gent_is_refused_at_oudsbergen_for_the_same_id(hosting):
    from participation.accounts import tokens
    from participation.accounts.models import User

    oud_id = user_id(hosting, hosting.oudsbergen, "burger@oudsbergen.test")
    with hosting.at(hosting.oudsbergen):
        state = db.session.get(User, oud_id).password_hash
        own = tokens.make_token(hosting.app.config["SECRET_KEY"], tokens.PASSWORD_RESET, oud_id, state)
    with hosting.at(hosting.gent):
        # Everything right (id, state) except where it was signed: as a Gent link would be.
        foreign = tokens.make_token(hosting.app.config["SECRET_KEY"], tokens.PASSWORD_RESET, oud_id, state)
    client = hosting.client(hosting.oudsbergen)
    assert client.get(f"/wachtwoord-herstellen/{own}").status_code == 200
    refused = client.get(f"/wachtwoord-herstellen/{foreign}")
    assert refused.status_code in (302, 400, 404)
    assert 'name="password"' not in refused.get_data(as_text=True)


def test_an_unsubscribe_link_only_works_where_it_was_made(hosting):
    from participation.notifications.service import read_unsubscribe_token, unsubscribe_token

    with hosting.at(hosting.gent):
        token = unsubscribe_token(1, "all")
        assert read_unsubscribe_token(token) == (1, "all")
    with hosting.at(hosting.oudsbergen):
        assert read_unsubscribe_token(token) is None


def stripe_signature(payload: bytes, secret: str) -> str:
    stamp = int(time.time())
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest}"


def test_stripe_webhooks_name_the_municipality_and_need_its_own_secret(hosting):
    payload = json.dumps({"id": "evt_1", "object": "event", "type": "customer.created",
                          "data": {"object": {"id": "cus_1", "object": "customer"}}}).encode()
    client = hosting.client(hosting.oudsbergen)

    def post(path, secret):
        return client.post(path, data=payload, content_type="application/json",
                           headers={"Stripe-Signature": stripe_signature(payload, secret)})

    assert post("/crowdfunding/stripe/webhook/oudsbergen", "whsec_oudsbergen").status_code == 200
    assert post("/crowdfunding/stripe/webhook/oudsbergen", "whsec_gent").status_code == 400
    assert post("/crowdfunding/stripe/webhook/gent", "whsec_gent").status_code == 404
    assert post("/crowdfunding/stripe/webhook", "whsec_oudsbergen").status_code == 404


def test_each_municipality_has_its_own_stripe_account_and_mail_sender(hosting):
    app = hosting.app
    with hosting.at(hosting.gent):
        gent = (app.config["STRIPE_SECRET_KEY"], app.config["MAIL_DEFAULT_SENDER"], app.config["UPLOAD_FOLDER"])
    with hosting.at(hosting.oudsbergen):
        oudsbergen = (app.config["STRIPE_SECRET_KEY"], app.config["MAIL_DEFAULT_SENDER"], app.config["UPLOAD_FOLDER"])
    assert gent[0] == "sk_test_gent" and oudsbergen[0] == "sk_test_oudsbergen"
    assert "Oudsbergen" in oudsbergen[1] and OUD_HOST in oudsbergen[1] and "Gent" not in oudsbergen[1]
    assert gent[2] != oudsbergen[2] and oudsbergen[2].endswith("oudsbergen")


def test_a_cached_page_is_never_served_at_the_other_host(hosting):
    cache = hosting.app.extensions["pagecache"]
    # The city-wide idea list is cached for anonymous visitors, under the same path at both hosts.
    for _ in range(2):
        gent_page = hosting.client(hosting.gent).get("/ideeen").get_data(as_text=True)
        assert "Meer zitbanken langs de Leie" in gent_page
        oud_page = hosting.client(hosting.oudsbergen).get("/ideeen").get_data(as_text=True)
        assert "Leie" not in oud_page and "Een bank aan de kerk van Meeuwen" in oud_page
    keys = list(cache.store._entries)
    assert any(key.startswith("gent:") for key in keys) and any(key.startswith("oudsbergen:") for key in keys)
    assert all(key.split(":", 1)[0] in ("gent", "oudsbergen") for key in keys)


def test_wrong_passwords_at_gent_do_not_spend_oudsbergens_limit(hosting):
    app = hosting.app
    previous = dict.__getitem__(app.config, "AUTH_IP_RATE_LIMIT")
    app.config["AUTH_IP_RATE_LIMIT"] = "2 per minute"
    limiter.reset()
    try:
        gent = hosting.client(hosting.gent)
        answers = [gent.post("/inloggen", data={"email": f"nobody{n}@example.be", "password": "wrong"}).status_code for n in range(3)]
        assert answers[-1] == 429
        oudsbergen = hosting.client(hosting.oudsbergen)
        assert oudsbergen.post("/inloggen", data={"email": "nobody@example.be", "password": "wrong"}).status_code != 429
        assert oudsbergen.post("/inloggen", data={"email": "burger@oudsbergen.test", "password": PASSWORD}).status_code == 302
    finally:
        app.config["AUTH_IP_RATE_LIMIT"] = previous
        limiter.reset()


def test_an_upload_of_one_municipality_cannot_be_fetched_at_the_other(hosting):
    with hosting.at(hosting.gent):
        folder = hosting.app.config["UPLOAD_FOLDER"]
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "gent-logo.png"), "wb") as file:
        file.write(b"\x89PNG\r\n\x1a\n")
    assert hosting.client(hosting.gent).get("/media/gent-logo.png").status_code == 200
    assert hosting.client(hosting.oudsbergen).get("/media/gent-logo.png").status_code == 404
    assert hosting.client(hosting.oudsbergen).get("/media/../gent/gent-logo.png").status_code == 404


def register_helper(email):
    """A job: create an account in whatever municipality the job runs for."""
    from participation.accounts.services import create_user

    create_user(email, "Helper Job", PASSWORD, role="citizen")


def test_a_queued_job_carries_its_municipality_and_runs_only_there(hosting, caplog):
    from redis import Redis
    from rq import Queue

    from participation.core import jobs

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    name = f"stadslab-test-municipalities-{os.getpid()}"
    app = hosting.app
    app.config.update(REDIS_URL=url, JOBS_QUEUE=name)
    try:
        with hosting.at(hosting.oudsbergen):
            jobs.enqueue(register_helper, "job@oudsbergen.test")
            jobs.commit_and_release()
    finally:
        app.config.update(REDIS_URL=None)
    queue = Queue(name, connection=Redis.from_url(url))
    [job] = queue.jobs
    queue.delete(delete_jobs=True)
    assert job.kwargs == {"municipality": "oudsbergen"}
    assert job.args[0] == f"{__name__}:register_helper"
    # What the worker does with it (jobs.run_job, minus creating its own app):
    assert jobs.run_in_worker_app(app, register_helper, ("job@oudsbergen.test",), job.kwargs["municipality"])
    assert user_id(hosting, hosting.oudsbergen, "job@oudsbergen.test") is not None
    assert user_id(hosting, hosting.gent, "job@oudsbergen.test") is None
    # Disabled meanwhile: skipped, with a message in the worker's log.
    registry = app.extensions["municipalities"]
    registry.set_enabled("oudsbergen", False)
    try:
        with caplog.at_level(logging.WARNING, logger="participation.core.jobs"):
            assert not jobs.run_in_worker_app(app, register_helper, ("late@oudsbergen.test",), "oudsbergen")
        assert "queued for municipality 'oudsbergen', which is disabled" in caplog.text
    finally:
        registry.set_enabled("oudsbergen", True)
    assert user_id(hosting, hosting.oudsbergen, "late@oudsbergen.test") is None


def test_without_a_chosen_municipality_there_is_no_database_to_fall_back_on(hosting):
    with hosting.app.app_context(), municipalities.using(None):
        with pytest.raises(municipalities.NoMunicipalityChosen):
            db.session.execute(select(1))
        db.session.rollback()


def test_settings_typed_on_the_command_line_take_the_configurations_types(hosting):
    from participation.core.municipalities import Municipality, overrides

    base = dict.copy(hosting.app.config)
    own = overrides(base, Municipality("x", "X", ("x.test",), "sqlite://", settings={
        "MAP_CENTER": "51.0796, 5.5917", "MAP_ZOOM": "12", "MODERATION_WORD_LIST": "vloek,scheldwoord",
        "STRIPE_SECRET_KEY": "env:STADSLAB_TEST_NO_SUCH_VARIABLE",
    }))
    assert own["MAP_CENTER"] == (51.0796, 5.5917) and own["MAP_ZOOM"] == 12
    assert own["MODERATION_WORD_LIST"] == ["vloek", "scheldwoord"]
    assert own["STRIPE_SECRET_KEY"] is None  # an unset environment variable: no card payments, not the installation's key
