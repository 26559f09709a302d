"""Official responses, bulk answers and assignment, called as services."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.city.models import Department
from participation.core.errors import NotAllowed
from participation.core.transactions import all_or_nothing
from participation.extensions import db
from participation.feedback import services
from participation.ideas import services as idea_services
from participation.ideas import states
from participation.ideas.models import IdeaStatusChange


def department(slug: str = "mobiliteit") -> Department:
    return db.session.scalar(select(Department).where(Department.slug == slug))


def test_the_city_departments_are_seeded():
    names = set(db.session.scalars(select(Department.name_nl)))
    assert {"Mobiliteit", "Groendienst", "Wegen, Bruggen en Waterlopen", "Jeugddienst", "Wonen"} <= names
    assert len(names) >= 10


def test_an_official_response_changes_the_status_with_explanation_cost_and_department(make_idea, make_user):
    idea, staff = make_idea(), make_user("staff")
    row = services.respond_to_idea(
        idea, staff, status="accepted", explanation="We leggen de fietsenstalling aan in 2027.",
        cost_estimate="€ 12.500,50", department_id=department().id,
    )
    assert idea.status == "accepted"
    assert row.is_official_response and row.note == "We leggen de fietsenstalling aan in 2027."
    assert row.cost_estimate_cents == 1_250_050
    assert row.department_id == department().id and idea.department_id == department().id
    assert idea.first_response_at is not None


@pytest.mark.parametrize("explanation", ["", "   ", "\n\t "])
def test_a_response_without_explanation_is_refused_and_changes_nothing(make_idea, make_user, explanation):
    idea, staff = make_idea(), make_user("staff")
    with pytest.raises(services.InvalidResponse) as refused, all_or_nothing():
        services.respond_to_idea(idea, staff, status="accepted", explanation=explanation)
    assert refused.value.field == "explanation"
    assert idea.status == "published" and idea.first_response_at is None
    assert len(idea.status_changes) == 1


def test_an_invalid_transition_is_refused_with_the_allowed_next_steps(make_idea, make_user):
    idea, staff = make_idea(), make_user("staff")
    services.respond_to_idea(idea, staff, status="rejected", explanation="Dit past niet in het plan.")
    with pytest.raises(idea_services.InvalidTransition) as refused:
        services.respond_to_idea(idea, staff, status="accepted", explanation="Toch wel.")
    message = str(refused.value)
    assert "In behandeling" in message and "Afgesloten" in message  # under review, closed: the allowed steps
    assert idea.status == "rejected"


@pytest.mark.parametrize("role", ["citizen", "moderator"])
def test_only_staff_can_give_an_official_response(make_idea, make_user, role):
    idea = make_idea()
    with pytest.raises(NotAllowed):
        services.respond_to_idea(idea, make_user(role), status="accepted", explanation="Goedgekeurd.")
    assert idea.status == "published"


@pytest.mark.parametrize(("typed", "cents"), [("12500", 1_250_000), ("12.500,50", 1_250_050), ("0", 0), ("", None), ("1250.5", 125_050)])
def test_cost_estimates_are_typed_in_euros_and_kept_in_cents(typed, cents):
    assert services.parse_cost_estimate(typed) == cents


@pytest.mark.parametrize("typed", ["-5", "veel", "12,345", "999999999999"])
def test_a_wrong_cost_estimate_is_refused_on_its_field(typed):
    with pytest.raises(services.InvalidResponse) as refused:
        services.parse_cost_estimate(typed)
    assert refused.value.field == "cost_estimate"


def test_the_database_refuses_a_negative_cost_estimate(make_idea):
    from sqlalchemy.exc import IntegrityError

    idea = make_idea()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(IdeaStatusChange(idea_id=idea.id, kind="status", to_status="accepted", cost_estimate_cents=-1))
        db.session.flush()


def test_merging_needs_another_public_idea_and_points_to_it(make_idea, make_user, make_process):
    process = make_process()
    original, duplicate, staff = make_idea(process), make_idea(process), make_user("staff")
    with pytest.raises(services.InvalidResponse) as refused:
        services.respond_to_idea(duplicate, staff, status="merged", explanation="Dubbel.")
    assert refused.value.field == "merged_into_id"
    with pytest.raises(services.InvalidResponse):
        services.respond_to_idea(duplicate, staff, status="merged", explanation="Dubbel.", merged_into_id=duplicate.id)
    services.respond_to_idea(duplicate, staff, status="merged", explanation="Samen met het andere idee.", merged_into_id=original.id)
    assert duplicate.status == "merged" and duplicate.merged_into_id == original.id
    services.respond_to_idea(duplicate, staff, status="under_review", explanation="Toch apart bekijken.")
    assert duplicate.merged_into_id is None


def test_bulk_answering_gives_every_selected_idea_the_same_response(make_idea, make_user, make_process):
    process, staff = make_process(), make_user("staff")
    ideas = [make_idea(process) for _ in range(3)]
    rows = services.respond_to_ideas(process, staff, [idea.id for idea in ideas], status="under_review",
                                     explanation="De dienst bekijkt alle ideeën over fietsen samen.")
    assert len(rows) == 3
    assert {idea.status for idea in ideas} == {"under_review"}
    assert all(row.is_official_response and row.note.startswith("De dienst") for row in rows)


def test_bulk_answering_is_all_or_nothing_and_names_the_idea_that_cannot_move(make_idea, make_user, make_process):
    process, staff = make_process(), make_user("staff")
    fine = make_idea(process, title="Een goed idee")
    stuck = make_idea(process, title="Een afgewezen idee")
    services.respond_to_idea(stuck, staff, status="rejected", explanation="Niet haalbaar binnen het plan.")
    before = db.session.scalar(select(func.count(IdeaStatusChange.id)))
    with pytest.raises(services.InvalidResponse) as refused, all_or_nothing():
        services.respond_to_ideas(process, staff, [fine.id, stuck.id], status="accepted", explanation="Goedgekeurd.")
    assert "Een afgewezen idee" in str(refused.value) and "Een goed idee" not in str(refused.value)
    assert fine.status == "published" and stuck.status == "rejected"
    assert db.session.scalar(select(func.count(IdeaStatusChange.id))) == before


def test_bulk_answering_refuses_ideas_of_another_process(make_idea, make_user, make_process):
    process, other, staff = make_process(), make_process(), make_user("staff")
    mine, theirs = make_idea(process), make_idea(other)
    with pytest.raises(services.InvalidResponse):
        services.respond_to_ideas(process, staff, [mine.id, theirs.id], status="under_review", explanation="Bekijken.")
    assert mine.status == theirs.status == "published"


def test_bulk_answering_without_selection_or_explanation_is_refused(make_idea, make_user, make_process):
    process, staff = make_process(), make_user("staff")
    idea = make_idea(process)
    with pytest.raises(services.InvalidResponse) as nothing_selected:
        services.respond_to_ideas(process, staff, [], status="under_review", explanation="Bekijken.")
    assert nothing_selected.value.field == "idea_ids"
    with pytest.raises(services.InvalidResponse) as no_explanation:
        services.respond_to_ideas(process, staff, [idea.id], status="under_review", explanation=" ")
    assert no_explanation.value.field == "explanation"


def test_staff_assign_an_idea_to_a_department_and_a_colleague(make_idea, make_user):
    idea, staff, colleague = make_idea(), make_user("staff"), make_user("staff")
    services.assign_idea(idea, staff, department_id=department("groendienst").id, assignee_id=colleague.id)
    assert idea.department_id == department("groendienst").id and idea.assignee_id == colleague.id
    services.assign_idea(idea, staff, department_id=None, assignee_id=None)
    assert idea.department_id is None and idea.assignee_id is None


def test_ideas_are_only_assigned_to_staff_members(make_idea, make_user):
    idea, staff = make_idea(), make_user("staff")
    with pytest.raises(services.InvalidResponse) as refused:
        services.assign_idea(idea, staff, department_id=None, assignee_id=make_user("citizen").id)
    assert refused.value.field == "assignee_id"
    with pytest.raises(NotAllowed):
        services.assign_idea(idea, make_user("moderator"), department_id=department().id, assignee_id=None)
