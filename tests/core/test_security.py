"""Security baseline: CSRF on every POST, cookie flags, headers, production refuses unsafe defaults."""
import pytest

from participation import create_app
from tests.conftest import TEST_PASSWORD


def test_every_page_sends_a_strict_content_security_policy_without_inline_script(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.get_data(as_text=True)


def test_a_post_without_csrf_token_is_refused_and_changes_nothing(app, client, make_user):
    user = make_user()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/inloggen", data={"email": user.email, "password": TEST_PASSWORD})
        assert response.status_code in (400, 422)
        assert client.get("/profiel").status_code == 302  # not logged in
        forged = client.post("/taal", data={"language": "en", "csrf_token": "forged"})
        assert forged.status_code == 400
        assert "verlopen" in forged.get_data(as_text=True) or "expired" in forged.get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_post_with_the_page_s_csrf_token_is_accepted(app, client, make_user):
    import re

    user = make_user()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.get("/inloggen").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = client.post("/inloggen", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token})
        assert response.status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_session_cookie_is_http_only_and_same_site(client, make_user, login):
    response = login(make_user())
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_refuses_to_start_without_secret_key_and_database(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY, DATABASE_URL"):
        create_app("production")


def test_production_marks_cookies_secure(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    app = create_app("production")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
