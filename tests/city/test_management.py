"""Admins keeping the districts, themes and departments: merging moves every reference, archived rows
are not offered for new content, uploaded boundaries are checked."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from participation.budgeting.models import BudgetRound, Project
from participation.city import management
from participation.city.models import Department, District, Theme
from participation.city.services import check_boundary, offered_departments, offered_districts, offered_themes
from participation.core.errors import DomainError
from participation.extensions import db
from participation.ideas.models import Idea
from participation.processes.models import process_districts
from tests.budgeting.conftest import make_round  # noqa: F401
from tests.ideas.conftest import make_idea  # noqa: F401


@pytest.fixture(autouse=True)
def _messages_in_english(app):
    from flask_babel import force_locale

    with force_locale("en"):
        yield


def district(name: str) -> District:
    return db.session.scalar(select(District).where(District.name == name))


def ring(west: float, south: float, size: float) -> list:
    return [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]


def polygon(west: float = 3.72, south: float = 51.04, size: float = 0.01) -> dict:
    return {"type": "Polygon", "coordinates": [ring(west, south, size)]}


# --- Boundaries -----------------------------------------------------------------------------------


def test_a_feature_with_a_polygon_is_stored_as_its_bare_geometry():
    stored = json.loads(check_boundary(json.dumps({"type": "Feature", "properties": {"name": "X"}, "geometry": polygon()})))
    assert stored == polygon()


def test_a_multipolygon_is_accepted():
    multi = {"type": "MultiPolygon", "coordinates": [[ring(3.70, 51.0, 0.01)], [ring(3.75, 51.0, 0.01)]]}
    assert json.loads(check_boundary(json.dumps(multi)))["type"] == "MultiPolygon"


@pytest.mark.parametrize("text, words", [
    ("not json at all", "not valid GeoJSON"),
    (json.dumps({"type": "Point", "coordinates": [3.72, 51.05]}), "Polygon or MultiPolygon"),
    (json.dumps({"type": "FeatureCollection", "features": []}), "Polygon or MultiPolygon"),
    (json.dumps(polygon(104_000, 193_000, 500)), "Lambert 72"),  # metres: Lambert 72 around Ghent
    (json.dumps({**polygon(), "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::31370"}}}), "Lambert 72"),
    (json.dumps(polygon(3.0, 50.5, 1.0)), "km across"),  # about 70 km
    (json.dumps({"type": "Polygon", "coordinates": [[[3.72, 51.04], [3.73, 51.04], [3.74, 51.04], [3.72, 51.04]]]}), "no area"),
])
def test_a_boundary_that_is_no_district_is_refused_with_the_reason(text, words):
    ledeberg = district("Ledeberg")
    with pytest.raises(DomainError) as refused:
        management.save_district(ledeberg, name="Ledeberg", boundary_text=text)
    assert words in str(refused.value)
    assert refused.value.field == "boundary"
    db.session.refresh(ledeberg)
    assert ledeberg.boundary_geojson is None


# --- Districts ------------------------------------------------------------------------------------


def test_a_new_district_gets_its_names_population_and_boundary():
    created = management.save_district(None, name="  Deelgemeente  Oost ", name_fr="Commune Est", population=12_500,
                                       boundary_text=json.dumps(polygon()))
    assert (created.name, created.slug, created.population) == ("Deelgemeente Oost", "deelgemeente-oost", 12_500)
    assert created.label("fr") == "Commune Est"
    assert created.label("en") == "Deelgemeente Oost"  # no English name: the Dutch one
    assert created.boundary_geojson is not None


@pytest.mark.parametrize("name, words", [("", "Enter the district"), ("ledeberg", "already a district")])
def test_an_empty_or_taken_district_name_is_refused(name, words):
    with pytest.raises(DomainError, match=words):
        management.save_district(None, name=name)


def test_a_negative_population_is_refused():
    with pytest.raises(DomainError, match="negative"):
        management.save_district(district("Ledeberg"), name="Ledeberg", population=-1)


def test_merging_moves_every_reference_to_the_kept_district(make_idea, make_process, make_round, make_user):
    merged, kept = district("Ledeberg"), district("Binnenstad")
    idea = make_idea(district_id=merged.id)
    both = make_process()
    both.districts = [merged, kept]
    only_merged = make_process()
    only_merged.districts = [merged]
    round_ = make_round(district_id=merged.id)
    resident = make_user()
    resident.home_district_id = merged.id
    db.session.flush()

    management.merge_districts(merged, kept)

    assert db.session.get(Idea, idea.id).district_id == kept.id
    assert db.session.get(BudgetRound, round_.id).district_id == kept.id
    assert {p.district_id for p in db.session.scalars(select(Project).where(Project.round_id == round_.id))} == {kept.id}
    assert [d.id for d in db.session.get(type(both), both.id).districts] == [kept.id]  # no duplicate link row
    assert [d.id for d in db.session.get(type(only_merged), only_merged.id).districts] == [kept.id]
    assert db.session.get(type(resident), resident.id).home_district_id == kept.id
    assert db.session.scalar(select(func.count()).select_from(process_districts).where(process_districts.c.district_id == merged.id)) == 0
    assert db.session.get(District, merged.id).is_archived
    assert management.district_usage(db.session.get(District, merged.id)) == 0


def test_merging_can_delete_the_merged_district(make_idea):
    merged, kept = district("Ledeberg"), district("Binnenstad")
    idea = make_idea(district_id=merged.id)
    merged_id = merged.id
    management.merge_districts(merged, kept, delete_merged=True)
    assert db.session.get(District, merged_id) is None
    assert db.session.get(Idea, idea.id).district_id == kept.id


def test_a_district_cannot_be_merged_into_itself():
    ledeberg = district("Ledeberg")
    with pytest.raises(DomainError, match="itself"):
        management.merge_districts(ledeberg, ledeberg)
    assert not ledeberg.is_archived


def test_a_district_in_use_is_not_deleted(make_idea):
    ledeberg = district("Ledeberg")
    make_idea(district_id=ledeberg.id)
    with pytest.raises(management.DistrictInUse, match="Merge it"):
        management.delete_district(ledeberg)
    assert db.session.get(District, ledeberg.id) is not None


def test_an_unused_district_is_deleted():
    created = management.save_district(None, name="Nieuwe wijk")
    management.delete_district(created)
    assert district("Nieuwe wijk") is None


def test_an_archived_district_is_offered_only_to_content_that_has_it():
    ledeberg = district("Ledeberg")
    management.set_district_archived(ledeberg, True)
    assert ledeberg not in offered_districts()
    assert ledeberg in offered_districts(ledeberg.id)


# --- Themes and departments -------------------------------------------------------------------------


@pytest.mark.parametrize("model, offered", [(Theme, offered_themes), (Department, offered_departments)])
def test_an_archived_theme_or_department_is_not_offered_for_new_content(model, offered):
    item = management.ordered(model)[0]
    management.set_list_item_archived(item, True)
    assert item not in offered()
    assert item in offered(item.id)


@pytest.mark.parametrize("model", [Theme, Department])
def test_a_new_item_comes_last_and_falls_back_to_dutch(model):
    item = management.save_list_item(model, name_nl="Erfgoed", name_fr="Patrimoine", name_en="")
    assert management.ordered(model)[-1] == item
    assert (item.name("fr"), item.name("en")) == ("Patrimoine", "Erfgoed")


@pytest.mark.parametrize("name_nl, words", [("", "Dutch name"), ("Mobiliteit", "already used")])
def test_an_empty_or_duplicate_name_is_refused(name_nl, words):
    with pytest.raises(DomainError, match=words):
        management.save_list_item(Theme, name_nl=name_nl, name_fr="", name_en="")


def test_moving_a_theme_up_swaps_it_with_the_one_above():
    first, second, third = management.ordered(Theme)[:3]
    management.move_list_item(Theme, second, -1)
    assert management.ordered(Theme)[:3] == [second, first, third]
    management.move_list_item(Theme, second, -1)  # already first: stays
    assert management.ordered(Theme)[0] == second


def test_a_new_idea_cannot_take_an_archived_theme_but_an_old_one_keeps_it(make_idea):
    from participation.ideas import services as idea_services

    theme = management.ordered(Theme)[0]
    idea = make_idea(theme_id=theme.id)
    management.set_list_item_archived(theme, True)
    with pytest.raises(DomainError, match="theme from the list"):
        make_idea(theme_id=theme.id)
    idea_services.edit_idea(idea, idea.author, title=idea.title, description=idea.description_source, theme_id=theme.id)
    assert idea.theme_id == theme.id


def test_a_process_keeps_an_archived_district_but_cannot_take_a_new_one(make_process):
    from participation.processes import services as process_services

    ledeberg, binnenstad = district("Ledeberg"), district("Binnenstad")
    process = make_process()
    process.districts = [ledeberg]
    management.set_district_archived(ledeberg, True)
    management.set_district_archived(binnenstad, True)
    process_services.save_process(process, author=process.created_by, title=process.title, slug=process.slug,
                                  policy_goal=process.policy_goal, description="", moderation_mode="post", theme_ids=[],
                                  district_ids=[ledeberg.id, binnenstad.id], previous_edition_id=None)
    assert process.districts == [ledeberg]


def test_the_response_forms_offer_departments_in_order_without_archived_ones():
    from participation.feedback.services import departments

    first, second = management.ordered(Department)[:2]
    management.set_list_item_archived(first, True)
    assert departments()[0] == second
    assert departments(first.id)[0] == first  # the idea's own department stays on its form
