"""Commands with several municipalities: `--municipality` on every command, the `flask municipalities` group.

Every command of the application gets a `--municipality SLUG` option (wrap_commands). In a single
installation it is refused and the command runs as it always did. With a registry, a command runs
once per active municipality (each in its own application context, database session and settings),
so one cron line (`flask notifications digest`) serves them all, or only for the one named. A
failure at one municipality is reported and the others still run; the exit status says it failed.
Commands that only make sense for one municipality at a time (`flask setup`, `flask create-admin`)
are marked with one_municipality and then require the option.
"""
from __future__ import annotations

import functools
import os
from typing import Callable

import click
from flask import current_app
from flask.cli import ScriptInfo, with_appcontext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from participation.core import municipalities
from participation.core.registry import Registry, RegistryError

ONE = "_stadslab_one_municipality"
WRAPPED = "_stadslab_municipal"


def one_municipality(command: click.Command) -> click.Command:
    setattr(command, ONE, True)
    return command


def command_app():
    """The application the command line loaded (the same one as current_app in `flask ...`)."""
    context = click.get_current_context(silent=True)
    info = context.find_object(ScriptInfo) if context is not None else None
    if info is not None:
        return info.load_app()
    return current_app._get_current_object()


def registry_or_fail(app) -> Registry:
    registry = app.extensions.get("municipalities")
    if registry is None:
        raise click.UsageError("This installation serves one municipality: set MUNICIPALITIES_DATABASE_URL to host several.")
    return registry


def targets(app, slug: str | None, *, needs_one: bool = False) -> list[municipalities.Municipality]:
    registry = registry_or_fail(app)
    if slug:
        chosen = registry.get(slug, fresh=True)
        if chosen is None:
            known = ", ".join(m.slug for m in registry.all()) or "none"
            raise click.BadParameter(f"there is no municipality '{slug}' (registered: {known}).", param_hint="--municipality")
        if not chosen.enabled:
            raise click.ClickException(f"The municipality '{slug}' is disabled: `flask municipalities enable {slug}` first.")
        return [chosen]
    if needs_one:
        raise click.UsageError("This installation hosts several municipalities: choose one with --municipality SLUG.")
    return registry.active(fresh=True)


def for_each(app, chosen: list[municipalities.Municipality], run: Callable[[], None], *, headers: bool = True) -> None:
    failures = []
    for municipality in chosen:
        if headers:
            click.echo(f"== {municipality.slug} ({municipality.name})")
        try:
            with app.app_context(), municipalities.using(municipality):
                municipalities.entered()
                run()
        except (click.Abort, KeyboardInterrupt):
            raise
        except click.ClickException as error:
            failures.append(municipality.slug)
            click.echo(f"   {municipality.slug}: {error.format_message()}", err=True)
        except Exception as error:  # one municipality's broken database must not stop the others
            failures.append(municipality.slug)
            click.echo(f"   {municipality.slug}: failed: {error}", err=True)
    if failures:
        raise click.ClickException(f"Failed for: {', '.join(failures)}.")


def _wrap(command: click.Command) -> None:
    if getattr(command, WRAPPED, False) or command.callback is None:
        return
    setattr(command, WRAPPED, True)
    command.params.append(click.Option(
        ["--municipality"], metavar="SLUG", default=None,
        help="With several municipalities: only this one (by default every active one, in turn).",
    ))
    original = command.callback
    needs_one = getattr(command, ONE, False)

    @functools.wraps(original)
    def callback(*args, municipality: str | None = None, **kwargs):
        app = command_app()
        if "municipalities" not in app.extensions:
            if municipality:
                registry_or_fail(app)
            if current_app:
                municipalities.entered()
                return original(*args, **kwargs)
            with app.app_context():  # what with_appcontext would push, now before the profile is read
                municipalities.entered()
                return original(*args, **kwargs)
        chosen = targets(app, municipality, needs_one=needs_one)
        if not chosen:
            click.echo("No active municipality is registered: `flask municipalities add` first.")
            return None
        for_each(app, chosen, lambda: original(*args, **kwargs), headers=not municipality)
        return None

    command.callback = callback


# Commands about the installation, or that read no municipality's data (a .pb file's tally).
INSTALLATION_WIDE = ("municipalities", "demo", "budgeting tally")


def wrap_commands(group: click.Group, prefix: str = "") -> None:
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        if path in INSTALLATION_WIDE:
            continue
        if isinstance(command, click.Group):
            wrap_commands(command, prefix=f"{path} ")
        else:
            _wrap(command)


# --- flask municipalities ------------------------------------------------------------------------


