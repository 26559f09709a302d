"""Oudsbergen, the second demo municipality, seeded into an empty database of its own; and the Ghent
profile of the first demo."""
from __future__ import annotations

import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from participation import create_app
from participation.accounts.models import User
from participation.city.models import Department, District, Theme
from participation.demo.oudsbergen import DORPSKERNEN, OUDSBERGEN_LOGINS, seed_oudsbergen
from participation.demo.seed import seed_gent_profile
from participation.extensions import db
from participation.ideas.models import Idea
from participation.municipality.models import Municipality
from participation.processes.models import Phase, Process

GHENT = re.compile(r"g(h)?ent|gand", re.IGNORECASE)
CITIZEN = next(login for login in OUDSBERGEN_LOGINS if login.role == "citizen")


@pytest.fixture(scope="module")
def oudsbergen(tmp_path_factory):
    """An app on an empty, migrated database of its own, seeded with Oudsbergen once."""
    folder = tmp_path_factory.mktemp("oudsbergen")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'oudsbergen.sqlite'}")
    with app.app_context():
        upgrade()
        seed_oudsbergen()
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (District, Theme, Department, User, Process, Phase, Idea, Municipality)}


def test_seeding_an_empty_database_gives_the_six_deelgemeenten_with_their_population(oudsbergen):
    with oudsbergen.app_context():
        districts = {d.name: d.population for d in db.session.scalars(select(District))}
        assert set(districts) == {"Meeuwen", "Gruitrode", "Ellikom", "Neerglabbeek", "Wijshagen", "Opglabbeek"}
        assert all(population and population > 0 for population in districts.values())
        assert 22_000 < sum(districts.values()) < 26_000
        profile = db.session.get(Municipality, 1)
        assert (profile.official_name_nl, profile.short_name, profile.default_language) == ("Gemeente Oudsbergen", "Oudsbergen", "nl")
        db.session.remove()


@pytest.mark.parametrize("login", OUDSBERGEN_LOGINS, ids=lambda login: login.role)
def test_every_oudsbergen_account_can_log_in(oudsbergen, login):
    client = oudsbergen.test_client()
    response = client.post("/inloggen", data={"email": login.email, "password": login.password})
    assert response.status_code == 302, response.get_data(as_text=True)
    wrong = oudsbergen.test_client().post("/inloggen", data={"email": login.email, "password": "burger-demo-2026"})
    assert wrong.status_code != 302


def test_a_citizen_idea_in_the_ideation_process_is_public_at_once(oudsbergen):
    with oudsbergen.app_context():
        meeuwen = db.session.scalar(select(District.id).where(District.name == "Meeuwen"))
        db.session.remove()
    citizen = oudsbergen.test_client()
    assert citizen.post("/inloggen", data={"email": CITIZEN.email, "password": CITIZEN.password}).status_code == 302
    response = citizen.post(f"/trajecten/{DORPSKERNEN}/ideeen/nieuw", data={
        "title": "Een speeltuin achter het gemeenschapshuis",
        "description": "Er is geen speeltuin in de buurt van het gemeenschapshuis. Zet er een paar toestellen.",
        "theme_id": "0", "district_id": str(meeuwen), "language": "nl",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    idea_url = response.headers["Location"]
    visitor = oudsbergen.test_client()
    page = visitor.get(idea_url)
    assert page.status_code == 200
    assert "Een speeltuin achter het gemeenschapshuis" in page.get_data(as_text=True)
    listing = visitor.get(f"/trajecten/{DORPSKERNEN}/ideeen").get_data(as_text=True)
    assert "Een speeltuin achter het gemeenschapshuis" in listing


def test_the_seeded_ideas_are_published_and_one_process_is_upcoming(oudsbergen):
    with oudsbergen.app_context():
        process = db.session.scalar(select(Process).where(Process.slug == DORPSKERNEN))
        ideas = db.session.scalars(select(Idea).where(Idea.process_id == process.id)).all()
        seeded = [idea for idea in ideas if idea.author.email == CITIZEN.email]
        assert len(seeded) >= 3 and all(idea.status == "published" for idea in seeded)
        assert process.moderation_mode == "post" and {d.name for d in process.districts} == {"Meeuwen", "Opglabbeek"}
        from datetime import date
        upcoming = [p for p in db.session.scalars(select(Process)) if p.phases and min(ph.starts_on for ph in p.phases) > date.today()]
        assert upcoming
        db.session.remove()


def test_seeding_twice_creates_nothing_twice(oudsbergen):
    with oudsbergen.app_context():
        before = _counts()
        seed_oudsbergen()
        db.session.commit()
        assert _counts() == before
        db.session.remove()


def test_no_oudsbergen_text_mentions_ghent(oudsbergen):
    with oudsbergen.app_context():
        texts = [login.name for login in OUDSBERGEN_LOGINS] + [login.email for login in OUDSBERGEN_LOGINS]
        for process in db.session.scalars(select(Process)):
            texts += [process.title, process.policy_goal, process.description_source]
        for idea in db.session.scalars(select(Idea)):
            texts += [idea.title, idea.description_source]
        texts += [district.name for district in db.session.scalars(select(District))]
        profile = db.session.get(Municipality, 1)
        texts += [getattr(profile, column.name) or "" for column in Municipality.__table__.columns
                  if isinstance(getattr(profile, column.name), str)]
        texts += [user.display_name for user in db.session.scalars(select(User))]
        db.session.remove()
    assert [text for text in texts if GHENT.search(text)] == []


def test_seed_gent_profile_stores_the_profile_the_home_page_header_shows(app, client):
    assert db.session.get(Municipality, 1) is None
    assert seed_gent_profile() is True
    db.session.commit()
    profile = db.session.get(Municipality, 1)
    assert (profile.official_name_nl, profile.official_name_fr, profile.official_name_en) == ("Stad Gent", "Ville de Gand", "City of Ghent")
    assert profile.languages == "nl,fr,en" and profile.default_language == "nl"
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'class="brand-city">Gent<', page)
    assert "v=00406b002b49" in page  # the stylesheet of the stored colours
    assert seed_gent_profile() is False  # a stored profile is left alone


def test_print_logins_shows_the_title_the_address_and_one_line_per_account(capsys):
    from participation.demo.cli import print_logins

    print_logins("Oudsbergen", "http://127.0.0.1:5001", OUDSBERGEN_LOGINS)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Oudsbergen — http://127.0.0.1:5001"
    assert len(lines) == 1 + len(OUDSBERGEN_LOGINS)
    assert all(login.email in line and login.password in line for login, line in zip(OUDSBERGEN_LOGINS, lines[1:]))
