"""The command-line tools an operator uses: demo city, first administrator, district boundaries."""
import json

from sqlalchemy import func, select

from participation.accounts.models import User
from participation.city.models import District
from participation.extensions import db
from participation.processes.models import Process


def test_flask_demo_seeds_a_city_with_a_process_in_every_phase_and_prints_logins(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "admin@demo.stadslab.be" in result.output and "beheerder-demo-2026" in result.output
    roles = set(db.session.scalars(select(User.role).where(User.email.like("%@demo.stadslab.be"))))
    assert roles == {"citizen", "moderator", "staff", "admin"}
    assert db.session.scalar(select(func.count()).select_from(District)) == 25
    from datetime import date

    current_phases = {
        process.phase_on(date.today()).kind
        for process in db.session.scalars(select(Process).where(Process.status == "published"))
        if process.phase_on(date.today())
    }
    assert current_phases == {"information", "ideation", "review", "voting", "implementation", "evaluation"}
    from participation.budgeting.models import BudgetRound
    from participation.crowdfunding.models import Campaign
    from participation.ideas.models import Idea

    assert db.session.scalar(select(func.count()).select_from(Idea)) > 0
    assert db.session.scalar(select(func.count()).select_from(Campaign)) > 0
    assert db.session.scalar(select(func.count()).select_from(BudgetRound)) > 0
    assert "Letter codes" in result.output
    again = app.test_cli_runner().invoke(args=["demo"])
    assert again.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Process).where(Process.slug == "burgerbegroting-2027")) == 1


def test_create_admin_makes_a_verified_administrator(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "Chef@Gent.be", "--name", "Chef", "--password", "een sterk beheerderswachtwoord"]
    )
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User).where(User.email == "chef@gent.be"))
    assert admin.role == "admin" and admin.is_email_verified


def test_create_admin_refuses_a_weak_password(app):
    result = app.test_cli_runner().invoke(args=["create-admin", "--email", "x@gent.be", "--name", "X", "--password", "kort"])
    assert result.exit_code != 0
    assert db.session.scalar(select(User).where(User.email == "x@gent.be")) is None


def test_district_boundaries_are_imported_from_geojson(app, tmp_path):
    square = [[[3.72, 51.05], [3.73, 51.05], [3.73, 51.06], [3.72, 51.05]]]
    path = tmp_path / "wijken.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Ledeberg"}, "geometry": {"type": "Polygon", "coordinates": square}},
        {"type": "Feature", "properties": {"name": "Atlantis"}, "geometry": {"type": "Polygon", "coordinates": square}},
    ]}))
    result = app.test_cli_runner().invoke(args=["city", "import-boundaries", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 district boundaries stored" in result.output and "Atlantis" in result.output
    ledeberg = db.session.scalar(select(District).where(District.name == "Ledeberg"))
    assert json.loads(ledeberg.boundary_geojson)["type"] == "Polygon"
