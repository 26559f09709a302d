"""The idea page says in words where an idea is: the district its pin lies in, not only coordinates."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from participation.city.models import District
from participation.city.services import set_district_boundary
from participation.core import pagecache
from participation.extensions import db

LEDEBERG_SQUARE = {"type": "Polygon", "coordinates": [[[3.73, 51.03], [3.75, 51.03], [3.75, 51.04], [3.73, 51.04], [3.73, 51.03]]]}


@pytest.fixture(autouse=True)
def fresh_cache(app):
    """An empty page cache: these pages depend on boundaries the other tests do not store."""
    previous = app.extensions.get("pagecache")
    app.extensions["pagecache"] = pagecache.PageCache(pagecache.MemoryStore(), 300)
    yield
    if previous is None:
        app.extensions.pop("pagecache")
    else:
        app.extensions["pagecache"] = previous


@pytest.fixture
def ledeberg():
    district = db.session.scalar(select(District).where(District.name == "Ledeberg"))
    set_district_boundary(district, json.dumps(LEDEBERG_SQUARE))
    return district


def facts(client, idea) -> str:
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    return page[page.index('<dl class="facts">'):page.index("</dl>", page.index('<dl class="facts">'))]


def test_the_idea_page_names_the_district_its_pin_lies_in(client, make_idea, ledeberg):
    idea = make_idea(latitude=51.035, longitude=3.74)
    shown = facts(client, idea)
    assert "In de wijk Ledeberg" in shown
    assert "51.03500, 3.74000" in shown  # the coordinates stay, as a link to a map
    assert "<dd>Ledeberg</dd>" in shown  # no district chosen: the pin's district is the idea's


def test_a_chosen_district_stays_and_the_pin_says_where_it_really_is(client, make_idea, ledeberg):
    binnenstad = db.session.scalar(select(District).where(District.name == "Binnenstad"))
    idea = make_idea(district_id=binnenstad.id, latitude=51.035, longitude=3.74)
    shown = facts(client, idea)
    assert "<dd>Binnenstad</dd>" in shown
    assert "In de wijk Ledeberg" in shown


def test_a_pin_outside_every_boundary_shows_only_its_coordinates(client, make_idea, ledeberg):
    idea = make_idea(latitude=51.1, longitude=3.6)
    shown = facts(client, idea)
    assert "In de wijk" not in shown
    assert "51.10000, 3.60000" in shown


def test_the_place_is_in_the_visitor_s_language(client, make_idea, ledeberg):
    idea = make_idea(latitude=51.035, longitude=3.74)
    client.post("/taal", data={"language": "fr"})
    assert "Dans le quartier Ledeberg" in facts(client, idea)


def test_a_cached_idea_page_names_the_district_as_soon_as_its_boundary_is_stored(app, make_idea):
    idea = make_idea(latitude=51.035, longitude=3.74)
    db.session.commit()
    visitor = app.test_client()
    url = f"/ideeen/{idea.id}"
    assert visitor.get(url).headers.get("X-Page-Cache") == "miss"
    assert "In de wijk" not in visitor.get(url).get_data(as_text=True)  # a hit, from before the boundary
    district = db.session.scalar(select(District).where(District.name == "Ledeberg"))
    set_district_boundary(district, json.dumps(LEDEBERG_SQUARE))
    db.session.commit()
    fresh = visitor.get(url)
    assert fresh.headers.get("X-Page-Cache") == "miss"
    assert "In de wijk Ledeberg" in fresh.get_data(as_text=True)
