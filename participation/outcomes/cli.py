"""`flask outcomes ...`: reminders about ideas that wait too long for an official response."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from participation.core.jobs import commit_and_release


@click.group("outcomes")
def outcomes_cli() -> None:
    """What happened to the input: reminders for overdue ideas."""


@outcomes_cli.command("remind-overdue")
@click.option("--days", type=int, default=None, help="Days an idea may wait (default: OUTCOMES_RESPONSE_DAYS).")
@with_appcontext
def remind_overdue_command(days: int | None) -> None:
    """Mail the responsible staff about overdue ideas, once per idea per overdue period (safe to run often)."""
    from participation.outcomes.services import remind_overdue

    if days is not None and days < 1:
        raise click.BadParameter("must be at least 1", param_hint="--days")
    result = remind_overdue(response_days=days)
    commit_and_release()
    click.echo(f"{result['ideas']} overdue ideas, {result['mails']} reminder mails sent.")
