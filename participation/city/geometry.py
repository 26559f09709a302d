"""Which district boundary holds a point: GeoJSON polygons and a ray-casting test, in plain Python.

No GIS library and no web context. Coordinates are GeoJSON's (longitude, latitude) in degrees, taken as a
plane: at a city's scale that changes nothing about which side of a boundary a point lies. A point
exactly on a boundary line may count for either side.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from numbers import Real

Ring = tuple[tuple[float, float], ...]
Polygon = tuple[Ring, ...]  # the outer ring first, then its holes


@dataclass(frozen=True)
class Shape:
    """A Polygon or MultiPolygon, with the box around it to skip far-away shapes cheaply."""

    polygons: tuple[Polygon, ...]
    west: float
    south: float
    east: float
    north: float

    def contains(self, longitude: float, latitude: float) -> bool:
        if not (self.west <= longitude <= self.east and self.south <= latitude <= self.north):
            return False
        return any(
            ring_contains(polygon[0], longitude, latitude)
            and not any(ring_contains(hole, longitude, latitude) for hole in polygon[1:])
            for polygon in self.polygons
        )


def ring_contains(ring: Ring, x: float, y: float) -> bool:
    """Ray casting: a point is inside when a ray from it crosses the ring's edges an odd number of times."""
    inside = False
    x1, y1 = ring[-1]
    for x2, y2 in ring:
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
        x1, y1 = x2, y2
    return inside


def _ring(positions) -> Ring | None:
    if not isinstance(positions, list):
        return None
    points = []
    for position in positions:
        if not (isinstance(position, list) and len(position) >= 2 and all(isinstance(c, Real) and not isinstance(c, bool) for c in position[:2])):
            return None
        points.append((float(position[0]), float(position[1])))
    if points and points[0] == points[-1]:
        points.pop()  # GeoJSON closes each ring by repeating its first position
    return tuple(points) if len(points) >= 3 else None


def _polygon(rings) -> Polygon | None:
    if not isinstance(rings, list) or not rings:
        return None
    parsed = tuple(_ring(ring) for ring in rings)
    return None if any(ring is None for ring in parsed) else parsed


def shape_of_geometry(geometry) -> Shape | None:
    """The shape of a GeoJSON Polygon or MultiPolygon geometry, or None when it is not a usable one."""
    if not isinstance(geometry, dict):
        return None
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "Polygon":
        polygons = (_polygon(coordinates),)
    elif geometry.get("type") == "MultiPolygon" and isinstance(coordinates, list) and coordinates:
        polygons = tuple(_polygon(rings) for rings in coordinates)
    else:
        return None
    if any(polygon is None for polygon in polygons):
        return None
    xs = [x for polygon in polygons for x, _y in polygon[0]]
    ys = [y for polygon in polygons for _x, y in polygon[0]]
    return Shape(polygons, min(xs), min(ys), max(xs), max(ys))


@lru_cache(maxsize=256)
def shape_of(geojson_text: str) -> Shape | None:
    """The shape of a stored boundary (GeoJSON geometry text), parsed once per distinct text."""
    try:
        return shape_of_geometry(json.loads(geojson_text))
    except ValueError:
        return None


# --- Checking an uploaded boundary ------------------------------------------------------------

MAX_ACROSS_KM = 50.0  # wider than any municipality's district: a wrong file or a wrong projection
MIN_AREA_M2 = 100.0  # smaller is a line or a point drawn as a polygon
_KM_PER_DEGREE = 111.32
_WGS84_NAMES = ("crs84", "4326")


def _names_wgs84(crs) -> bool:
    """True when a (pre-2016) GeoJSON "crs" member names WGS84 longitude/latitude, or is absent."""
    if crs is None:
        return True
    name = str(((crs or {}).get("properties") or {}).get("name", "")).lower() if isinstance(crs, dict) else ""
    return any(name.endswith(known) for known in _WGS84_NAMES)


def _ring_area_m2(ring: Ring, latitude: float) -> float:
    """The shoelace area of a ring of degrees, in square metres at this latitude (a plane at city scale)."""
    x_scale = _KM_PER_DEGREE * 1000 * math.cos(math.radians(latitude))
    y_scale = _KM_PER_DEGREE * 1000
    twice = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))
    return abs(twice) / 2 * x_scale * y_scale


def boundary_problem(data) -> str | None:
    """Why parsed GeoJSON `data` (a Feature or a bare geometry) is no usable district boundary, or None.

    The reasons: "not_polygon" (not a Polygon or MultiPolygon with rings of positions), "projection"
    (a "crs" other than WGS84, or coordinates outside longitude/latitude ranges, as the metres of Lambert
    72 are), "too_large" (wider or taller than MAX_ACROSS_KM), "degenerate" (no area to speak of)."""
    crs = data.get("crs") if isinstance(data, dict) else None
    geometry = data.get("geometry") if isinstance(data, dict) and data.get("type") == "Feature" else data
    shape = shape_of_geometry(geometry)
    if shape is None:
        return "not_polygon"
    if not _names_wgs84(crs) or not _names_wgs84(geometry.get("crs")):
        return "projection"
    if not (-180 <= shape.west <= shape.east <= 180 and -90 <= shape.south <= shape.north <= 90):
        return "projection"
    latitude = (shape.south + shape.north) / 2
    width_km = (shape.east - shape.west) * _KM_PER_DEGREE * math.cos(math.radians(latitude))
    height_km = (shape.north - shape.south) * _KM_PER_DEGREE
    if max(width_km, height_km) > MAX_ACROSS_KM:
        return "too_large"
    if sum(_ring_area_m2(polygon[0], latitude) for polygon in shape.polygons) < MIN_AREA_M2:
        return "degenerate"
    return None
