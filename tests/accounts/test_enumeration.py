"""Neither login nor registration tells whether an address has an account."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from werkzeug import security

from participation.accounts.models import User
from participation.extensions import db
from tests.accounts.test_registration import STRONG, register


@pytest.fixture
def hash_runs(monkeypatch):
    """The methods of every password hash computed (werkzeug's one internal hash function)."""
    runs: list[str] = []
    original = security._hash_internal

    def counting(method, salt, password):
        runs.append(method)
        return original(method, salt, password)

    monkeypatch.setattr(security, "_hash_internal", counting)
    return runs


def test_a_login_for_an_unknown_address_runs_the_same_hash_as_for_a_known_one(app, client, make_user, hash_runs):
    make_user(email="known@example.be")
    client.post("/inloggen", data={"email": "first@example.be", "password": "x"})  # makes the per-process dummy hash
    hash_runs.clear()
    client.post("/inloggen", data={"email": "known@example.be", "password": "wrong wrong wrong"})
    known = list(hash_runs)
    hash_runs.clear()
    client.post("/inloggen", data={"email": "unknown@example.be", "password": "wrong wrong wrong"})
    assert hash_runs == known
    assert [method.split(":")[0] for method in known] == [app.config["PASSWORD_HASH_METHOD"].split(":")[0]]


def test_registering_a_taken_address_answers_like_a_new_one_and_mails_the_owner(client, make_user, outbox):
    make_user(email="taken@example.be")
    before = db.session.scalar(select(func.count()).select_from(User))
    taken = register(client, email="Taken@Example.be", name="Tweede An")
    new = register(client, email="free@example.be", name="Nieuwe An")
    assert taken.status_code == new.status_code == 302
    assert taken.location == new.location
    taken_page = client.get(taken.location).get_data(as_text=True)
    assert "bestaat al" not in taken_page
    assert "We hebben een e-mail gestuurd naar Taken@Example.be" in taken_page
    assert db.session.scalar(select(func.count()).select_from(User)) == before + 1  # only free@ is new
    [mail] = outbox("taken@example.be")
    assert mail.kind == "registration_attempt"
    assert "http://localhost/inloggen" in mail.text_body and "http://localhost/wachtwoord-vergeten" in mail.text_body
    assert [m.kind for m in outbox("free@example.be")] == ["email_verification"]


def test_registering_a_taken_address_hashes_the_password_like_a_new_one(make_user, client, hash_runs):
    make_user(email="taken@example.be")
    hash_runs.clear()
    register(client, email="taken@example.be")
    taken = list(hash_runs)
    hash_runs.clear()
    register(client, email="free@example.be")
    assert taken == hash_runs and len(taken) == 1


def test_nobody_is_logged_in_by_registering_until_the_confirmation_link(client, outbox):
    register(client, email="nieuw@example.be")
    assert client.get("/profiel").status_code == 302
    from tests.accounts.test_registration import confirmation_link

    response = client.post(confirmation_link(outbox, "nieuw@example.be"))
    assert response.location == "/profiel"
    assert client.get("/profiel").status_code == 200


def test_a_weak_password_is_refused_the_same_way_for_a_taken_address(client, make_user):
    make_user(email="taken@example.be")
    taken = register(client, email="taken@example.be", password="kort")
    new = register(client, email="free@example.be", password="kort")
    assert taken.status_code == new.status_code == 422
    assert "bestaat al" not in taken.get_data(as_text=True)
