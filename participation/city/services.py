"""Reading districts and themes, and loading district boundaries."""
from __future__ import annotations

import json

from sqlalchemy import select

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
    district.boundary_geojson = json.dumps(geometry, separators=(",", ":"))
    db.session.flush()
