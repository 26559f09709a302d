"""The privacy statement: the public page /privacy (built from the configuration and the municipality's
profile), its published versions (/beheer/privacy) and each person's consent to them.

Someone signed in whose latest consent is older than the current version is shown a notice on every
page and may read everything, but contributing POSTs are refused until they accept (guard.py).
"""
from flask import Blueprint, Flask

bp = Blueprint("privacy", __name__)

from participation.privacy import routes  # noqa: E402,F401


def init_app(app: Flask) -> None:
    """The consent guard on POSTs and the notice for templates. Called from create_app()."""
    from participation.privacy import guard

    guard.init_app(app)
