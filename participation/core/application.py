"""The Flask application class: absolute links come from PUBLIC_BASE_URL, never from the request.

A link in a mail built from the request's Host header lets anyone who can send a request with
`Host: evil.example` mail a victim a password-reset link to their own server. Building every
`_external=True` link (and every link made outside a request: commands, jobs) from the configured
address closes that for every caller at once, in requests, CLI and jobs alike.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from flask import Flask, has_request_context, request
from flask.globals import request_ctx
from werkzeug.routing import BuildError, MapAdapter

from participation.core import municipalities

ANCHOR_SAFE = "%!#$&'()*+,/:;=?@"  # as Flask quotes an anchor


class Stadslab(Flask):
    config_class = municipalities.MunicipalConfig

    def wsgi_app(self, environ, start_response):
        # Several municipalities: the host picks one before the session, CSRF or any query is read.
        registry = self.extensions.get("municipalities")
        if registry is None:
            return super().wsgi_app(environ, start_response)
        chosen = registry.for_host(environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or "")
        if chosen is None or not chosen.enabled:
            return municipalities_unknown_host(environ, start_response, known=chosen is not None)
        environ[municipalities.ENVIRON_KEY] = chosen
        with municipalities.using(chosen):
            return super().wsgi_app(environ, start_response)

    def public_url_adapter(self) -> MapAdapter:
        """URL building bound to PUBLIC_BASE_URL: scheme, host (and port) and an optional path prefix."""
        base = urlsplit(self.config["PUBLIC_BASE_URL"])
        return self.url_map.bind(
            base.netloc or "localhost",
            script_name=base.path.rstrip("/") or "/",
            url_scheme=base.scheme or self.config["PREFERRED_URL_SCHEME"],
        )

    def url_for(
        self,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: Any,
    ) -> str:
        in_request = has_request_context()
        external = _external if _external is not None else (_scheme is not None or not in_request)
        if in_request and not external and request_ctx.url_adapter is not None:
            # A path on the page being served: relative to where this request came in, as Flask does.
            return super().url_for(endpoint, _anchor=_anchor, _method=_method, _external=False, **values)
        if _scheme is not None and not external:
            raise ValueError("When specifying '_scheme', '_external' must be True.")
        if in_request and endpoint[:1] == ".":
            blueprint = request.blueprint
            endpoint = f"{blueprint}{endpoint}" if blueprint else endpoint[1:]
        self.inject_url_defaults(endpoint, values)
        try:
            url = self.public_url_adapter().build(
                endpoint, values, method=_method, url_scheme=_scheme, force_external=external
            )
        except BuildError as error:
            values.update(_anchor=_anchor, _method=_method, _scheme=_scheme, _external=external)
            return self.handle_url_build_error(error, endpoint, values)
        if _anchor is not None:
            url = f"{url}#{quote(_anchor, safe=ANCHOR_SAFE)}"
        return url


UNKNOWN_HOST = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1>
<p>{nl}</p><p lang="fr">{fr}</p><p lang="en">{en}</p></main></body></html>
"""


def municipalities_unknown_host(environ, start_response, *, known: bool):
    """404 for a host no municipality answers to (or one switched off): a message, never anyone's data."""
    from werkzeug.wrappers import Response

    if known:
        body = UNKNOWN_HOST.format(
            title="Niet beschikbaar",
            nl="Deze gemeente is op dit moment niet beschikbaar op dit platform.",
            fr="Cette commune n’est pas disponible sur cette plateforme pour le moment.",
            en="This municipality is not available on this platform at the moment.",
        )
    else:
        body = UNKNOWN_HOST.format(
            title="Onbekend adres",
            nl="Dit adres hoort bij geen enkele gemeente op dit platform. Controleer het adres.",
            fr="Cette adresse ne correspond à aucune commune de cette plateforme. Vérifiez l’adresse.",
            en="This address does not belong to any municipality on this platform. Check the address.",
        )
    response = Response(body, status=404, content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response(environ, start_response)
