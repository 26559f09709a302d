"""Links to crowdfunding pages that also work outside a request (close-due on the command line, jobs)."""
from __future__ import annotations

from flask import current_app, url_for


def external_link(endpoint: str, **values) -> str:
    """An absolute link for emails, also from the command line where there is no request."""
    try:
        return url_for(endpoint, _external=True, **values)
    except RuntimeError:
        with current_app.test_request_context(base_url=current_app.config.get("PUBLIC_BASE_URL", "http://localhost")):
            return url_for(endpoint, _external=True, **values)


def site_path(endpoint: str, **values) -> str:
    """A site path, also from the command line (close-due) where there is no request."""
    try:
        return url_for(endpoint, _external=False, **values)
    except RuntimeError:
        with current_app.test_request_context():
            return url_for(endpoint, _external=False, **values)
