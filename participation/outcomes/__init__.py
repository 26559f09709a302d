"""What happened to the input: the results page of a process (funnel, response times, outcomes),
the closing "you said, we did" report, "Mijn inspraak" for every citizen, and the staff
responsiveness dashboard with reminders for overdue ideas (`flask outcomes remind-overdue`).

Pure arithmetic lives in figures.py; the reading queries in queries.py (results), mine.py (one
citizen) and dashboard.py (staff); the rules in services.py.
"""
from flask import Blueprint, Flask

bp = Blueprint("outcomes", __name__)

from participation.outcomes import routes  # noqa: E402,F401


def init_app(app: Flask) -> None:
    """The `flask outcomes` commands. Called from create_app()."""
    from participation.outcomes.cli import outcomes_cli

    app.cli.add_command(outcomes_cli)
