"""Reading districts and themes, loading district boundaries, and finding the district of a place."""
from __future__ import annotations

import json

from sqlalchemy import select

from participation.city.geometry import shape_of, shape_of_geometry
from participation.city.models import District, Theme
from participation.core.errors import DomainError
from participation.extensions import db
from flask_babel import lazy_gettext as _l


def all_districts() -> list[District]:
    return list(db.session.scalars(select(District).order_by(District.name)))


def all_themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.slug)))


def set_district_boundary(district: District, geojson_text: str) -> None:
    """Store a Polygon or MultiPolygon (a bare geometry or a Feature) as the district's boundary."""
    try:
        data = json.loads(geojson_text)
    except ValueError as exc:
        raise DomainError(_l("The boundary is not valid GeoJSON.")) from exc
    geometry = data.get("geometry") if isinstance(data, dict) and data.get("type") == "Feature" else data
    if not isinstance(geometry, dict) or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        raise DomainError(_l("A district boundary must be a GeoJSON Polygon or MultiPolygon."))
    if shape_of_geometry(geometry) is None:  # rings of at least three [longitude, latitude] positions
        raise DomainError(_l("A district boundary must be a GeoJSON Polygon or MultiPolygon."))
    district.boundary_geojson = json.dumps(geometry, separators=(",", ":"))
    db.session.flush()


def _districts_with_boundaries() -> list[District]:
    return list(db.session.scalars(select(District).where(District.boundary_geojson.is_not(None)).order_by(District.name)))


def district_at(latitude: float, longitude: float) -> District | None:
    """The district whose stored boundary holds the point (one query; boundaries are parsed once per text)."""
    for district in _districts_with_boundaries():
        shape = shape_of(district.boundary_geojson)
        if shape is not None and shape.contains(longitude, latitude):
            return district
    return None


def district_boundaries_geojson() -> str:
    """Every stored boundary as one GeoJSON FeatureCollection with the district's name and slug, for the
    maps' vector layer. The stored text is spliced in unparsed: set_district_boundary wrote it, as
    compact JSON of a geometry it checked."""
    features = ",".join(
        '{"type":"Feature","properties":%s,"geometry":%s}'
        % (json.dumps({"name": district.name, "slug": district.slug}, ensure_ascii=False), district.boundary_geojson)
        for district in _districts_with_boundaries()
    )
    return '{"type":"FeatureCollection","features":[%s]}' % features
