"""Participatory budgeting: budget rounds, projects, verified voting, results, Pabulib import/export.

The pure-Python parts are :mod:`participation.budgeting.pabulib` (the .pb format),
:mod:`participation.budgeting.tally` (greedy and the Method of Equal Shares),
:mod:`participation.budgeting.ballots` (ballot rules) and :mod:`participation.budgeting.eligibility`.
"""
from flask import Blueprint, Flask

bp = Blueprint("budgeting", __name__)

from participation.budgeting import routes  # noqa: E402,F401


def init_app(app: Flask) -> None:
    """The `flask budgeting` commands. Called from create_app()."""
    from participation.budgeting.cli import budgeting_cli

    app.cli.add_command(budgeting_cli)