def default_database_url(registry_url: str, slug: str, instance_path: str) -> str:
    """Next to the registry: a SQLite file in the instance folder, or a database on the same server."""
    url = make_url(registry_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{os.path.join(instance_path, f'{slug}.sqlite')}"
    return url.set(database=f"{url.database}_{slug.replace('-', '_')}").render_as_string(hide_password=False)


def create_database(database_url: str) -> bool:
    """Create a PostgreSQL database when it does not exist yet (SQLite creates its file by itself)."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        return False
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}).first()
            if exists:
                return False
            connection.execute(text(f'CREATE DATABASE "{url.database}"'))
            return True
    finally:
        admin.dispose()


def upgrade(app, slug: str | None = None) -> None:
    """Migrate one municipality's database (or every active one's) to the latest revision."""
    from flask_migrate import upgrade as migrate_upgrade

    with app.app_context():
        migrate_upgrade(x_arg=[f"municipality={slug}"] if slug else None)


def _settings(pairs: tuple[str, ...]) -> dict:
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().upper()
        if not sep or name not in municipalities.OWN_SETTINGS:
            allowed = ", ".join(sorted(municipalities.OWN_SETTINGS))
            raise click.BadParameter(f"'{pair}': expected NAME=value with NAME one of {allowed}.", param_hint="--set")
        values[name] = value
    return values


@click.group("municipalities")
def municipalities_cli() -> None:
    """The municipalities this installation hosts (MUNICIPALITIES_DATABASE_URL)."""


@municipalities_cli.command("add")
@click.argument("slug")
@click.option("--name", required=True, help="The municipality's name, e.g. Oudsbergen.")
@click.option("--host", "hosts", multiple=True, required=True, help="A host name it answers to (repeat for more).")
@click.option("--database-url", default=None, help="Its own database (default: next to the registry).")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help="Its own setting, e.g. STRIPE_SECRET_KEY=env:OUDSBERGEN_STRIPE_KEY.")
@click.option("--upgrade/--no-upgrade", default=True, help="Create and migrate its database now (default).")
@with_appcontext
def add_command(slug: str, name: str, hosts: tuple[str, ...], database_url: str | None, settings: tuple[str, ...], upgrade: bool) -> None:
    """Register a municipality, create its database and migrate it."""
    app = command_app()
    registry = registry_or_fail(app)
    url = database_url or default_database_url(registry.url, slug.strip().lower(), app.instance_path)
    try:
        added = registry.add(slug, name, hosts, url, _settings(settings))
    except RegistryError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Added {added.slug} ({added.name}) on {', '.join(added.hosts)}.")
    if upgrade:
        if create_database(added.database_url):
            click.echo(f"Created the database of {added.slug}.")
        _upgrade_reporting(app, added.slug)


def _upgrade_reporting(app, slug: str | None) -> None:
    try:
        upgrade(app, slug)
    except Exception as error:
        raise click.ClickException(f"Migrating failed: {error}") from None


@municipalities_cli.command("list")
@with_appcontext
def list_command() -> None:
    """Every registered municipality: slug, state, host names, database (password hidden)."""
    registry = registry_or_fail(command_app())
    found = registry.all(fresh=True)
    if not found:
        click.echo("No municipality is registered yet: `flask municipalities add SLUG --name ... --host ...`.")
    for municipality in found:
        state = "active" if municipality.enabled else "disabled"
        database = make_url(municipality.database_url).render_as_string(hide_password=True)
        click.echo(f"{municipality.slug:<20} {state:<9} {municipality.name:<24} {','.join(municipality.hosts):<40} {database}")


@municipalities_cli.command("disable")
@click.argument("slug")
@with_appcontext
def disable_command(slug: str) -> None:
    """Switch a municipality off: its hosts answer 404, commands and queued jobs skip it. Its data stays."""
    _set_enabled(slug, False)


@municipalities_cli.command("enable")
@click.argument("slug")
@with_appcontext
def enable_command(slug: str) -> None:
    """Switch a disabled municipality back on."""
    _set_enabled(slug, True)


def _set_enabled(slug: str, enabled: bool) -> None:
    registry = registry_or_fail(command_app())
    try:
        changed = registry.set_enabled(slug, enabled)
    except RegistryError as error:
        raise click.ClickException(str(error)) from None
    refresh = int(registry.refresh_seconds)
    click.echo(f"{changed.slug} is {'active' if enabled else 'disabled'} (every instance follows within {refresh} s).")


@municipalities_cli.command("remove")
@click.argument("slug")
@click.confirmation_option(prompt="Remove this municipality from the registry? Its database and uploads stay until you drop them.")
@with_appcontext
def remove_command(slug: str) -> None:
    """Forget a disabled municipality (its database and upload folder are yours to drop)."""
    app = command_app()
    registry = registry_or_fail(app)
    found = registry.get(slug, fresh=True)
    try:
        registry.remove(slug)
    except RegistryError as error:
        raise click.ClickException(str(error)) from None
    app.extensions["municipal_engines"].dispose(slug)
    database = make_url(found.database_url).render_as_string(hide_password=True)
    click.echo(f"Removed {slug}. Still to drop: its database {database} and the folder UPLOAD_FOLDER/{slug}.")
