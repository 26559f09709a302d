"""Password strength rules, phrased so a citizen knows how to fix the password, and hash checks. Pure logic."""
from __future__ import annotations

import secrets
from functools import cache

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 10
# The most common passwords in breach lists; a long list would belong in a data file.
COMMON_PASSWORDS = {
    "1234567890", "12345678910", "0123456789", "qwertyuiop", "azertyuiop", "password12", "password123",
    "wachtwoord", "wachtwoord1", "wachtwoord123", "motdepasse", "motdepasse1", "welkom1234", "iloveyou12",
    "qwerty1234", "azerty1234", "abcdefghij", "aaaaaaaaaa", "1111111111", "letmein123", "gent123456",
}


def password_problem(password: str, *, email: str = "", display_name: str = "") -> object | None:
    """Return a message saying what is wrong with the password, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return lazy_ngettext(
            "Choose a password of at least %(num)s character.", "Choose a password of at least %(num)s characters.", MIN_LENGTH
        )
    if len(password) > 200:
        return _l("Choose a password of at most 200 characters.")
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(password)) < 4:
        return _l("This password is too easy to guess. A few unrelated words make a strong one.")
    local_part = email.split("@")[0].lower()
    if (local_part and len(local_part) >= 4 and local_part in lowered) or (
        display_name and len(display_name) >= 4 and display_name.lower() in lowered
    ):
        return _l("Your password must not contain your name or email address.")
    return None


@cache
def _dummy_hash(method: str) -> str:
    # Made once per process and method, from a password nobody knows.
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def check_password(password_hash: str | None, password: str, *, method: str) -> bool:
    """Check a password against a stored hash; without an account, against a dummy hash of the same method.

    The hash is slow on purpose, so skipping it for unknown addresses made the login answer in a tenth
    of the time and told anyone timing it which addresses have an account.
    """
    if password_hash is None:
        check_password_hash(_dummy_hash(method), password)
        return False
    return check_password_hash(password_hash, password)
