"""What admins store in the profile — languages, default language, time zone, public address — is
what the site then uses, instead of the installation's configuration."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import url_for
from flask_babel import refresh

from participation.core.formatting import format_moment
from participation.extensions import db
from participation.municipality import services
from participation.municipality.profile import current_profile, forget

URL = "/beheer/gemeente"


def save(**values):
    services.save_profile(services.ProfileValues(short_name="Oudsbergen", official_name_nl="Gemeente Oudsbergen", **values))
    db.session.commit()
    forget()


def test_without_a_profile_the_configuration_serves(app, client):
    assert app.config["LANGUAGES"] == ("nl", "fr", "en")
    page = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="fr"' in page


def test_a_municipality_that_offers_dutch_and_english_never_shows_french(app, client):
    save(languages=["nl", "en"], default_language="en")
    page = client.get("/", headers={"Accept-Language": "fr-BE,fr;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en"' in page  # French is not offered: the municipality's default
    assert "Français" not in page and "Nederlands" in page
    switched = client.post("/taal", data={"language": "fr"}, follow_redirects=True).get_data(as_text=True)
    assert '<html lang="fr"' not in switched


def test_times_are_shown_in_the_municipalitys_time_zone(app, client):
    moment = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
    with app.test_request_context("/"):
        refresh()
        current_profile()
        brussels = format_moment(moment, "short")
    save(timezone="Europe/Lisbon")
    with app.test_request_context("/"):
        refresh()  # the test keeps one application context, where Flask-Babel keeps the time zone it chose
        current_profile()
        lisbon = format_moment(moment, "short")
    assert "14:00" in brussels and "13:00" in lisbon


def test_links_in_mails_and_commands_use_the_stored_public_address(app):
    save(public_url="https://inspraak.oudsbergen.be")
    current_profile()
    assert url_for("processes.catalogue", _external=True) == "https://inspraak.oudsbergen.be/trajecten"


def test_a_municipality_with_one_language_shows_no_language_switcher(client):
    save(languages=["nl"], default_language="nl")
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="nl"' in page and 'class="language-switch"' not in page


def test_every_page_says_whose_platform_it_is_and_how_to_reach_them_and_the_dpo(client):
    save(contact_email="info@oudsbergen.be", contact_phone="089 36 00 00", contact_address="Dorpsstraat 1, 3660 Oudsbergen",
         dpo_contact="dpo@oudsbergen.be")
    footer = client.get("/trajecten").get_data(as_text=True).split('<footer class="site-footer">')[1]
    assert "participatieplatform van Gemeente Oudsbergen" in footer
    assert 'href="mailto:info@oudsbergen.be"' in footer and 'href="tel:089360000"' in footer
    assert "Functionaris voor gegevensbescherming" in footer and 'href="mailto:dpo@oudsbergen.be"' in footer
