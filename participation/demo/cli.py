from __future__ import annotations

import click
from flask.cli import with_appcontext

from participation.core.jobs import commit_and_release
from participation.demo.seed import seed_demo, seed_demo_features


def print_logins(title: str, url: str, logins) -> None:
    """A block "Title — URL", then one line per demo login: role, email and password."""
    click.echo(f"{title} — {url}")
    width = max((len(login.email) for login in logins), default=0)
    for login in logins:
        click.echo(f"  {login.role:<10} {login.email:<{width}}  password: {login.password}")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Seed a realistic demo city (districts, themes, processes in every phase, one account per role).
    With several municipalities (MUNICIPALITIES_DATABASE_URL, as `make demo` sets it): Gent and
    Oudsbergen, each registered, migrated and seeded in its own database."""
    from participation.core.municipal_cli import command_app

    app = command_app()
    if "municipalities" in app.extensions:
        from participation.demo.municipalities import seed_demo_municipalities

        seeded = seed_demo_municipalities(app)
        click.echo("Two demo municipalities on one installation. Log in with:")
        for municipality in seeded:
            print_logins(municipality.demo.name, municipality.demo.url, municipality.logins)
            if municipality.letter_codes:
                click.echo(f"  Letter codes to verify as a voter in the budget round: {', '.join(municipality.letter_codes[:3])}")
        return
    logins = seed_demo()
    commit_and_release()
    extras = seed_demo_features()
    commit_and_release()
    click.echo("Demo city ready. Log in with:")
    print_logins("Gent", "http://127.0.0.1:5000", logins)
    codes = extras.get("letter_codes") or []
    if codes:
        click.echo(f"Letter codes to verify as a voter in the budget round: {', '.join(codes[:3])}")
