"""Registering records consent to the statement; a new version asks everyone signed in to accept it
before they contribute again."""
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.extensions import db
from participation.ideas.models import Comment, Support
from participation.privacy.models import ConsentRecord, PrivacyStatementVersion
from participation.privacy.services import current_version

STRONG = "lange wandeling langs de Leie"


def register(client, **extra):
    data = {"email": "an@example.be", "display_name": "An Peeters", "password": STRONG, "password_repeat": STRONG}
    return client.post("/registreren", data={**data, **extra})


def count(model, **where):
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def test_registering_without_the_privacy_box_is_refused_and_keeps_what_was_typed(client):
    response = register(client)
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "privacyverklaring" in text and "Vink" in text
    assert 'value="an@example.be"' in text and 'value="An Peeters"' in text
    assert count(User, email="an@example.be") == 0


def test_the_refusal_is_in_the_visitors_language(client):
    client.post("/taal", data={"language": "fr"})
    text = register(client).get_data(as_text=True)
    assert "Cochez la case" in text


def test_registering_with_the_box_stores_consent_to_version_1(client):
    assert current_version() == 1
    assert register(client, accepts_privacy="y").status_code == 302
    user = db.session.scalar(select(User).where(User.email == "an@example.be"))
    [record] = db.session.scalars(select(ConsentRecord).where(ConsentRecord.user_id == user.id)).all()
    assert record.version == 1


def test_only_admins_publish_a_version(client, make_user, login):
    assert client.get("/beheer/privacy").status_code == 302  # anonymous: to the login page
    for role in ("citizen", "moderator", "staff"):
        login(make_user(role))
        assert client.get("/beheer/privacy").status_code == 403
        assert client.post("/beheer/privacy", data={"changelog": "Nieuw"}).status_code == 403
        client.post("/uitloggen")
    assert count(PrivacyStatementVersion) == 0


def test_an_admin_sees_the_current_version_and_publishes_the_next(client, make_user, login):
    login(make_user("admin"))
    assert "huidige versie is 1" in client.get("/beheer/privacy").get_data(as_text=True)
    assert client.post("/beheer/privacy", data={"changelog": "   "}).status_code == 422
    assert client.post("/beheer/privacy", data={"changelog": "We gebruiken een nieuwe mailprovider."}).status_code == 302
    assert current_version() == 2
    page = client.get("/beheer/privacy").get_data(as_text=True)
    assert "huidige versie is 2" in page and "We gebruiken een nieuwe mailprovider." in page


def test_publishing_needs_the_csrf_token(app, client, make_user, login):
    login(make_user("admin"))
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/beheer/privacy", data={"changelog": "Zonder token"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert count(PrivacyStatementVersion) == 0


def _publish_version_2(client, make_user, login):
    login(make_user("admin"))
    client.post("/beheer/privacy", data={"changelog": "Reacties worden nu 2 jaar bewaard."})
    client.post("/uitloggen")


def test_after_a_new_version_a_citizen_reads_but_cannot_contribute_until_accepting(client, make_user, make_idea, login):
    citizen = make_user()
    idea = make_idea()
    register_consent = ConsentRecord(user_id=citizen.id, version=1)
    db.session.add(register_consent)
    db.session.commit()
    _publish_version_2(client, make_user, login)
    login(citizen)

    page = client.get(f"/ideeen/{idea.id}")
    assert page.status_code == 200 and "De privacyverklaring is gewijzigd." in page.get_data(as_text=True)
    assert 'href="/privacy/aanvaarden"' in page.get_data(as_text=True)

    for url, data in ((f"/ideeen/{idea.id}/steunen", {}), (f"/ideeen/{idea.id}/reacties", {"body": "Goed plan"})):
        refused = client.post(url, data=data)
        assert refused.status_code == 302 and refused.headers["Location"].endswith("/privacy/aanvaarden")
    assert count(Support, idea_id=idea.id) == 0 and count(Comment, idea_id=idea.id) == 0

    accept_page = client.get("/privacy/aanvaarden").get_data(as_text=True)
    assert "Reacties worden nu 2 jaar bewaard." in accept_page and "Wat er veranderde" in accept_page
    assert client.post("/privacy/aanvaarden").status_code == 302

    assert client.post(f"/ideeen/{idea.id}/steunen").status_code == 302
    assert count(Support, idea_id=idea.id) == 1
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "De privacyverklaring is gewijzigd." not in page  # the notice is gone
    versions = db.session.scalars(select(ConsentRecord.version).where(ConsentRecord.user_id == citizen.id).order_by(ConsentRecord.version)).all()
    assert versions == [1, 2]
    log = client.get("/privacy/aanvaarden").get_data(as_text=True)
    assert "<td>1</td>" in log and "<td>2</td>" in log


def test_staff_are_asked_too_and_may_still_sign_out_and_switch_language(client, make_user, login):
    _publish_version_2(client, make_user, login)
    staff = make_user("staff")
    login(staff)
    assert "/privacy/aanvaarden" in client.get("/").get_data(as_text=True)
    assert client.post("/taal", data={"language": "fr", "next": "/"}).headers["Location"] == "/"
    assert client.post("/uitloggen").headers["Location"].endswith("/")
    assert count(ConsentRecord, user_id=staff.id) == 0


def test_nobody_is_asked_while_the_first_version_is_current(client, make_user, login):
    login(make_user())
    assert "/privacy/aanvaarden" not in client.get("/").get_data(as_text=True)
