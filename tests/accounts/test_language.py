"""A visitor's language follows them into their account, their mails and their next sign-in."""
from __future__ import annotations

from sqlalchemy import select

from participation.accounts.models import User
from participation.extensions import db
from tests.accounts.test_registration import STRONG, register

ENGLISH = {"Accept-Language": "en-GB,en;q=0.8"}


def account(email):
    return db.session.scalar(select(User).where(User.email == email))


def test_a_visitor_whose_browser_asks_for_english_gets_an_english_account_page_flash_and_mail(client, outbox):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = ENGLISH["Accept-Language"]
    response = register(client, email="sam@example.be")
    assert response.status_code == 302
    assert account("sam@example.be").language == "en"
    [mail] = outbox("sam@example.be")
    assert mail.subject == "Confirm your email address"
    page = client.get(response.location).get_data(as_text=True)
    assert 'lang="en"' in page and "Thank you. We sent an email to sam@example.be" in page


def test_a_visitor_who_picked_french_gets_a_french_account_whatever_the_browser_says(client, outbox):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = ENGLISH["Accept-Language"]
    client.post("/taal", data={"language": "fr"})
    response = register(client, email="lea@example.be")
    assert account("lea@example.be").language == "fr"
    [mail] = outbox("lea@example.be")
    assert mail.subject == "Confirmez votre adresse e-mail"
    assert "Merci. Nous avons envoyé un e-mail à lea@example.be" in client.get(response.location).get_data(as_text=True)


def test_without_a_choice_or_a_browser_language_the_account_is_dutch(client, outbox):
    register(client, email="jan@example.be")
    assert account("jan@example.be").language == "nl"
    assert "Bevestig" in outbox("jan@example.be")[0].subject


def test_registering_a_taken_address_in_english_looks_the_same_and_the_owner_is_told_in_their_own_language(
    client, make_user, outbox
):
    make_user(email="taken@example.be", language="fr")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = ENGLISH["Accept-Language"]
    taken = register(client, email="taken@example.be")
    free = register(client, email="free@example.be")
    assert (taken.status_code, taken.location) == (free.status_code, free.location)
    taken_page = client.get(taken.location).get_data(as_text=True)
    assert "Thank you. We sent an email to taken@example.be" in taken_page
    [mail] = outbox("taken@example.be")
    assert mail.kind == "registration_attempt" and "Quelqu" in mail.subject  # the owner's saved French
    assert account("taken@example.be").language == "fr"


def test_a_password_reset_mail_is_in_the_account_s_language_and_the_page_in_the_visitor_s(client, make_user, outbox):
    owner = make_user(language="en")
    client.post("/taal", data={"language": "fr"})
    response = client.post("/wachtwoord-vergeten", data={"email": owner.email})
    [mail] = outbox(owner.email)
    assert mail.subject == "Choose a new password"  # whoever asked, the mailbox owner reads their own language
    assert "Si un compte existe pour" in client.get(response.location).get_data(as_text=True)


# --- Signing in with another language than the account's -------------------------------------------


def test_a_visitor_who_chose_english_keeps_english_after_signing_in_to_a_dutch_account(client, make_user, login):
    person = make_user(language="nl", name="Mira")
    client.post("/taal", data={"language": "en"})
    response = login(person)
    page = client.get(response.location).get_data(as_text=True)
    assert 'lang="en"' in page and "Welcome back, Mira." in page
    assert "Use English from now on" in page and 'action="/taal/bewaren"' in page
    db.session.refresh(person)
    assert person.language == "nl"  # offered, not saved


def test_accepting_the_offer_saves_the_language_on_the_account_and_the_offer_goes_away(client, make_user, login):
    person = make_user(language="nl")
    client.post("/taal", data={"language": "en"})
    login(person)
    response = client.post("/taal/bewaren", data={"answer": "save", "next": "/trajecten"})
    assert response.status_code == 302 and response.location == "/trajecten"
    db.session.refresh(person)
    assert person.language == "en"
    page = client.get("/trajecten").get_data(as_text=True)
    assert "we use English for you from now on" in page and "Use English from now on" not in page


def test_declining_the_offer_keeps_english_for_this_visit_and_dutch_on_the_account(client, make_user, login):
    person = make_user(language="nl")
    client.post("/taal", data={"language": "en"})
    login(person)
    client.post("/taal/bewaren", data={"answer": "keep"})
    page = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in page and "Use English from now on" not in page
    db.session.refresh(person)
    assert person.language == "nl"


def test_the_offer_cannot_be_accepted_without_a_csrf_token(app, client, make_user, login):
    person = make_user(language="nl")
    client.post("/taal", data={"language": "en"})
    login(person)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client.post("/taal/bewaren", data={"answer": "save"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.refresh(person)
    assert person.language == "nl"


def test_without_a_choice_on_this_visit_the_account_s_language_applies_and_nothing_is_offered(client, make_user, login):
    person = make_user(language="fr")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = ENGLISH["Accept-Language"]
    response = login(person)
    page = client.get(response.location).get_data(as_text=True)
    assert 'lang="fr"' in page and "Bon retour" in page
    assert 'action="/taal/bewaren"' not in page


def test_choosing_the_account_s_own_language_offers_nothing(client, make_user, login):
    person = make_user(language="en")
    client.post("/taal", data={"language": "en"})
    page = client.get(login(person).location).get_data(as_text=True)
    assert 'lang="en"' in page and 'action="/taal/bewaren"' not in page
