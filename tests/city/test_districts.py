"""District boundaries as the maps' vector layer, and the district a place lies in."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from participation.city.models import District
from participation.city.services import district_at, set_district_boundary
from participation.core.errors import DomainError
from participation.extensions import db
from tests.ideas.conftest import count_queries


def square(west: float, south: float, size: float = 0.01) -> str:
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@pytest.fixture
def two_districts():
    ledeberg = db.session.scalar(select(District).where(District.name == "Ledeberg"))
    binnenstad = db.session.scalar(select(District).where(District.name == "Binnenstad"))
    set_district_boundary(ledeberg, square(3.73, 51.03))
    set_district_boundary(binnenstad, square(3.72, 51.05))
    return ledeberg, binnenstad


def test_the_district_of_a_place_is_the_one_whose_boundary_holds_it(two_districts):
    ledeberg, binnenstad = two_districts
    assert district_at(51.035, 3.735) == ledeberg
    assert district_at(51.055, 3.725) == binnenstad
    assert district_at(51.2, 3.9) is None  # outside every stored boundary


def test_without_stored_boundaries_no_place_has_a_district():
    assert district_at(51.05, 3.72) is None


def test_a_boundary_with_rings_that_enclose_nothing_is_refused():
    district = db.session.scalar(select(District).where(District.name == "Ledeberg"))
    with pytest.raises(DomainError):
        set_district_boundary(district, '{"type": "Polygon", "coordinates": [[[3.72, 51.04], [3.74, 51.04]]]}')
    assert district.boundary_geojson is None


def test_the_boundaries_feed_holds_every_stored_boundary_with_its_name(client, two_districts):
    with count_queries(db.engine) as statements:
        response = client.get("/wijken.geojson")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    data = response.get_json(force=True)
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["name"] for f in data["features"]] == ["Binnenstad", "Ledeberg"]
    assert data["features"][1]["properties"]["slug"] == "ledeberg"
    assert data["features"][1]["geometry"]["type"] == "Polygon"
    assert len([s for s in statements if "districts" in s]) == 1  # one query for all of them


def test_the_boundaries_feed_is_cached_and_revalidated_with_its_etag(client, two_districts):
    first = client.get("/wijken.geojson")
    assert first.headers["Cache-Control"] == "max-age=300"
    again = client.get("/wijken.geojson", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    set_district_boundary(two_districts[0], square(3.74, 51.03))
    changed = client.get("/wijken.geojson", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200


def test_the_boundaries_feed_is_empty_without_boundaries(client):
    assert client.get("/wijken.geojson").get_json(force=True) == {"type": "FeatureCollection", "features": []}
