"""Two-step verification: a resident switches it on with an authenticator app, logs in with a code
(each code once), falls back on a recovery code (each once), switches it off; staff must have it
before the back office opens when STAFF_REQUIRE_2FA is on."""
from __future__ import annotations

import re
import time

import pyotp
import pytest

from participation.accounts.models import RecoveryCode, TwoFactor
from participation.extensions import db
from tests.conftest import TEST_PASSWORD

SETTINGS = "/profiel/tweestapsverificatie"


def enrol(client) -> tuple[str, list[str]]:
    page = client.get(SETTINGS).get_data(as_text=True)
    assert "<svg" in page  # the QR code, drawn on the server
    with client.session_transaction() as session:
        secret = session["two_factor_enrolling"]
    assert secret in page  # the key to type in by hand
    codes_page = client.post(SETTINGS, data={"code": pyotp.TOTP(secret).now()}).get_data(as_text=True)
    codes = re.findall(r"<code>([0-9a-f]{8}-[0-9a-f]{8})</code>", codes_page)
    assert len(codes) == 10
    return secret, codes


def next_code(secret: str, steps: int = 1) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps)


def log_out(client):
    client.post("/uitloggen")


def test_a_wrong_code_does_not_switch_it_on(client, make_user, login):
    user = make_user()
    login(user)
    client.get(SETTINGS)
    response = client.post(SETTINGS, data={"code": "123456"})
    assert response.status_code == 422
    assert "Die code klopt niet" in response.get_data(as_text=True)
    assert db.session.get(TwoFactor, user.id) is None


def test_after_switching_it_on_the_password_alone_does_not_log_in(client, make_user, login):
    user = make_user()
    login(user)
    secret, codes = enrol(client)
    assert db.session.get(TwoFactor, user.id) is not None
    assert "recovery" not in "".join(codes)  # ten random codes, stored only as hashes
    assert all(code not in (row.code_hash for row in db.session.scalars(db.select(RecoveryCode))) for code in codes)
    log_out(client)

    answer = client.post("/inloggen", data={"email": user.email, "password": TEST_PASSWORD})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/inloggen/tweede-stap")
    assert client.get("/profiel").status_code == 302  # not logged in yet
    wrong = client.post("/inloggen/tweede-stap", data={"code": "000000"})
    assert wrong.status_code == 422
    code = next_code(secret)
    assert client.post("/inloggen/tweede-stap", data={"code": code}).status_code == 302
    assert client.get("/profiel").status_code == 200

    # The same code once more (someone who saw it over a shoulder): refused.
    log_out(client)
    client.post("/inloggen", data={"email": user.email, "password": TEST_PASSWORD})
    replay = client.post("/inloggen/tweede-stap", data={"code": code})
    assert replay.status_code == 422 and "al gebruikt" in replay.get_data(as_text=True)


def test_a_recovery_code_works_once(client, make_user, login):
    user = make_user()
    login(user)
    _, codes = enrol(client)
    for attempt in range(2):
        log_out(client)
        client.post("/inloggen", data={"email": user.email, "password": TEST_PASSWORD})
        answer = client.post("/inloggen/tweede-stap", data={"code": codes[0].upper()}, follow_redirects=True)
        if attempt == 0:
            assert "nog 9" in answer.get_data(as_text=True) or "9 " in answer.get_data(as_text=True)
            assert client.get("/profiel").status_code == 200
        else:
            assert answer.status_code == 422 and "al gebruikt" in answer.get_data(as_text=True)


def test_the_second_step_is_limited_per_account(client, make_user, login, limits):
    limits(TWO_FACTOR_RATE_LIMIT="3 per minute")
    user = make_user()
    login(user)
    secret, _ = enrol(client)
    log_out(client)
    client.post("/inloggen", data={"email": user.email, "password": TEST_PASSWORD})
    answers = [client.post("/inloggen/tweede-stap", data={"code": "111111"}).status_code for _ in range(4)]
    assert answers == [422, 422, 422, 429]
    # Even the right code waits: the guesses were spent.
    assert client.post("/inloggen/tweede-stap", data={"code": next_code(secret)}).status_code == 429


