"""Passwords are stored with scrypt: at werkzeug's full cost in production, cheaper only in the tests."""
from config import Config, ProductionConfig, TestingConfig
from participation.accounts.services import create_user


def test_production_hashes_passwords_at_the_full_scrypt_cost():
    assert Config.PASSWORD_HASH_METHOD == "scrypt"
    assert ProductionConfig.PASSWORD_HASH_METHOD == "scrypt"


def test_the_stored_hash_follows_the_configured_method_and_still_verifies(app):
    user = create_user("hash@example.be", "Hash", "a long enough password", role="citizen", verified=True)
    assert user.password_hash.startswith(f"{TestingConfig.PASSWORD_HASH_METHOD}$")
    assert user.check_password("a long enough password")
    assert not user.check_password("another password")


def test_a_hash_made_at_the_full_cost_still_verifies_under_the_test_setting(app):
    user = create_user("full@example.be", "Full", "first password here", role="citizen", verified=True)
    app.config["PASSWORD_HASH_METHOD"] = "scrypt"
    try:
        user.set_password("second password here")
    finally:
        app.config["PASSWORD_HASH_METHOD"] = TestingConfig.PASSWORD_HASH_METHOD
    assert user.password_hash.startswith("scrypt:32768:8:1$")
    assert user.check_password("second password here")
