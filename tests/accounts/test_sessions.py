"""Logging out ends the session on the server: copies of the cookies stop working; sign out everywhere."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.accounts.models import UserSession
from participation.extensions import db
from tests.conftest import TEST_PASSWORD


def log_in(client, user, **extra):
    response = client.post("/inloggen", data={"email": user.email, "password": TEST_PASSWORD, **extra})
    assert response.status_code == 302
    return response


def copy_of(app, client, *names):
    """Another browser holding copies of some of `client`'s cookies (what a thief or a shared computer keeps)."""
    other = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        other.set_cookie(name, cookie.value, domain=cookie.domain)
    return other


def logins_of(user) -> int:
    return db.session.scalar(select(func.count()).select_from(UserSession).where(UserSession.user_id == user.id))


def test_a_copied_session_cookie_no_longer_opens_the_profile_after_logout(app, client, make_user):
    log_in(client, make_user())
    thief = copy_of(app, client, "session")
    assert thief.get("/profiel").status_code == 200
    client.post("/uitloggen")
    assert thief.get("/profiel").status_code == 302


def test_a_copied_remember_me_cookie_no_longer_logs_in_after_logout(app, client, make_user):
    log_in(client, make_user(), remember="y")
    thief = copy_of(app, client, "remember_token")
    assert thief.get("/profiel").status_code == 200  # the remember cookie alone opens a session
    client.post("/uitloggen")
    assert copy_of(app, thief, "remember_token").get("/profiel").status_code == 302  # a fresh copy, no session
    assert thief.get("/profiel").status_code == 302


def test_logging_out_on_one_device_leaves_the_other_logged_in(app, client, make_user):
    user = make_user()
    log_in(client, user)
    phone = app.test_client()
    log_in(phone, user)
    assert logins_of(user) == 2
    client.post("/uitloggen")
    assert client.get("/profiel").status_code == 302
    assert phone.get("/profiel").status_code == 200
    assert logins_of(user) == 1


def test_signing_out_everywhere_ends_every_device_s_session(app, client, make_user):
    user = make_user()
    log_in(client, user)
    phone = app.test_client()
    log_in(phone, user, remember="y")
    page = client.get("/profiel").get_data(as_text=True)
    assert "Uitloggen op alle toestellen" in page and "2 toestellen" in page
    response = client.post("/uitloggen/alle-toestellen", follow_redirects=True)
    assert "op alle toestellen uitgelogd" in response.get_data(as_text=True)
    assert client.get("/profiel").status_code == 302
    assert phone.get("/profiel").status_code == 302
    assert copy_of(app, phone, "remember_token").get("/profiel").status_code == 302
    assert logins_of(user) == 0


@pytest.mark.parametrize("url", ["/uitloggen", "/uitloggen/alle-toestellen"])
def test_both_logouts_need_the_csrf_token(app, client, make_user, url):
    user = make_user()
    log_in(client, user)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client.post(url)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert client.get("/profiel").status_code == 200
    assert logins_of(user) == 1


def test_a_password_reset_ends_the_sessions_the_old_password_opened(app, client, make_user, outbox):
    import re

    user = make_user()
    phone = app.test_client()
    log_in(phone, user, remember="y")
    client.post("/wachtwoord-vergeten", data={"email": user.email})
    link = re.search(r"http://localhost(/wachtwoord-herstellen/\S+)", outbox(user.email)[-1].text_body).group(1)
    new = "een heel nieuw wachtwoord"
    assert client.post(link, data={"password": new, "password_repeat": new}).status_code == 302
    assert client.get("/profiel").status_code == 200  # the reset logs in on this device, with a new login
    assert copy_of(app, phone, "remember_token").get("/profiel").status_code == 302
    assert logins_of(user) == 1
