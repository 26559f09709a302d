"""Which boundary holds a point: the plain-Python ray casting behind an idea's district (no app needed)."""
from __future__ import annotations

import json

import pytest

from participation.city.geometry import ring_contains, shape_of, shape_of_geometry

# A square district of 0.02° around (3.73, 51.05) with a square courtyard cut out of its middle.
OUTER = [[3.72, 51.04], [3.74, 51.04], [3.74, 51.06], [3.72, 51.06], [3.72, 51.04]]
HOLE = [[3.728, 51.048], [3.732, 51.048], [3.732, 51.052], [3.728, 51.052], [3.728, 51.048]]
SQUARE = {"type": "Polygon", "coordinates": [OUTER]}
WITH_HOLE = {"type": "Polygon", "coordinates": [OUTER, HOLE]}
# An L-shaped (concave) district: the notch in its corner is outside.
L_SHAPE = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]]}


def test_a_point_in_a_square_district_is_inside_and_one_beside_it_is_not():
    shape = shape_of_geometry(SQUARE)
    assert shape.contains(3.73, 51.05)
    assert shape.contains(3.7201, 51.0599)  # just inside a corner
    assert not shape.contains(3.75, 51.05)  # east of it
    assert not shape.contains(3.73, 51.07)  # north of it


def test_longitude_and_latitude_are_not_swapped():
    # GeoJSON positions are [longitude, latitude]: (51.05, 3.73) is somewhere off the coast of Africa.
    assert not shape_of_geometry(SQUARE).contains(51.05, 3.73)


def test_the_notch_of_a_concave_district_is_outside_it():
    shape = shape_of_geometry(L_SHAPE)
    assert shape.contains(0.5, 1.5) and shape.contains(1.5, 0.5)
    assert not shape.contains(1.5, 1.5)  # inside the bounding box, outside the L


def test_a_hole_in_a_district_is_outside_it():
    shape = shape_of_geometry(WITH_HOLE)
    assert not shape.contains(3.73, 51.05)
    assert shape.contains(3.725, 51.05)


def test_a_district_of_several_parts_holds_a_point_in_any_of_them():
    far_part = [[[4.0, 51.0], [4.01, 51.0], [4.01, 51.01], [4.0, 51.0]]]
    shape = shape_of_geometry({"type": "MultiPolygon", "coordinates": [[OUTER], far_part]})
    assert shape.contains(3.73, 51.05)
    assert shape.contains(4.008, 51.002)
    assert not shape.contains(3.9, 51.05)  # between the parts


def test_an_unclosed_ring_counts_as_closed():
    assert ring_contains(((0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)), 1.0, 1.0)


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [3.73, 51.05]},
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [[[3.72, 51.04], [3.74, 51.04]]]},  # two corners are no area
        {"type": "Polygon", "coordinates": [[["3.72", 51.04], [3.74, 51.04], [3.74, 51.06]]]},
        {"type": "MultiPolygon", "coordinates": [[OUTER], "nonsense"]},
        {"type": "Polygon"},
        "Polygon",
    ],
)
def test_what_is_not_a_usable_polygon_has_no_shape(geometry):
    assert shape_of_geometry(geometry) is None


def test_stored_text_is_parsed_into_a_shape_once_per_text():
    text = json.dumps(SQUARE, separators=(",", ":"))
    assert shape_of(text) is shape_of(text)
    assert shape_of(text).contains(3.73, 51.05)
    assert shape_of("not json") is None
