from io import BytesIO

import pytest
from PIL import Image

from participation.extensions import db
from participation.municipality.models import Municipality

URL = "/beheer/gemeente"


def _form(**overrides):
    data = {"short_name": "Oudsbergen", "official_name_nl": "Gemeente Oudsbergen", "languages": ["nl", "fr"],
            "default_language": "nl", "timezone": "Europe/Brussels", "primary_colour": "#1a5c9e", "secondary_colour": "#0b3050"}
    data.update(overrides)
    return data


def _png() -> BytesIO:
    stream = BytesIO()
    Image.new("RGB", (20, 10), "#1a5c9e").save(stream, format="PNG")
    stream.seek(0)
    return stream


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


@pytest.mark.parametrize("role", ["citizen", "moderator", "staff"])
def test_only_admins_may_edit_the_profile(client, make_user, login, role):
    login(make_user(role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, data=_form()).status_code == 403


def test_an_admin_saves_the_profile_and_the_header_shows_it(client, make_user, login):
    login(make_user("admin"))
    page = client.get(URL)
    assert page.status_code == 200
    response = client.post(URL, data=_form(logo=(_png(), "logo.png"), logo_alt="Logo van Oudsbergen"),
                           content_type="multipart/form-data")
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Oudsbergen" in home and 'alt="Logo van Oudsbergen"' in home
    css = client.get("/gemeente/huisstijl.css").get_data(as_text=True)
    assert "--brand: #1a5c9e" in css


@pytest.mark.parametrize("overrides, message", [
    (dict(primary_colour="#999999"), "2.84:1"),
    (dict(timezone="Mars/Olympus"), "Mars/Olympus"),
    (dict(languages=[]), "Choose at least one language"),
    (dict(languages=["fr"], default_language="nl"), "default language"),
])
def test_bad_input_is_explained_and_what_was_typed_is_kept(client, make_user, login, overrides, message):
    login(make_user("admin", language="en"))
    response = client.post(URL, data=_form(short_name="Typed name", **overrides), headers={"Accept-Language": "en"})
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in text
    assert 'value="Typed name"' in text
    assert db.session.get(Municipality, 1) is None


@pytest.mark.parametrize("upload", [
    (BytesIO(b"not an image at all"), "logo.png"),
    (BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "logo.svg"),
])
def test_a_bad_logo_is_refused_on_the_field(client, make_user, login, upload):
    login(make_user("admin"))
    response = client.post(URL, data=_form(logo=upload, logo_alt="Logo"), content_type="multipart/form-data")
    assert response.status_code == 400
    assert 'id="logo-error"' in response.get_data(as_text=True)
    assert db.session.get(Municipality, 1) is None


def test_a_cached_anonymous_page_shows_the_new_name(client, make_user, login, make_process):
    process = make_process()
    anonymous = client.application.test_client()
    path = f"/trajecten/{process.slug}/ideeen"
    first = anonymous.get(path)
    assert anonymous.get(path).headers.get("X-Page-Cache") == "hit" or first.status_code == 200
    login(make_user("admin"))
    client.post(URL, data=_form(short_name="Oudsbergen"))
    assert "Oudsbergen" in anonymous.get(path).get_data(as_text=True)
