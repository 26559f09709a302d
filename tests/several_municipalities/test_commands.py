"""Cron and admin commands with several municipalities: one call serves them all, or the one named."""
from __future__ import annotations

from flask_migrate import upgrade
from sqlalchemy import inspect

from participation.extensions import db
from tests.several_municipalities.conftest import drop_databases, make_hosting


def test_a_cron_command_runs_once_for_every_active_municipality(hosting):
    result = hosting.app.test_cli_runner().invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    assert "== gent (Gent)" in result.output and "== oudsbergen (Oudsbergen)" in result.output


def test_a_command_for_one_municipality_only(hosting):
    runner = hosting.app.test_cli_runner()
    result = runner.invoke(args=["crowdfunding", "close-due", "--municipality", "oudsbergen"])
    assert result.exit_code == 0, result.output
    assert "gent" not in result.output and "succeeded" in result.output


def test_a_disabled_municipality_is_skipped_by_cron_and_refused_by_name(hosting):
    registry = hosting.app.extensions["municipalities"]
    runner = hosting.app.test_cli_runner()
    registry.set_enabled("oudsbergen", False)
    try:
        every = runner.invoke(args=["notifications", "digest"])
        assert "== gent" in every.output and "oudsbergen" not in every.output
        named = runner.invoke(args=["notifications", "digest", "--municipality", "oudsbergen"])
        assert named.exit_code != 0 and "disabled" in named.output
    finally:
        registry.set_enabled("oudsbergen", True)


def test_an_unknown_municipality_is_named_with_the_ones_that_exist(hosting):
    result = hosting.app.test_cli_runner().invoke(args=["outcomes", "remind-overdue", "--municipality", "nergens"])
    assert result.exit_code == 2
    assert "no municipality 'nergens'" in result.output and "gent, oudsbergen" in result.output


def test_setup_and_create_admin_need_one_named_municipality(hosting):
    runner = hosting.app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "--email", "x@example.be", "--name", "X", "--password", "a long enough password 1"])
    assert result.exit_code == 2 and "choose one with --municipality" in result.output
    created = runner.invoke(args=["create-admin", "--municipality", "oudsbergen", "--email", "tweede@oudsbergen.test",
                                  "--name", "Tweede Beheerder", "--password", "a long enough password 1"])
    assert created.exit_code == 0, created.output
    from participation.accounts.models import User

    with hosting.at(hosting.oudsbergen):
        assert db.session.scalar(db.select(User).where(User.email == "tweede@oudsbergen.test")).role == "admin"
    with hosting.at(hosting.gent):
        assert db.session.scalar(db.select(User).where(User.email == "tweede@oudsbergen.test")) is None


def test_municipalities_list_and_bad_additions(hosting):
    runner = hosting.app.test_cli_runner()
    listed = runner.invoke(args=["municipalities", "list"])
    assert "gent" in listed.output and "oudsbergen" in listed.output and "active" in listed.output
    taken = runner.invoke(args=["municipalities", "add", "hamont", "--name", "Hamont-Achel", "--host", "GENT.stadslab.test:443"])
    assert taken.exit_code == 1 and "already serves 'gent'" in taken.output
    bad = runner.invoke(args=["municipalities", "add", "Hamont Achel", "--name", "Hamont-Achel", "--host", "hamont.test"])
    assert bad.exit_code == 1 and "a slug is" in bad.output
    setting = runner.invoke(args=["municipalities", "add", "hamont", "--name", "Hamont-Achel", "--host", "hamont.test", "--set", "SECRET_KEY=x"])
    assert setting.exit_code == 2 and "expected NAME=value" in setting.output
    assert "hamont" not in runner.invoke(args=["municipalities", "list"]).output


def test_a_single_installation_refuses_the_option_and_the_registry(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["notifications", "digest", "--municipality", "gent"])
    assert result.exit_code == 2 and "serves one municipality" in result.output
    assert runner.invoke(args=["municipalities", "list"]).exit_code == 2


def test_adding_a_municipality_creates_and_migrates_its_database_and_db_upgrade_reaches_all(tmp_path, capsys):
    hosting = make_hosting(tmp_path, create_schema=False)
    app = hosting.app
    try:
        with app.app_context():
            upgrade()  # what `flask db upgrade` runs: every active municipality in turn
        output = capsys.readouterr().out
        assert "== gent: up to date" in output and "== oudsbergen: up to date" in output
        for municipality in (hosting.gent, hosting.oudsbergen):
            with hosting.at(municipality):
                assert "ideas" in inspect(db.engine).get_table_names()
        runner = app.test_cli_runner()
        url = hosting.urls["gent"].replace("gent", "third")
        added = runner.invoke(args=["municipalities", "add", "third", "--name", "Derde", "--host", "derde.test", "--database-url", url])
        assert added.exit_code == 0, added.output
        third = app.extensions["municipalities"].get("third")
        with hosting.at(third):
            assert "ideas" in inspect(db.engine).get_table_names()
        with app.app_context():
            upgrade(x_arg=["municipality=third"])  # idempotent, one municipality
        assert "== third: up to date" in capsys.readouterr().out
        active = runner.invoke(args=["municipalities", "remove", "third", "--yes"])
        assert active.exit_code == 1 and "disable it first" in active.output
        runner.invoke(args=["municipalities", "disable", "third"])
        removed = runner.invoke(args=["municipalities", "remove", "third", "--yes"])
        assert removed.exit_code == 0 and "Still to drop" in removed.output
        assert app.extensions["municipalities"].get("third", fresh=True) is None
    finally:
        app.extensions["municipal_engines"].dispose()
        app.extensions["municipalities"].dispose()
        drop_databases([*hosting.urls.values(), hosting.urls["gent"].replace("gent", "third")])
