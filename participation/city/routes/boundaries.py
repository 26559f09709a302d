"""The district boundaries for the maps' vector layer, which needs no tile server."""
from __future__ import annotations

from flask import Response, request

from participation.city import bp
from participation.city.services import district_boundaries_geojson


@bp.get("/wijken.geojson")
def districts_geojson():
    """The same for every visitor: the browser keeps it for a few minutes, then revalidates it with its
    ETag, so a map page that fetches it again mostly gets it from its cache or as a 304. Not marked
    public: a response that restores a remembered login carries that visitor's session cookie."""
    response = Response(district_boundaries_geojson(), mimetype="application/geo+json")
    response.cache_control.max_age = 300
    response.add_etag()
    return response.make_conditional(request)
