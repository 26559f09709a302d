"""Signed, expiring tokens for links sent by email. Pure: no database access."""
from __future__ import annotations

import hashlib

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

EMAIL_VERIFICATION = "email-verification"
PASSWORD_RESET = "password-reset"


class TokenExpired(Exception):
    pass


class TokenInvalid(Exception):
    pass


def _serializer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=f"stadslab-{purpose}")


def fingerprint(value: str) -> str:
    """A short digest that changes when `value` changes, so a token dies once it was used."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def make_token(secret_key: str, purpose: str, user_id: int, state: str) -> str:
    return _serializer(secret_key, purpose).dumps({"user": user_id, "state": fingerprint(state)})


def read_token(secret_key: str, purpose: str, token: str, max_age: int) -> tuple[int, str]:
    try:
        data = _serializer(secret_key, purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenExpired from exc
    except BadSignature as exc:
        raise TokenInvalid from exc
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise TokenInvalid
    return data["user"], str(data.get("state"))
