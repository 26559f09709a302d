"""Login and registration limits fit a library computer: many people, one IP address. Each typed
address has its own budget (and its own wrong-password lock, accounts.lockout), the address a
higher ceiling; refused forms come back with what was typed."""
from __future__ import annotations

from tests.conftest import TEST_PASSWORD

STRONG = "een lang en sterk wachtwoord"


def _register(client, email):
    return client.post(
        "/registreren",
        data={"email": email, "display_name": "Bezoeker", "password": STRONG, "password_repeat": STRONG, "accepts_privacy": "y"},
    )


def test_a_queue_of_people_logging_in_at_the_library_computer_is_not_refused(client, make_user, limits):
    limits(AUTH_IP_RATE_LIMIT="3 per minute", AUTH_ACCOUNT_RATE_LIMIT="3 per minute")
    visitors = [make_user() for _ in range(6)]
    for visitor in visitors:  # one address for all; a successful login spends nothing
        assert client.post("/inloggen", data={"email": visitor.email, "password": TEST_PASSWORD}).status_code == 302
        client.post("/uitloggen")


def test_many_people_register_at_the_library_computer(client, limits):
    limits(AUTH_IP_RATE_LIMIT="10 per minute", AUTH_ACCOUNT_RATE_LIMIT="2 per minute")
    codes = [_register(client, f"bezoeker{n}@example.be").status_code for n in range(6)]
    assert codes == [302] * 6


def test_one_address_gets_a_limited_number_of_registration_mails(client, limits, outbox):
    limits(AUTH_ACCOUNT_RATE_LIMIT="2 per minute")
    assert [_register(client, "doelwit@example.be").status_code for _ in range(2)] == [302, 302]
    over = _register(client, "doelwit@example.be")
    assert over.status_code == 429 and int(over.headers["Retry-After"]) > 0
    assert 'value="doelwit@example.be"' in over.get_data(as_text=True)
    assert len(outbox("doelwit@example.be")) == 2
    assert _register(client, "iemand-anders@example.be").status_code == 302  # another address is free


def test_the_address_still_has_a_ceiling_against_one_machine_trying_many_accounts(client, limits):
    limits(AUTH_IP_RATE_LIMIT="3 per minute")
    codes = [
        client.post("/inloggen", data={"email": f"gok{n}@example.be", "password": "fout wachtwoord"}).status_code
        for n in range(4)
    ]
    assert codes == [422, 422, 422, 429]


def test_asking_again_and_again_for_the_confirmation_mail_is_limited_per_account(client, make_user, login, limits, outbox):
    limits(AUTH_ACCOUNT_RATE_LIMIT="2 per minute")
    newcomer = make_user(verified=False)
    login(newcomer)
    answers = [client.post("/account/bevestiging-opnieuw", data={"next": "/profiel"}) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [302, 302, 302]
    assert int(answers[2].headers["Retry-After"]) > 0
    assert len([mail for mail in outbox(newcomer.email) if mail.kind == "email_verification"]) == 2
    assert "probeer opnieuw over 1 minuut" in client.get("/profiel").get_data(as_text=True)


def test_one_address_gets_a_limited_number_of_password_reset_mails(client, make_user, limits, outbox):
    limits(AUTH_ACCOUNT_RATE_LIMIT="2 per minute")
    user = make_user()
    codes = [client.post("/wachtwoord-vergeten", data={"email": user.email}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert len([mail for mail in outbox(user.email) if mail.kind == "password_reset"]) == 2
