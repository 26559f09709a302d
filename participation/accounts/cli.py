from __future__ import annotations

import click
from flask.cli import with_appcontext

from participation.accounts.passwords import password_problem
from participation.accounts.services import create_user, find_user_by_email
from participation.core.jobs import commit_and_release
from participation.core.municipal_cli import one_municipality


@one_municipality
@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "display_name", prompt="Display name")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
def create_admin_command(email: str, display_name: str, password: str) -> None:
    """Create an administrator account (or promote an existing account)."""
    existing = find_user_by_email(email)
    if existing is not None:
        existing.role = "admin"
        commit_and_release()
        click.echo(f"{existing.email} is now an administrator.")
        return
    problem = password_problem(password, email=email, display_name=display_name)
    if problem:
        raise click.ClickException(str(problem))
    user = create_user(email, display_name, password, role="admin")
    commit_and_release()
    click.echo(f"Administrator {user.email} created.")
