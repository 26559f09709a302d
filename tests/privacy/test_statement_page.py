"""The public privacy statement is built from the configuration and the municipality's profile."""
import pytest

from participation.extensions import db
from participation.municipality.models import Municipality
from participation.municipality.profile import forget


@pytest.fixture
def profile_with_dpo(app):
    db.session.add(Municipality(id=1, official_name_nl="Stad Gent", official_name_fr="Ville de Gand", short_name="Gent",
                                contact_email="info@gent.be", dpo_contact="privacy@gent.be"))
    db.session.commit()
    forget()
    yield
    forget()


def test_the_page_shows_every_retention_period_from_the_configuration(client):
    text = client.get("/privacy").get_data(as_text=True)
    assert "30 dagen" in text and "90 dagen" in text and "12 maanden" in text and "7 dagen" in text and "3 jaar" in text


def test_changing_a_retention_setting_changes_the_page(app, client):
    previous = app.config["PRIVACY_SIGN_IN_HISTORY_MONTHS"]
    app.config["PRIVACY_SIGN_IN_HISTORY_MONTHS"] = 1
    try:
        text = client.get("/privacy").get_data(as_text=True)
    finally:
        app.config["PRIVACY_SIGN_IN_HISTORY_MONTHS"] = previous
    assert "1 maand" in text and "12 maanden" not in text


def test_the_page_names_the_municipality_and_its_data_protection_officer(client, profile_with_dpo):
    text = client.get("/privacy").get_data(as_text=True)
    assert "Stad Gent" in text and "privacy@gent.be" in text and "info@gent.be" in text


def test_the_page_lists_the_cookie_names_from_the_configuration_and_no_tracking(app, client):
    previous = app.config["REMEMBER_COOKIE_NAME"]
    app.config["REMEMBER_COOKIE_NAME"] = "onthoud_mij"
    try:
        text = client.get("/privacy").get_data(as_text=True)
    finally:
        app.config["REMEMBER_COOKIE_NAME"] = previous
    assert "<code>session</code>" in text and "<code>onthoud_mij</code>" in text
    assert "30 dagen" in text  # REMEMBER_COOKIE_DURATION as days
    assert "Stripe" in text and "geen" in text.lower()  # mail provider: none configured


def test_the_mail_provider_is_the_configured_mail_server(app, client):
    app.config["MAIL_SERVER"] = "smtp.mailprovider.example"
    try:
        text = client.get("/privacy").get_data(as_text=True)
    finally:
        app.config["MAIL_SERVER"] = None
    assert "smtp.mailprovider.example" in text


def test_the_page_renders_in_french_and_english(client, profile_with_dpo):
    client.post("/taal", data={"language": "fr"})
    french = client.get("/privacy").get_data(as_text=True)
    assert "Déclaration de confidentialité" in french and "Ville de Gand" in french and "30 jours" in french
    client.post("/taal", data={"language": "en"})
    english = client.get("/privacy").get_data(as_text=True)
    assert "Privacy statement" in english and "30 days" in english and "12 months" in english


def test_the_footer_and_the_registration_form_link_to_the_statement(client):
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)
    assert 'href="/privacy"' in client.get("/registreren").get_data(as_text=True)
