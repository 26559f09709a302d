"""Logging in and out, remember-me, password reset."""
import re

from participation.extensions import db
from tests.conftest import TEST_PASSWORD


def test_logging_in_with_the_right_password_opens_the_profile(client, make_user):
    user = make_user(email="lies@example.be")
    response = client.post("/inloggen", data={"email": "LIES@example.be", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get("/profiel").status_code == 200


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client, make_user):
    make_user(email="lies@example.be")
    response = client.post("/inloggen", data={"email": "lies@example.be", "password": "nope nope nope"})
    assert response.status_code == 422
    assert "e-mailadres of wachtwoord" in response.get_data(as_text=True)
    unknown = client.post("/inloggen", data={"email": "nobody@example.be", "password": "nope nope nope"})
    assert unknown.get_data(as_text=True).count("e-mailadres of wachtwoord") == response.get_data(as_text=True).count("e-mailadres of wachtwoord")


def test_remember_me_sets_a_long_lived_secure_cookie(client, make_user):
    user = make_user()
    response = client.post("/inloggen", data={"email": user.email, "password": TEST_PASSWORD, "remember": "y"})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie


def test_logging_out_is_a_post(client, make_user, login):
    login(make_user())
    assert client.get("/uitloggen").status_code == 405
    assert client.post("/uitloggen").status_code == 302
    assert client.get("/profiel").status_code == 302


def test_login_only_redirects_to_local_pages(client, make_user):
    user = make_user()
    response = client.post("/inloggen?next=https://evil.example/steal", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.location == "/"
    user2 = make_user()
    client.post("/uitloggen")
    response = client.post("/inloggen?next=/profiel", data={"email": user2.email, "password": TEST_PASSWORD})
    assert response.location == "/profiel"


def test_password_reset_link_sets_a_new_password_and_then_stops_working(client, make_user, outbox):
    user = make_user(email="reset@example.be")
    response = client.post("/wachtwoord-vergeten", data={"email": "reset@example.be"})
    assert response.status_code == 302
    [message] = outbox("reset@example.be")
    link = re.search(r"http://localhost(/wachtwoord-herstellen/\S+)", message.text_body).group(1)
    new = "een nieuw en lang wachtwoord"
    assert client.post(link, data={"password": new, "password_repeat": new}).status_code == 302
    db.session.refresh(user)
    assert user.check_password(new)
    client.post("/uitloggen")
    again = client.post(link, data={"password": "nog een ander wachtwoord", "password_repeat": "nog een ander wachtwoord"})
    assert again.status_code == 400
    db.session.refresh(user)
    assert user.check_password(new)


def test_asking_a_reset_for_an_unknown_address_reveals_nothing(client, outbox):
    response = client.post("/wachtwoord-vergeten", data={"email": "ghost@example.be"}, follow_redirects=True)
    assert "Als er een account bestaat" in response.get_data(as_text=True)
    assert outbox("ghost@example.be") == []


def test_a_weak_new_password_is_refused_and_the_old_one_keeps_working(client, make_user, outbox):
    user = make_user(email="reset2@example.be")
    client.post("/wachtwoord-vergeten", data={"email": "reset2@example.be"})
    link = re.search(r"http://localhost(/wachtwoord-herstellen/\S+)", outbox("reset2@example.be")[0].text_body).group(1)
    response = client.post(link, data={"password": "kort", "password_repeat": "kort"})
    assert response.status_code == 422
    db.session.refresh(user)
    assert user.check_password(TEST_PASSWORD)


def test_changing_the_password_logs_out_other_sessions(app, make_user, login, client, outbox):
    user = make_user(email="sessions@example.be")
    login(user)
    other_device = app.test_client()
    other_device.post("/inloggen", data={"email": user.email, "password": TEST_PASSWORD})
    assert other_device.get("/profiel").status_code == 200
    client.post("/wachtwoord-vergeten", data={"email": user.email})
    link = re.search(r"http://localhost(/wachtwoord-herstellen/\S+)", outbox(user.email)[-1].text_body).group(1)
    new = "helemaal nieuw wachtwoord hier"
    assert client.post(link, data={"password": new, "password_repeat": new}).status_code == 302
    assert other_device.get("/profiel").status_code == 302
