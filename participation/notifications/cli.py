"""`flask notifications digest`: the daily digest mails (run once a day from cron; safe to run again)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

notifications_cli = AppGroup("notifications", help="Notification tasks.")


@notifications_cli.command("digest")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="The day to send for (default today).")
def digest_command(day) -> None:
    """Mail everyone who chose a daily digest what happened since their last one. A rerun sends nothing new."""
    from participation.notifications.digest import city_today, run_daily_digests

    day = day.date() if day else city_today()
    sent = run_daily_digests(day)
    click.echo(f"{sent} digest(s) sent for {day.isoformat()}.")
