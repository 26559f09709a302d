"""Moderation of every kind of contribution: queues, reports, decisions, appeals, audit, transparency."""
from flask import Blueprint, Flask

bp = Blueprint("moderation", __name__)

from participation.moderation import routes  # noqa: E402,F401


def init_app(app: Flask) -> None:
    """Register the moderated kinds and the CLI. Called from create_app()."""
    from participation.moderation.cli import moderation_cli
    from participation.moderation.kinds import register_builtin_kinds

    register_builtin_kinds()
    app.cli.add_command(moderation_cli)