def test_the_second_step_without_a_password_first_sends_to_the_login(client):
    answer = client.get("/inloggen/tweede-stap")
    assert answer.status_code == 302 and "/inloggen" in answer.headers["Location"]


def test_switching_it_off_needs_the_password_and_a_code(client, make_user, login):
    user = make_user()
    login(user)
    secret, _ = enrol(client)
    client.post(f"{SETTINGS}/uitzetten", data={"off-password": "wrong password", "off-code": next_code(secret)})
    assert db.session.get(TwoFactor, user.id) is not None
    client.post(f"{SETTINGS}/uitzetten", data={"off-password": TEST_PASSWORD, "off-code": "999999"})
    assert db.session.get(TwoFactor, user.id) is not None
    client.post(f"{SETTINGS}/uitzetten", data={"off-password": TEST_PASSWORD, "off-code": next_code(secret)})
    db.session.expire_all()
    assert db.session.get(TwoFactor, user.id) is None
    assert db.session.scalars(db.select(RecoveryCode).where(RecoveryCode.user_id == user.id)).all() == []


@pytest.fixture
def required(app):
    app.config["STAFF_REQUIRE_2FA"] = True
    yield
    app.config["STAFF_REQUIRE_2FA"] = False


@pytest.mark.parametrize("path", ["/beheer", "/beheer/trajecten", "/moderatie", "/beheer/crowdfunding"])
def test_staff_must_switch_it_on_before_the_back_office_opens(client, make_user, login, required, path):
    login(make_user("staff"))
    answer = client.get(path)
    assert answer.status_code == 302 and answer.headers["Location"].endswith(SETTINGS)
    enrol(client)
    assert client.get(path).status_code == 200


def test_citizens_are_not_asked_and_do_not_reach_the_back_office(client, make_user, login, required):
    login(make_user("citizen"))
    assert client.get("/beheer").status_code == 403
    assert client.get("/profiel").status_code == 200


def test_the_back_office_home_lists_what_the_role_may_do(client, make_user, login):
    assert "/inloggen" in client.get("/beheer").headers["Location"]
    login(make_user("moderator"))
    moderator = client.get("/beheer").get_data(as_text=True)
    assert 'href="/moderatie"' in moderator and 'href="/beheer/gebruikers"' not in moderator
    log_out(client)
    login(make_user("admin"))
    admin = client.get("/beheer").get_data(as_text=True)
    assert 'href="/beheer/gebruikers"' in admin and 'href="/beheer/gemeente"' in admin and 'href="/beheer/trajecten"' in admin


def test_an_admin_switches_off_someones_two_step_verification_and_they_are_told(client, make_user, login, outbox):
    person = make_user()
    login(person)
    enrol(client)
    log_out(client)
    admin = make_user("admin")
    login(admin)
    users = client.get("/beheer/gebruikers", query_string={"q": person.email}).get_data(as_text=True)
    assert f"/beheer/gebruikers/{person.id}/tweestapsverificatie-wissen" in users
    assert client.post(f"/beheer/gebruikers/{person.id}/tweestapsverificatie-wissen").status_code == 302
    db.session.expire_all()
    assert db.session.get(TwoFactor, person.id) is None
    [mail] = [message for message in outbox(person.email) if message.kind == "two_factor_reset"]
    assert "Tweestapsverificatie is uitgezet" in mail.subject


@pytest.mark.parametrize("role", ["citizen", "moderator", "staff"])
def test_only_admins_switch_off_someone_elses(client, make_user, login, role):
    person = make_user()
    login(person)
    enrol(client)
    log_out(client)
    login(make_user(role))
    assert client.post(f"/beheer/gebruikers/{person.id}/tweestapsverificatie-wissen").status_code == 403
    assert db.session.get(TwoFactor, person.id) is not None
