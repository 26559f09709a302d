"""Reading districts, themes and departments (and which a form offers), loading district boundaries, and finding the district of a place."""
from __future__ import annotations

import json

from sqlalchemy import select

from participation.city.geometry import MAX_ACROSS_KM, boundary_problem, shape_of
from participation.city.models import Department, District, Theme
from participation.core.errors import DomainError
from participation.extensions import db
from flask_babel import lazy_gettext as _l


def all_districts() -> list[District]:
    """Every district, archived ones too: for filters and lists of existing content."""
    return list(db.session.scalars(select(District).order_by(District.name)))


def all_themes() -> list[Theme]:
    """Every theme in the admins' order, archived ones too: for filters of existing content."""
    return list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.id)))


def all_departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.position, Department.id)))


def offered(rows: list, *keep_ids: int | None) -> list:
    """The rows a form offers for new content: those not archived, plus the ones the content already has
    (`keep_ids`), so editing old content keeps its archived district or theme."""
    kept = {row_id for row_id in keep_ids if row_id}
    return [row for row in rows if not row.is_archived or row.id in kept]


def offered_districts(*keep_ids: int | None) -> list[District]:
    return offered(all_districts(), *keep_ids)


def offered_themes(*keep_ids: int | None) -> list[Theme]:
    return offered(all_themes(), *keep_ids)


def offered_departments(*keep_ids: int | None) -> list[Department]:
    return offered(all_departments(), *keep_ids)


BOUNDARY_PROBLEMS = {
    "not_polygon": _l("A district boundary must be a GeoJSON Polygon or MultiPolygon."),
    "projection": _l(
        "The boundary's coordinates are not longitude and latitude in degrees (WGS84). Files in metres, such as "
        "Lambert 72, have to be converted to WGS84 (EPSG:4326) first."
    ),
    "too_large": _l("The boundary is more than %(km)d km across: that is not one district.", km=int(MAX_ACROSS_KM)),
    "degenerate": _l("The boundary encloses no area: it is a point or a line."),
}


def check_boundary(geojson_text: str) -> str:
    """The boundary as compact GeoJSON geometry text, or a DomainError that says what is wrong with it."""
    try:
        data = json.loads(geojson_text)
    except (ValueError, RecursionError) as exc:
        raise DomainError(_l("The boundary is not valid GeoJSON."), field="boundary") from exc
    problem = boundary_problem(data)
    if problem is not None:
        raise DomainError(BOUNDARY_PROBLEMS[problem], field="boundary")
    geometry = data.get("geometry") if data.get("type") == "Feature" else data
    return json.dumps({"type": geometry["type"], "coordinates": geometry["coordinates"]}, separators=(",", ":"))


def set_district_boundary(district: District, geojson_text: str) -> None:
    """Store a Polygon or MultiPolygon (a bare geometry or a Feature) in WGS84 as the district's boundary."""
    district.boundary_geojson = check_boundary(geojson_text)
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
