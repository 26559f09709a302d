"""The admins' screens for districts, themes and departments: only admins, errors keep what was typed,
refusals change nothing, and the anonymous page cache never shows an old name."""
from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from participation.city.models import District, Theme
from participation.core import pagecache
from participation.extensions import db
from participation.ideas.models import Idea
from tests.ideas.conftest import make_idea  # noqa: F401


def district(name: str) -> District:
    return db.session.scalar(select(District).where(District.name == name))


def first_theme() -> Theme:
    return db.session.scalar(select(Theme).order_by(Theme.position, Theme.id))


def square(west: float = 3.72, south: float = 51.04, size: float = 0.01) -> bytes:
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return json.dumps({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}).encode()


@pytest.fixture
def admin(make_user, login):
    user = make_user("admin", language="en")
    login(user)
    return user


PAGES = [
    ("get", "/beheer/gemeente/wijken"),
    ("get", "/beheer/gemeente/wijken/nieuw"),
    ("post", "/beheer/gemeente/wijken/nieuw"),
    ("get", "/beheer/gemeente/wijken/{district}"),
    ("post", "/beheer/gemeente/wijken/{district}"),
    ("post", "/beheer/gemeente/wijken/{district}/samenvoegen"),
    ("post", "/beheer/gemeente/wijken/{district}/archive"),
    ("post", "/beheer/gemeente/wijken/{district}/restore"),
    ("post", "/beheer/gemeente/wijken/{district}/verwijderen"),
    *[(method, url.replace("KIND", kind)) for kind in ("themas", "diensten") for method, url in (
        ("get", "/beheer/gemeente/KIND"),
        ("get", "/beheer/gemeente/KIND/nieuw"),
        ("post", "/beheer/gemeente/KIND/nieuw"),
        ("get", "/beheer/gemeente/KIND/{item}"),
        ("post", "/beheer/gemeente/KIND/{item}"),
        ("post", "/beheer/gemeente/KIND/{item}/up"),
        ("post", "/beheer/gemeente/KIND/{item}/down"),
        ("post", "/beheer/gemeente/KIND/{item}/archive"),
        ("post", "/beheer/gemeente/KIND/{item}/restore"),
    )],
]


def _url(url: str) -> str:
    item = first_theme().id if "/themas/" in url else 1
    if "/diensten/" in url:
        from participation.city.models import Department
        item = db.session.scalar(select(Department.id).order_by(Department.id))
    return url.format(district=district("Ledeberg").id, item=item)


@pytest.mark.parametrize("method, url", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, method, url):
    response = getattr(client, method)(_url(url))
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


@pytest.mark.parametrize("role", ["citizen", "moderator", "staff"])
@pytest.mark.parametrize("method, url", PAGES)
def test_only_admins_may_change_the_city_lists(client, make_user, login, role, method, url):
    login(make_user(role))
    assert getattr(client, method)(_url(url)).status_code == 403


@pytest.mark.parametrize("url", [u for m, u in PAGES if m == "get"])
def test_admins_see_every_page(client, admin, url):
    assert client.get(_url(url)).status_code == 200


