"""Password strength rules, phrased so a citizen knows how to fix the password. Pure logic."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

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
        return _l("Choose a password of at least %(count)s characters.", count=MIN_LENGTH)
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
