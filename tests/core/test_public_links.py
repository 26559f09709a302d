"""Links in mail come from PUBLIC_BASE_URL, never from the request's Host header; production refuses other hosts."""
from __future__ import annotations

import re

import pytest
from flask import url_for

import config
from participation import create_app
from participation.notifications.service import notify

PUBLIC = "https://participatie.stad.example/stadslab"
EVIL = "http://evil.example"


@pytest.fixture
def public_base_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", PUBLIC)
    return PUBLIC


def links(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


def test_the_reset_mail_links_to_the_public_address_even_when_the_request_names_another_host(
    client, make_user, outbox, public_base_url
):
    user = make_user()
    response = client.post("/wachtwoord-vergeten", data={"email": user.email}, base_url=EVIL)
    assert response.status_code == 302
    [mail] = outbox(user.email)
    [link] = links(mail.text_body)
    assert link.startswith(f"{PUBLIC}/wachtwoord-herstellen/")
    assert "evil.example" not in mail.text_body + (mail.html_body or "")


def test_the_verification_mail_links_to_the_public_address(client, outbox, public_base_url):
    password = "lange wandeling langs de Leie"
    client.post(
        "/registreren",
        data={"email": "nieuw@example.be", "display_name": "Nieuw", "password": password, "password_repeat": password, "accepts_privacy": "y"},
        base_url=EVIL,
    )
    [mail] = outbox("nieuw@example.be")
    [link] = links(mail.text_body)
    assert link.startswith(f"{PUBLIC}/account/bevestigen/")
    assert "evil.example" not in mail.text_body + (mail.html_body or "")


def test_a_notification_mail_links_to_the_public_address_when_sent_during_a_foreign_host_request(
    app, make_user, outbox, public_base_url
):
    citizen = make_user()
    # Mounted under the same path prefix as the public address, as behind the city's proxy.
    with app.test_request_context("/stadslab/", base_url=f"{EVIL}/stadslab"):
        notify(
            event_key="idea:1:status:1", recipients=[citizen], kind="idea_status", subject="Status",
            url=url_for("ideas.detail", idea_id=1), actor=None, title="Meer bomen", status="accepted",
        )
    [mail] = outbox(citizen.email)
    assert f"{PUBLIC}/ideeen/1" in mail.text_body
    assert mail.headers["List-Unsubscribe"].startswith(f"<{PUBLIC}/meldingen/uitschrijven/")
    assert "evil.example" not in mail.text_body + (mail.html_body or "")


def test_links_outside_a_request_use_the_public_address_and_its_path_prefix(app, public_base_url):
    assert url_for("ideas.detail", idea_id=7, _external=True, _anchor="reacties") == f"{PUBLIC}/ideeen/7#reacties"
    assert url_for("ideas.detail", idea_id=7) == f"{PUBLIC}/ideeen/7"  # Flask's default outside a request: absolute


def test_paths_on_a_page_stay_relative_to_the_request(app, public_base_url):
    with app.test_request_context("/", base_url=EVIL):
        assert url_for("ideas.detail", idea_id=7) == "/ideeen/7"
        assert url_for("ideas.detail", idea_id=7, _external=True) == f"{PUBLIC}/ideeen/7"


@pytest.fixture
def production_app(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    return create_app("production", TRUSTED_HOSTS=["participatie.stad.example"])


def test_production_answers_400_with_an_error_page_for_a_host_it_does_not_serve(production_app):
    response = production_app.test_client().get("/inloggen", base_url="https://evil.example")
    assert response.status_code == 400
    assert "<html" in response.get_data(as_text=True).lower()
    assert "evil.example" not in response.get_data(as_text=True)


def test_production_serves_its_own_host(production_app):
    response = production_app.test_client().get("/inloggen", base_url="https://participatie.stad.example")
    assert response.status_code == 200


def test_trusted_hosts_default_to_the_host_of_the_public_address(monkeypatch):
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    assert config._env_hosts("TRUSTED_HOSTS", "https://participatie.stad.example:8443/x") == ["participatie.stad.example"]
    monkeypatch.setenv("TRUSTED_HOSTS", " a.example, .b.example ,")
    assert config._env_hosts("TRUSTED_HOSTS", PUBLIC) == ["a.example", ".b.example"]
    assert config.ProductionConfig.TRUSTED_HOSTS and not hasattr(config.Config, "TRUSTED_HOSTS")  # any host in development
