"""`flask moderation digest`: the daily email to moderators who asked for it (idempotent per day)."""
from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from participation.core.jobs import commit_and_release

moderation_cli = AppGroup("moderation", help="Moderation tasks.")


@moderation_cli.command("digest")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="The day to send for (default today).")
def digest_command(day) -> None:
    """Mail each opted-in moderator what is waiting. Running it twice on one day sends nothing new."""
    from participation.moderation.services import send_digests

    today = day.date() if day else date.today()
    sent = send_digests(today)
    commit_and_release()
    click.echo(f"{sent} digest(s) sent for {today.isoformat()}.")


@moderation_cli.command("sync")
def sync_command() -> None:
    """Put contributions that features hold for approval into the moderation queue."""
    from participation.moderation.services import sync_pending

    created = sync_pending()
    commit_and_release()
    click.echo(f"{created} item(s) added to the moderation queue.")
