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


@moderation_cli.command("assign")
@click.argument("email")
@click.argument("process_slug")
@click.option("--remove", is_flag=True, help="End the assignment instead.")
def assign_command(email: str, process_slug: str, remove: bool) -> None:
    """Make a moderator moderate one process (a moderator without assignments moderates every process)."""
    from participation.accounts.services import find_user_by_email
    from participation.moderation.services import assign_moderator
    from participation.processes.services import get_process_by_slug

    user = find_user_by_email(email)
    process = get_process_by_slug(process_slug)
    if user is None or process is None:
        raise click.ClickException("Unknown email address or process.")
    try:
        assign_moderator(user, process, assigned=not remove)
    except Exception as error:  # a DomainError: show its message
        raise click.ClickException(str(error)) from None
    commit_and_release()
    click.echo(f"{user.email} {'no longer moderates' if remove else 'moderates'} {process.slug}.")
