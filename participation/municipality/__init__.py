"""The municipality's profile: its names, logo, colours, contact details, languages, time zone and public
address, one row per installation (each municipality has its own database). `flask setup` creates it
with the first administrator; admins edit it on /beheer/gemeente.

Pure arithmetic (colour contrast) lives in colours.py, the upload checks in logos.py, the cached read
that every page uses in profile.py, the rules in services.py.
"""
from flask import Blueprint, Flask

bp = Blueprint("municipality", __name__)

from participation.municipality import routes  # noqa: E402,F401


def init_app(app: Flask) -> None:
    """The profile for templates, its page-cache scope and `flask setup`. Called from create_app()."""
    from participation.municipality import profile
    from participation.municipality.cli import setup_command

    profile.init_app(app)
    app.cli.add_command(setup_command)
