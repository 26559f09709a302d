"""Security headers sent with every response."""
from __future__ import annotations

from flask import Flask, Response


def content_security_policy(app: Flask) -> str:
    # No inline script anywhere: pages work without JavaScript and scripts come from our own origin.
    script_sources = ["'self'"]
    frame_sources: list[str] = []
    if app.config.get("STRIPE_PUBLISHABLE_KEY"):
        stripe_js = app.config["STRIPE_JS_URL"]
        origin = "/".join(stripe_js.split("/")[:3])
        script_sources.append(origin)
        frame_sources.append(origin)
    tile_origins = " ".join(app.config.get("MAP_TILE_ORIGINS", []))
    directives = [
        "default-src 'self'",
        f"script-src {' '.join(script_sources)}",
        "style-src 'self'",
        f"img-src 'self' data: {tile_origins}".strip(),
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
    policy = content_security_policy(app)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
