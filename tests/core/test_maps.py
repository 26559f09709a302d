"""The maps' tile server is configurable, and the Content-Security-Policy follows it without a second setting."""
from __future__ import annotations

import pytest

from participation import create_app
from participation.core.maps import leaflet_tile_url, origin_of, tile_origins
from participation.core.security import content_security_policy

CITY_WMTS_REST = "https://kaart.stad.gent/wmts/1.0.0/basiskaart/default/GoogleMapsCompatible/{TileMatrix}/{TileRow}/{TileCol}.png"
FLEMISH_WMTS_KVP = (
    "https://geo.api.vlaanderen.be/GRB/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=grb_bsk&STYLE=&FORMAT=image/png"
    "&TILEMATRIXSET=GoogleMapsVL&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
)


def img_sources(policy: str) -> list[str]:
    directive = next(d for d in policy.split("; ") if d.startswith("img-src "))
    return directive.split()[1:]


def test_a_wmts_template_becomes_a_leaflet_tile_template():
    assert leaflet_tile_url(CITY_WMTS_REST) == (
        "https://kaart.stad.gent/wmts/1.0.0/basiskaart/default/GoogleMapsCompatible/{z}/{y}/{x}.png"
    )
    assert leaflet_tile_url(FLEMISH_WMTS_KVP) == FLEMISH_WMTS_KVP  # already in Leaflet's terms
    assert leaflet_tile_url("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        (FLEMISH_WMTS_KVP, "https://geo.api.vlaanderen.be"),
        ("https://tiles.stad.gent:8443/{z}/{x}/{y}.png", "https://tiles.stad.gent:8443"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("/tiles/{z}/{x}/{y}.png", None),  # served by this site: 'self' covers it
        ("", None),  # no tiles at all, the districts alone
    ],
)
def test_the_origin_of_a_tile_url(url, origin):
    assert origin_of(url) == origin


def test_extra_origins_are_added_once_whether_a_list_or_a_string():
    url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert tile_origins(url, ["https://tile.openstreetmap.org", "https://cdn.example"]) == [
        "https://tile.openstreetmap.org", "https://cdn.example"
    ]
    assert tile_origins(url, "https://a.example https://b.example") == [
        "https://tile.openstreetmap.org", "https://a.example", "https://b.example"
    ]


def test_the_default_tiles_are_allowed_by_the_policy_of_every_page(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "https://tile.openstreetmap.org" in img_sources(policy)


def test_a_configured_tile_server_is_allowed_by_the_policy_and_the_old_one_is_not():
    app = create_app("testing", MAP_TILE_URL=FLEMISH_WMTS_KVP, MAP_TILE_ORIGINS=[])
    sources = img_sources(content_security_policy(app))
    assert sources == ["'self'", "data:", "https://geo.api.vlaanderen.be"]


def test_map_tile_origins_still_adds_origins_next_to_the_tile_url():
    app = create_app("testing", MAP_TILE_URL=CITY_WMTS_REST, MAP_TILE_ORIGINS=["https://tiles.example.be"])
    assert img_sources(content_security_policy(app))[2:] == ["https://kaart.stad.gent", "https://tiles.example.be"]


def test_the_map_containers_carry_the_configured_tile_server(app, client, make_process):
    process = make_process()
    previous = dict(app.config)
    cache = app.extensions.pop("pagecache", None)  # this page must not be kept for other tests
    app.config.update(MAP_TILE_URL=CITY_WMTS_REST, MAP_TILE_ATTRIBUTION="© Stad Gent", MAP_TILE_MAX_ZOOM=21)
    try:
        page = client.get(f"/trajecten/{process.slug}/ideeen").get_data(as_text=True)
    finally:
        app.config.update(previous)
        if cache is not None:
            app.extensions["pagecache"] = cache
    assert 'data-tile-url="https://kaart.stad.gent/wmts/1.0.0/basiskaart/default/GoogleMapsCompatible/{z}/{y}/{x}.png"' in page
    assert 'data-tile-attribution="© Stad Gent"' in page
    assert 'data-tile-max-zoom="21"' in page
    assert 'data-districts-url="/wijken.geojson"' in page
    assert 'data-tiles-failed="De achtergrondkaart kon niet worden geladen."' in page
