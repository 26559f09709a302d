"""Guessing one account's password meets a growing lock, whatever IP address the guesses come from."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from participation.accounts.lockout import lock_duration
from participation.accounts.models import LoginFailure
from participation.extensions import db
from tests.conftest import TEST_PASSWORD

LOCKED = "Te veel mislukte pogingen"


@pytest.fixture(autouse=True)
def small_limit(app, monkeypatch):
    for name, value in {
        "LOGIN_LOCK_THRESHOLD": 3, "LOGIN_LOCK_WINDOW_MINUTES": 15, "LOGIN_LOCK_MINUTES": 1, "LOGIN_LOCK_MAX_MINUTES": 8,
    }.items():
        monkeypatch.setitem(app.config, name, value)


def attempt(client, email, password="wrong password here", address="10.0.0.1"):
    return client.post(
        "/inloggen", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def wrong_passwords(client, email, count):
    return [attempt(client, email, address=f"10.0.0.{n % 4 + 1}") for n in range(count)]


def let_time_pass(minutes):
    """Move every recorded failure and lock `minutes` into the past."""
    delta = timedelta(minutes=minutes)
    for failure in db.session.scalars(select(LoginFailure)):
        failure.last_failed_at -= delta
        if failure.locked_until is not None:
            failure.locked_until -= delta
    db.session.commit()


def test_after_the_threshold_even_the_right_password_is_refused_with_a_clear_message(client, make_user):
    user = make_user()
    responses = wrong_passwords(client, user.email, 3)  # from four IP addresses
    assert [r.status_code for r in responses] == [422, 422, 422]
    assert LOCKED not in responses[1].get_data(as_text=True)
    assert LOCKED in responses[2].get_data(as_text=True)
    refused = attempt(client, user.email, TEST_PASSWORD, address="10.9.9.9")
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and LOCKED in body and "1 minuut" in body and "wachtwoord" in body
    assert client.get("/profiel").status_code == 302


def test_the_lock_ends_and_doubles_with_each_further_failure_up_to_the_cap(client, make_user):
    user = make_user()
    wrong_passwords(client, user.email, 3)
    let_time_pass(1.1)
    assert "2 minuten" in attempt(client, user.email).get_data(as_text=True)  # 4th failure: 2 minutes
    let_time_pass(2.1)
    assert "4 minuten" in attempt(client, user.email).get_data(as_text=True)
    let_time_pass(4.1)
    assert "8 minuten" in attempt(client, user.email).get_data(as_text=True)
    let_time_pass(8.1)
    assert "8 minuten" in attempt(client, user.email).get_data(as_text=True)  # the cap
    let_time_pass(8.1)
    assert attempt(client, user.email, TEST_PASSWORD).status_code == 302


def test_a_successful_login_clears_the_count(client, make_user):
    user = make_user()
    wrong_passwords(client, user.email, 2)
    assert attempt(client, user.email, TEST_PASSWORD).status_code == 302
    client.post("/uitloggen")
    wrong_passwords(client, user.email, 2)
    assert attempt(client, user.email, TEST_PASSWORD).status_code == 302


def test_a_password_reset_lifts_the_lock(client, make_user, outbox):
    user = make_user()
    wrong_passwords(client, user.email, 3)
    client.post("/wachtwoord-vergeten", data={"email": user.email})
    link = re.search(r"http://localhost(/wachtwoord-herstellen/\S+)", outbox(user.email)[-1].text_body).group(1)
    new = "een heel nieuw wachtwoord"
    assert client.post(link, data={"password": new, "password_repeat": new}).status_code == 302
    client.post("/uitloggen")
    assert attempt(client, user.email, new).status_code == 302


def test_the_owner_is_told_once_when_the_lock_first_triggers(client, make_user, outbox):
    user = make_user()
    wrong_passwords(client, user.email, 3)
    let_time_pass(1.1)
    attempt(client, user.email)
    mails = [m for m in outbox(user.email) if m.kind == "login_locked"]
    assert len(mails) == 1
    assert "http://localhost/wachtwoord-vergeten" in mails[0].text_body


def _page(response) -> str:
    # The CSRF token is signed with the second it was made in: two pages a second apart differ there only.
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', response.get_data(as_text=True))


def test_an_unknown_address_is_answered_exactly_like_a_locked_known_one(client, make_user, outbox):
    user = make_user(email="known@example.be")
    known = [_page(r) for r in wrong_passwords(client, user.email, 4)]
    unknown = [_page(r) for r in wrong_passwords(client, "nobody@example.be", 4)]
    for known_page, unknown_page in zip(known, unknown):
        assert (LOCKED in known_page) == (LOCKED in unknown_page)
        assert known_page.replace("known@example.be", "X") == unknown_page.replace("nobody@example.be", "X")
    assert outbox("nobody@example.be") == []


def test_the_lock_is_per_address_not_for_everyone(client, make_user):
    locked, other = make_user(), make_user()
    wrong_passwords(client, locked.email, 3)
    assert attempt(client, other.email, TEST_PASSWORD).status_code == 302


def test_lock_durations_double_from_the_threshold_up_to_the_cap():
    durations = [lock_duration(n, threshold=5, first=timedelta(minutes=1), cap=timedelta(minutes=60)) for n in range(1, 13)]
    assert durations[:4] == [None] * 4
    assert [d.total_seconds() / 60 for d in durations[4:]] == [1, 2, 4, 8, 16, 32, 60, 60]