def test_an_admin_adds_a_district_with_its_boundary(client, admin):
    response = client.post("/beheer/gemeente/wijken/nieuw", data={
        "name": "Deelgemeente Oost", "name_fr": "Commune Est", "population": "1200",
        "boundary": (io.BytesIO(square()), "oost.geojson"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    created = district("Deelgemeente Oost")
    assert (created.name_fr, created.population) == ("Commune Est", 1200)
    assert json.loads(created.boundary_geojson)["type"] == "Polygon"


@pytest.mark.parametrize("boundary, words", [
    (b"{not json", "not valid GeoJSON"),
    (json.dumps({"type": "LineString", "coordinates": [[3.7, 51.0], [3.8, 51.1]]}).encode(), "Polygon or MultiPolygon"),
    (square(104_000, 193_000, 400), "Lambert 72"),
    (square(3.0, 50.5, 1.0), "km across"),
])
def test_a_bad_boundary_is_refused_and_what_was_typed_is_kept(client, admin, boundary, words):
    response = client.post("/beheer/gemeente/wijken/nieuw", data={
        "name": "Deelgemeente Oost", "name_en": "East borough", "population": "1200",
        "boundary": (io.BytesIO(boundary), "oost.geojson"),
    }, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert words in html
    assert 'value="Deelgemeente Oost"' in html and 'value="East borough"' in html and 'value="1200"' in html
    assert 'aria-describedby="boundary-hint boundary-error"' in html
    assert district("Deelgemeente Oost") is None  # nothing half-written


@pytest.mark.parametrize("data, words", [
    ({"name": ""}, "This field is required"),
    ({"name": "ledeberg"}, "already a district"),
    ({"name": "Nieuw", "population": "-3"}, "0 or more"),
    ({"name": "Nieuw", "population": "veel"}, "population"),
])
def test_a_bad_name_or_population_is_refused_with_a_message(client, admin, data, words):
    response = client.post("/beheer/gemeente/wijken/nieuw", data=data)
    assert response.status_code == 422
    assert words.lower() in response.get_data(as_text=True).lower()


def test_renaming_a_district_in_french_shows_to_french_readers(client, admin, make_idea):
    ledeberg = district("Ledeberg")
    idea = make_idea(district_id=ledeberg.id)
    response = client.post(f"/beheer/gemeente/wijken/{ledeberg.id}", data={"name": "Ledeberg", "name_fr": "Ledeberg-Ville"})
    assert response.status_code == 302
    client.post("/taal", data={"language": "fr"})
    assert "Ledeberg-Ville" in client.get(f"/ideeen/{idea.id}").get_data(as_text=True)


def test_merging_a_district_into_itself_is_refused(client, admin):
    ledeberg = district("Ledeberg")
    response = client.post(f"/beheer/gemeente/wijken/{ledeberg.id}/samenvoegen", data={"merge-kept_id": ledeberg.id, "merge-then": "archive"})
    assert response.status_code == 422
    assert not district("Ledeberg").is_archived


def test_merging_moves_the_ideas_to_the_kept_district(client, admin, make_idea):
    merged, kept = district("Ledeberg"), district("Binnenstad")
    idea = make_idea(district_id=merged.id)
    response = client.post(f"/beheer/gemeente/wijken/{merged.id}/samenvoegen", data={"merge-kept_id": kept.id, "merge-then": "delete"})
    assert response.status_code == 302
    assert db.session.get(Idea, idea.id).district_id == kept.id
    assert district("Ledeberg") is None


def test_deleting_a_district_in_use_is_refused_with_the_offer_to_merge(client, admin, make_idea):
    ledeberg = district("Ledeberg")
    make_idea(district_id=ledeberg.id)
    response = client.post(f"/beheer/gemeente/wijken/{ledeberg.id}/verwijderen")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Merge it into another district" in html and 'id="merge-title"' in html
    assert district("Ledeberg") is not None


def test_an_archived_theme_is_not_offered_on_the_idea_form(client, admin, make_process):
    process = make_process()
    theme = first_theme()
    assert client.post(f"/beheer/gemeente/themas/{theme.id}/archive").status_code == 302
    html = client.get(f"/trajecten/{process.slug}/ideeen/nieuw").get_data(as_text=True)
    assert f'value="{theme.id}"' not in html.split('id="theme_id"', 1)[1].split("</select>", 1)[0]


def test_an_archived_district_is_not_offered_on_the_process_form(client, admin):
    ledeberg = district("Ledeberg")
    client.post(f"/beheer/gemeente/wijken/{ledeberg.id}/archive")
    html = client.get("/beheer/trajecten/nieuw").get_data(as_text=True)
    assert "Ledeberg" not in html and "Binnenstad" in html


def test_a_duplicate_theme_name_is_refused_and_kept(client, admin):
    response = client.post("/beheer/gemeente/themas/nieuw", data={"name_nl": "Mobiliteit", "name_fr": "Nouveau"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "already used" in html and 'value="Nouveau"' in html


def test_moving_a_department_down_works_without_javascript(client, admin):
    from participation.city.management import ordered
    from participation.city.models import Department

    first, second = ordered(Department)[:2]
    assert client.post(f"/beheer/gemeente/diensten/{first.id}/down").status_code == 302
    assert ordered(Department)[:2] == [second, first]


def test_a_renamed_district_is_not_served_stale_from_the_page_cache(app, client, admin, make_idea):
    previous = app.extensions.get("pagecache")
    app.extensions["pagecache"] = pagecache.PageCache(pagecache.MemoryStore(), 300)
    try:
        ledeberg = district("Ledeberg")
        idea = make_idea(district_id=ledeberg.id)
        db.session.commit()
        visitor = app.test_client()
        visitor.get(f"/ideeen/{idea.id}")
        cached = visitor.get(f"/ideeen/{idea.id}")
        assert cached.headers["X-Page-Cache"] == "hit" and "Ledeberg" in cached.get_data(as_text=True)
        client.post(f"/beheer/gemeente/wijken/{ledeberg.id}", data={"name": "Ledeberg-Centrum"})
        fresh = visitor.get(f"/ideeen/{idea.id}")
        assert fresh.headers["X-Page-Cache"] == "miss"
        assert "Ledeberg-Centrum" in fresh.get_data(as_text=True)
    finally:
        if previous is None:
            app.extensions.pop("pagecache")
        else:
            app.extensions["pagecache"] = previous
