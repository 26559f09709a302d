"""Unexpected errors and oversized uploads get a page in the user's language, never a stack trace."""
import pytest
from sqlalchemy import select

from participation.city.models import District
from participation.city.services import set_district_boundary
from participation.core.errors import DomainError
from participation.extensions import db


def test_an_unexpected_error_shows_a_friendly_500_page():
    from participation import create_app

    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", PROPAGATE_EXCEPTIONS=False)
    app.add_url_rule("/test-explode", "explode", lambda: 1 / 0)
    response = app.test_client().get("/test-explode", headers={"Accept-Language": "fr"})
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert 'lang="fr"' in body and "Traceback" not in body and "ZeroDivisionError" not in body


def test_an_upload_over_the_request_limit_gets_a_413_page(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    try:
        response = client.post("/registreren", data={"email": "x" * 5000})
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024
    assert response.status_code == 413


def test_a_district_boundary_must_be_a_polygon():
    district = db.session.scalar(select(District).where(District.name == "Binnenstad"))
    set_district_boundary(district, '{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[3.72, 51.05], [3.73, 51.05], [3.73, 51.06], [3.72, 51.05]]]}}')
    assert '"Polygon"' in district.boundary_geojson
    for bad in ("not json", '{"type": "Point", "coordinates": [3.7, 51.0]}'):
        with pytest.raises(DomainError):
            set_district_boundary(district, bad)
