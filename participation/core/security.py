"""Security headers sent with every response."""
from __future__ import annotations

from flask import Flask, Response

from participation.core.maps import tile_origins


def content_security_policy(app: Flask) -> str:
    # No inline script anywhere: pages work without JavaScript and scripts come from our own origin.
    script_sources = ["'self'"]
    frame_sources: list[str] = []
    if app.config.get("STRIPE_PUBLISHABLE_KEY"):
        stripe_js = app.config["STRIPE_JS_URL"]
        origin = "/".join(stripe_js.split("/")[:3])
        script_sources.append(origin)
        frame_sources.append(origin)
    # The map tiles' server, from the tile URL itself, plus any origins configured on top.
    tiles = " ".join(tile_origins(app.config.get("MAP_TILE_URL", ""), app.config.get("MAP_TILE_ORIGINS", [])))
    directives = [
        "default-src 'self'",
        f"script-src {' '.join(script_sources)}",
        "style-src 'self'",
        f"img-src 'self' data: {tiles}".strip(),
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    if frame_sources:
        directives.append(f"frame-src {' '.join(frame_sources)}")
    return "; ".join(directives)


def register_security_headers(app: Flask) -> None:
    headers = [
        ("Content-Security-Policy", content_security_policy(app)),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"),
    ]
    if app.config.get("SESSION_COOKIE_SECURE"):
        headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        # A view may set its own (the card payment page widens the policy); one pass over the few headers
        # a response has instead of a search per header: this runs on every request, cached pages too.
        present = {name.lower() for name in response.headers.keys()}
        for name, value in headers:
            if name.lower() not in present:
                response.headers.add(name, value)
        return response
