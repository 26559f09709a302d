"""The background map's tile server: the URL template Leaflet loads tiles from, and the origins the
Content-Security-Policy must allow images from. Plain functions of the configured values.

MAP_TILE_URL is either an XYZ template ("https://tile.example/{z}/{x}/{y}.png", "{s}" for a subdomain)
or a WMTS one in Web Mercator: a RESTful ResourceURL template with {TileMatrix}, {TileRow} and {TileCol}
(".../wmts/1.0.0/basemap/default/GoogleMapsCompatible/{TileMatrix}/{TileRow}/{TileCol}.png"), or a KVP
GetTile address with those values as {z}, {y} and {x} (Flanders' GRB: "https://geo.api.vlaanderen.be/GRB/wmts
?SERVICE=WMTS&REQUEST=GetTile&...&TILEMATRIXSET=GoogleMapsVL&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}").
A relative URL serves tiles from this site; an empty one means no background at all.
"""
from __future__ import annotations

from typing import Iterable
from urllib.parse import urlsplit

# WMTS template variables and the XYZ placeholders Leaflet fills in (a Web Mercator tile matrix set,
# such as GoogleMapsCompatible or Flanders' GoogleMapsVL, numbers its matrices, rows and columns alike).
_WMTS_PLACEHOLDERS = {"{TileMatrix}": "{z}", "{TileRow}": "{y}", "{TileCol}": "{x}"}


def leaflet_tile_url(url: str) -> str:
    """The tile URL as a Leaflet tileLayer template."""
    for wmts, xyz in _WMTS_PLACEHOLDERS.items():
        url = url.replace(wmts, xyz)
    return url


def origin_of(url: str) -> str | None:
    """The scheme and host a tile URL loads from, as a CSP source; None for a URL on this site.
    A "{s}" subdomain becomes a wildcard ("https://*.tile.example")."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    first, dot, rest = host.partition(".")
    if "{" in first and dot:
        host = f"*.{rest}"
    if "{" in host:  # a placeholder elsewhere in the host: nothing a CSP source can express
        return None
    return f"{parts.scheme}://{host}"


def tile_origins(url: str, extra: Iterable[str] | str = ()) -> list[str]:
    """Where map tiles may come from: the tile URL's origin, then any origins configured on top
    (MAP_TILE_ORIGINS, for a server that redirects or a second layer; a list, or one space-separated string)."""
    if isinstance(extra, str):
        extra = extra.split()
    origins: list[str] = []
    for origin in [origin_of(url), *extra]:
        if origin and origin not in origins:
            origins.append(origin)
    return origins
