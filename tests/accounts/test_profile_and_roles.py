"""Profile, language and roles."""
import pytest
from sqlalchemy import select

from participation.city.models import District
from participation.extensions import db
from participation.notifications.service import email_kinds_of


def test_a_citizen_saves_display_name_language_district_and_notification_choices(client, make_user, login):
    user = make_user()
    login(user)
    district = db.session.scalar(select(District).where(District.name == "Ledeberg"))
    response = client.post(
        "/profiel",
        data={
            "display_name": "Jan uit Ledeberg",
            "language": "fr",
            "home_district_id": district.id,
            "notification_frequency": "daily",
            "email_kinds": ["idea_comment", "budget"],
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.display_name, user.language, user.home_district_id) == ("Jan uit Ledeberg", "fr", district.id)
    assert user.notification_frequency == "daily"
    assert email_kinds_of(user) == ["idea_comment", "budget"]
    assert 'lang="fr"' in client.get("/profiel").get_data(as_text=True)


def test_switching_language_is_remembered_for_a_visitor(client):
    assert 'lang="nl"' in client.get("/").get_data(as_text=True)
    response = client.post("/taal", data={"language": "en", "next": "/trajecten"})
    assert response.status_code == 302 and response.location == "/trajecten"
    page = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in page and "Take part now" in page


def test_accept_language_is_honoured_until_the_visitor_chooses(client):
    assert 'lang="fr"' in client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    client.post("/taal", data={"language": "nl"})
    assert 'lang="nl"' in client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)


def test_a_logged_in_user_s_language_choice_is_saved_on_the_profile(client, make_user, login):
    user = make_user(language="nl")
    login(user)
    client.post("/taal", data={"language": "fr"})
    db.session.refresh(user)
    assert user.language == "fr"


def test_an_unknown_language_is_ignored(client):
    client.post("/taal", data={"language": "de"})
    assert 'lang="nl"' in client.get("/").get_data(as_text=True)


def test_an_admin_grants_the_staff_role(client, make_user, login):
    admin, citizen = make_user("admin"), make_user()
    login(admin)
    assert client.post(f"/beheer/gebruikers/{citizen.id}/rol", data={"role": "staff"}).status_code == 302
    db.session.refresh(citizen)
    assert citizen.role == "staff"


def test_the_last_admin_cannot_step_down(client, make_user, login):
    from participation.accounts.models import User

    for other in db.session.scalars(select(User).where(User.role == "admin")):
        other.role = "citizen"
    admin = make_user("admin")
    login(admin)
    response = client.post(f"/beheer/gebruikers/{admin.id}/rol", data={"role": "citizen"}, follow_redirects=True)
    assert "minstens één beheerder" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role == "admin"


@pytest.mark.parametrize("role", ["citizen", "moderator", "staff"])
def test_only_admins_change_roles(client, make_user, login, role):
    actor, target = make_user(role), make_user()
    login(actor)
    assert client.get("/beheer/gebruikers").status_code == 403
    assert client.post(f"/beheer/gebruikers/{target.id}/rol", data={"role": "admin"}).status_code == 403
    db.session.refresh(target)
    assert target.role == "citizen"


def test_an_unknown_role_is_refused(client, make_user, login):
    admin, target = make_user("admin"), make_user()
    login(admin)
    client.post(f"/beheer/gebruikers/{target.id}/rol", data={"role": "king"})
    db.session.refresh(target)
    assert target.role == "citizen"
