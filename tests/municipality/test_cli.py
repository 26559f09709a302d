from participation.accounts.services import find_user_by_email
from participation.municipality.profile import build, stored_row

ARGS = ["setup", "--name-nl", "Gemeente Oudsbergen", "--short-name", "Oudsbergen", "--admin-email", "beheer@oudsbergen.example",
        "--admin-name", "Beheer", "--admin-password-env", "SETUP_TEST_PASSWORD"]


def test_setup_from_options_creates_the_admin_and_the_profile(app, monkeypatch):
    monkeypatch.setenv("SETUP_TEST_PASSWORD", "a long and unusual passphrase 42")
    runner = app.test_cli_runner()
    result = runner.invoke(args=ARGS)
    assert result.exit_code == 0, result.output
    assert find_user_by_email("beheer@oudsbergen.example").role == "admin"
    assert build(stored_row(), app.config).short_name == "Oudsbergen"
    again = runner.invoke(args=ARGS)
    assert again.exit_code == 0, again.output  # the same set-up twice changes nothing


def test_setup_refuses_when_another_admin_exists(app, make_user, monkeypatch):
    make_user("admin")
    monkeypatch.setenv("SETUP_TEST_PASSWORD", "a long and unusual passphrase 42")
    result = app.test_cli_runner().invoke(args=ARGS)
    assert result.exit_code != 0
    assert "beheerder" in result.output  # in the default language, Dutch
    assert stored_row() is None
    allowed = app.test_cli_runner().invoke(args=ARGS + ["--allow-existing-admin"])
    assert allowed.exit_code == 0, allowed.output
