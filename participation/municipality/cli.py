from __future__ import annotations

import os

import click
from flask.cli import with_appcontext

from participation.core.errors import DomainError
from participation.core.jobs import commit_and_release
from participation.extensions import db
from participation.municipality import services
from participation.core.municipal_cli import one_municipality


@one_municipality
@click.command("setup")
@click.option("--name-nl", "official_name_nl", prompt="Official name (Dutch)", envvar="SETUP_NAME_NL")
@click.option("--name-fr", "official_name_fr", default="", envvar="SETUP_NAME_FR", help="Official name in French.")
@click.option("--name-en", "official_name_en", default="", envvar="SETUP_NAME_EN", help="Official name in English.")
@click.option("--short-name", prompt="Short name", envvar="SETUP_SHORT_NAME")
@click.option("--platform-name", default="", envvar="SETUP_PLATFORM_NAME")
@click.option("--primary-colour", default="", envvar="SETUP_PRIMARY_COLOUR")
@click.option("--secondary-colour", default="", envvar="SETUP_SECONDARY_COLOUR")
@click.option("--contact-email", default="", envvar="SETUP_CONTACT_EMAIL")
@click.option("--languages", default="nl,fr,en", envvar="SETUP_LANGUAGES", show_default=True)
@click.option("--default-language", default="nl", envvar="SETUP_DEFAULT_LANGUAGE", show_default=True)
@click.option("--timezone", default="Europe/Brussels", envvar="SETUP_TIMEZONE", show_default=True)
@click.option("--public-url", default="", envvar="SETUP_PUBLIC_URL")
@click.option("--admin-email", prompt=True, envvar="SETUP_ADMIN_EMAIL")
@click.option("--admin-name", prompt="Administrator's display name", envvar="SETUP_ADMIN_NAME")
@click.option("--admin-password-env", default=None, help="Read the administrator's password from this environment variable.")
@click.option("--allow-existing-admin", is_flag=True, help="Set up even though an administrator exists.")
@with_appcontext
def setup_command(admin_email: str, admin_name: str, admin_password_env: str | None, allow_existing_admin: bool,
                  languages: str, **profile) -> None:
    """Create the first administrator and the municipality's profile (prompts in a terminal, or options)."""
    if admin_password_env:
        password = os.environ.get(admin_password_env)
        if not password:
            raise click.ClickException(f"The environment variable {admin_password_env} is not set.")
    else:
        password = click.prompt("Administrator's password", hide_input=True, confirmation_prompt=True)
    values = services.ProfileValues(languages=[code.strip() for code in languages.split(",") if code.strip()], **profile)
    try:
        user, _row = services.set_up(values, admin_email=admin_email, admin_name=admin_name, admin_password=password,
                                     allow_existing_admin=allow_existing_admin)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    commit_and_release()
    click.echo(f"{values.short_name} is set up; administrator {user.email}.")
