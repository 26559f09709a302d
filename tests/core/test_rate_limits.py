"""Login and registration are rate limited; several app instances share the limit through Redis."""
import uuid

import pytest
import redis

from participation import create_app
from participation.extensions import limiter

REDIS_URL = "redis://127.0.0.1:6379/14"


def _attempts(client, count):
    return [
        client.post("/inloggen", data={"email": "nobody@example.be", "password": "wrong password here"}).status_code
        for _ in range(count)
    ]


def test_too_many_refused_logins_from_one_address_show_the_form_again(app, client):
    app.config["AUTH_IP_RATE_LIMIT"] = "3 per minute"
    limiter.reset()
    try:
        codes = _attempts(client, 4)
        assert codes[:3] == [422, 422, 422] and codes[3] == 429
        over = client.post("/inloggen", data={"email": "x@example.be", "password": "y"})
        page = over.get_data(as_text=True)
        assert over.status_code == 429 and int(over.headers["Retry-After"]) > 0
        assert 'value="x@example.be"' in page and "probeer opnieuw over 1 minuut" in page
        assert client.get("/inloggen").status_code == 200  # reading the form is never limited
    finally:
        app.config["AUTH_IP_RATE_LIMIT"] = "1000 per minute"
        limiter.reset()


@pytest.fixture
def redis_db():
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError as exc:  # the production setup needs Redis: no silent skip in CI
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc}")
    yield connection


def test_two_app_instances_share_login_limits_through_redis(redis_db):
    prefix = f"test-{uuid.uuid4().hex}"
    settings = dict(
        RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix, AUTH_IP_RATE_LIMIT="3 per minute",
        SQLALCHEMY_DATABASE_URI="sqlite://",
    )
    first = create_app("testing", **settings)
    second = create_app("testing", **settings)
    from flask_migrate import upgrade

    for instance in (first, second):
        with instance.app_context():
            upgrade()
    try:
        assert _attempts(first.test_client(), 2) == [422, 422]
        codes = _attempts(second.test_client(), 2)
        assert codes == [422, 429]
        assert any(prefix.encode() in key for key in redis_db.keys("*"))
    finally:
        for key in redis_db.scan_iter(f"*{prefix}*"):
            redis_db.delete(key)
