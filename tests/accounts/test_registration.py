"""A new resident registers, confirms their address and logs in."""
import re

from sqlalchemy import func, select

from participation.accounts.models import User
from participation.extensions import db

STRONG = "lange wandeling langs de Leie"


def register(client, email="an@example.be", name="An", password=STRONG, repeat=None):
    return client.post(
        "/registreren",
        data={"email": email, "display_name": name, "password": password, "password_repeat": repeat or password, "accepts_privacy": "y"},
    )


def user_count():
    return db.session.scalar(select(func.count()).select_from(User))


def confirmation_link(outbox, email):
    [message] = [m for m in outbox(email) if m.kind == "email_verification"][-1:]
    return re.search(r"http://localhost(/account/bevestigen/\S+)", message.text_body).group(1)


def test_registering_creates_an_unverified_citizen_and_mails_a_confirmation_link(client, outbox):
    response = register(client)
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "an@example.be"))
    assert user.role == "citizen" and not user.is_email_verified
    assert user.password_hash != STRONG and user.check_password(STRONG)
    [message] = outbox("an@example.be")
    assert message.kind == "email_verification"
    assert "Bevestig" in message.subject  # Dutch by default


def test_opening_the_link_asks_for_a_click_and_confirming_verifies_the_address(client, outbox):
    register(client)
    link = confirmation_link(outbox, "an@example.be")
    page = client.get(link)
    assert page.status_code == 200
    user = db.session.scalar(select(User).where(User.email == "an@example.be"))
    assert not user.is_email_verified  # a GET changes nothing
    assert client.post(link).status_code == 302
    db.session.refresh(user)
    assert user.is_email_verified


def test_a_forged_confirmation_link_is_refused_with_an_explanation(client):
    response = client.get("/account/bevestigen/not-a-real-token")
    assert response.status_code == 400
    assert "niet geldig" in response.get_data(as_text=True)


def test_an_expired_confirmation_link_is_refused(app, client, outbox):
    register(client)
    link = confirmation_link(outbox, "an@example.be")
    app.config["EMAIL_VERIFICATION_MAX_AGE"] = -1
    try:
        response = client.post(link)
    finally:
        app.config["EMAIL_VERIFICATION_MAX_AGE"] = 7 * 24 * 3600
    assert response.status_code == 400
    assert "verlopen" in response.get_data(as_text=True)


def test_registering_an_email_twice_creates_no_second_account_and_says_nothing_about_it(client, make_user, outbox):
    # Issue 20: refusing with "already exists" told anyone which addresses have an account.
    make_user(email="taken@example.be")
    before = user_count()
    response = register(client, email="Taken@Example.be", name="Tweede An")
    assert response.status_code == 302
    assert "bestaat al" not in client.get(response.location).get_data(as_text=True)
    assert user_count() == before
    assert [m.kind for m in outbox("taken@example.be")] == ["registration_attempt"]


def test_a_weak_password_is_refused_with_advice(client):
    for weak in ("kort", "wachtwoord123", "aaaaaaaaaaaa"):
        response = register(client, password=weak)
        assert response.status_code == 422, weak
    response = register(client, email="marleen@example.be", name="Marleen", password="Marleen woont in Gent")
    assert response.status_code == 422
    assert user_count() == 0
    assert "10 tekens" in register(client, password="kort").get_data(as_text=True)


def test_mismatched_password_repeat_is_refused(client):
    response = register(client, repeat="iets heel anders dan dat")
    assert response.status_code == 422
    assert "niet hetzelfde" in response.get_data(as_text=True)


def test_an_invalid_email_address_is_refused_in_french_for_a_french_visitor(client):
    response = client.post(
        "/registreren",
        data={"email": "geen-adres", "display_name": "Zoé", "password": STRONG, "password_repeat": STRONG},
        headers={"Accept-Language": "fr-BE,fr;q=0.9"},
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'lang="fr"' in body
    assert "adresse e-mail" in body
