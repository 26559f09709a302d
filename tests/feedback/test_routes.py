"""The staff pages through the test client: permissions, messages, what is kept on errors."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from participation.city.models import Department
from participation.extensions import db
from participation.feedback import services
from participation.feedback.models import AnswerTemplate
from tests.ideas.conftest import image_bytes


@pytest.fixture
def world(make_idea, make_user, make_process):
    process = make_process()
    idea = make_idea(process)
    accepted = make_idea(process)
    staff = make_user("staff")
    services.respond_to_idea(accepted, staff, status="accepted", explanation="Goedgekeurd.")
    milestone = services.add_milestone(accepted, staff, title="Start", planned_on=date(2027, 1, 1))
    template = services.save_answer_template(None, staff, name="Onderzoek", body_nl="We onderzoeken dit.")
    db.session.commit()
    return {"process": process, "idea": idea, "accepted": accepted, "staff": staff, "milestone": milestone, "template": template}


PAGES = [
    ("get", "/ideeen/{idea}/antwoord"),
    ("post", "/ideeen/{idea}/antwoord"),
    ("post", "/ideeen/{idea}/toewijzen"),
    ("get", "/trajecten/{slug}/antwoorden"),
    ("post", "/trajecten/{slug}/antwoorden"),
    ("get", "/ideeen/{accepted}/uitvoering"),
    ("post", "/ideeen/{accepted}/uitvoering/update"),
    ("post", "/ideeen/{accepted}/uitvoering/mijlpalen"),
    ("post", "/ideeen/{accepted}/uitvoering/mijlpalen/{milestone}/bereikt"),
    ("post", "/ideeen/{accepted}/uitvoering/mijlpalen/{milestone}/niet-bereikt"),
    ("get", "/antwoordsjablonen"),
    ("post", "/antwoordsjablonen"),
    ("get", "/antwoordsjablonen/{template}"),
    ("post", "/antwoordsjablonen/{template}"),
    ("post", "/antwoordsjablonen/{template}/verwijderen"),
]


def _url(pattern: str, world) -> str:
    return pattern.format(idea=world["idea"].id, accepted=world["accepted"].id, slug=world["process"].slug,
                          milestone=world["milestone"].id, template=world["template"].id)


@pytest.mark.parametrize(("method", "pattern"), PAGES)
@pytest.mark.parametrize("visitor", ["anonymous", "citizen", "moderator"])
def test_only_staff_reach_the_feedback_pages(client, login, make_user, world, method, pattern, visitor):
    if visitor != "anonymous":
        login(make_user(visitor))
    response = getattr(client, method)(_url(pattern, world), data={"status": "accepted", "explanation": "Ja"})
    if visitor == "anonymous":
        assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
    else:
        assert response.status_code == 403
    assert world["idea"].status == "published"
    assert db.session.get(AnswerTemplate, world["template"].id) is not None


@pytest.mark.parametrize("pattern", [p for m, p in PAGES if m == "get"])
def test_staff_open_every_feedback_page(client, login, world, pattern):
    login(world["staff"])
    assert client.get(_url(pattern, world)).status_code == 200


def test_staff_answer_an_idea_and_the_idea_page_shows_the_response(client, login, world):
    login(world["staff"])
    idea = world["idea"]
    groendienst = db.session.scalar(select(Department).where(Department.slug == "groendienst"))
    response = client.post(f"/ideeen/{idea.id}/antwoord", data={
        "status": "accepted", "explanation": "De Groendienst plant hier bomen.", "cost_estimate": "12.500",
        "department_id": str(groendienst.id), "submit": "1",
    })
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/ideeen/{idea.id}#tijdlijn")
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "De Groendienst plant hier bomen." in page and "Groendienst" in page
    assert "12.500" in page and "Officieel antwoord" in page
    assert idea.status == "accepted"


def test_an_empty_explanation_is_refused_and_the_form_keeps_what_was_typed(client, login, world):
    login(world["staff"])
    idea = world["idea"]
    response = client.post(f"/ideeen/{idea.id}/antwoord", data={"status": "accepted", "explanation": " ", "cost_estimate": "4321", "submit": "1"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Schrijf een publieke toelichting" in page and 'value="4321"' in page
    assert idea.status == "published" and len(idea.status_changes) == 1


def test_an_invalid_transition_is_refused_with_the_possible_next_steps(client, login, world):
    login(world["staff"])
    accepted = world["accepted"]
    response = client.post(f"/ideeen/{accepted.id}/antwoord", data={"status": "closed", "explanation": "Klaar.", "submit": "1"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Mogelijke volgende stappen" in page and "In uitvoering" in page
    assert "Klaar." in page
    assert accepted.status == "accepted"


def test_choosing_an_answer_template_fills_the_explanation_without_javascript(client, login, world):
    login(world["staff"])
    idea = world["idea"]
    response = client.post(f"/ideeen/{idea.id}/antwoord", data={
        "status": "under_review", "explanation": "", "template_id": str(world["template"].id), "use_template": "1",
    })
    assert response.status_code == 200
    assert re.search(r"<textarea[^>]*name=\"explanation\"[^>]*>\s*We onderzoeken dit.</textarea>", response.get_data(as_text=True))
    assert idea.status == "published"  # the template button only fills the form


def test_staff_answer_several_ideas_at_once(client, login, world, make_idea):
    login(world["staff"])
    extra = make_idea(world["process"])
    response = client.post(f"/trajecten/{world['process'].slug}/antwoorden", data={
        "idea_ids": [str(world["idea"].id), str(extra.id)], "status": "under_review",
        "explanation": "We bekijken alle ideeën samen.", "submit": "1",
    })
    assert response.status_code == 302
    assert world["idea"].status == extra.status == "under_review"


def test_bulk_answering_refuses_all_when_one_idea_cannot_move_and_names_it(client, login, world):
    login(world["staff"])
    response = client.post(f"/trajecten/{world['process'].slug}/antwoorden", data={
        "idea_ids": [str(world["idea"].id), str(world["accepted"].id)], "status": "rejected",
        "explanation": "Past niet.", "submit": "1",
    })
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Er is niets veranderd" in page and world["accepted"].title in page
    assert world["idea"].status == "published" and world["accepted"].status == "accepted"
    assert 'checked' in page  # the selection is kept


def test_staff_post_progress_and_a_milestone_and_the_idea_page_shows_them(client, login, world, upload_folder):
    login(world["staff"])
    accepted = world["accepted"]
    response = client.post(f"/ideeen/{accepted.id}/uitvoering/update", data={
        "progress_percent": "40", "body": "De werf is gestart.", "image": (io.BytesIO(image_bytes()), "werf.jpg"),
        "image_alt": "Graafmachine op de werf", "submit": "1",
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    response = client.post(f"/ideeen/{accepted.id}/uitvoering/mijlpalen", data={"title": "Bomen geplant", "planned_on": "2027-04-01", "submit": "1"})
    assert response.status_code == 302
    page = client.get(f"/ideeen/{accepted.id}").get_data(as_text=True)
    assert '<progress id="progress-title-bar" max="100" value="40"' in page and "40%" in page
    assert "De werf is gestart." in page and 'alt="Graafmachine op de werf"' in page and "Bomen geplant" in page


@pytest.mark.parametrize("percent", ["-5", "101", "veertig"])
def test_progress_outside_0_to_100_is_refused_on_the_page(client, login, world, percent):
    login(world["staff"])
    accepted = world["accepted"]
    response = client.post(f"/ideeen/{accepted.id}/uitvoering/update", data={"progress_percent": percent, "body": "Tekst", "submit": "1"})
    assert response.status_code == 422
    assert accepted.progress_percent == 0


def test_a_milestone_without_date_is_refused_and_keeps_its_title(client, login, world):
    login(world["staff"])
    response = client.post(f"/ideeen/{world['accepted'].id}/uitvoering/mijlpalen", data={"title": "Opening", "planned_on": "", "submit": "1"})
    assert response.status_code == 422
    assert 'value="Opening"' in response.get_data(as_text=True)


def test_staff_reach_a_milestone_with_one_button(client, login, world):
    login(world["staff"])
    milestone = world["milestone"]
    response = client.post(f"/ideeen/{world['accepted'].id}/uitvoering/mijlpalen/{milestone.id}/bereikt")
    assert response.status_code == 302
    assert milestone.is_done


def test_a_milestone_of_another_idea_is_not_found(client, login, world):
    login(world["staff"])
    response = client.post(f"/ideeen/{world['accepted'].id}/uitvoering/mijlpalen/{world['idea'].status_changes[0].id}/bereikt")
    assert response.status_code == 404


def test_staff_manage_answer_templates(client, login, world):
    login(world["staff"])
    response = client.post("/antwoordsjablonen", data={"name": "Niet haalbaar", "body_nl": "Dit kan technisch niet.", "body_fr": "Ce n'est pas possible.", "submit": "1"})
    assert response.status_code == 302
    template = db.session.scalar(select(AnswerTemplate).where(AnswerTemplate.name == "Niet haalbaar"))
    assert template.body("fr") == "Ce n'est pas possible." and template.body("en") == "Dit kan technisch niet."
    duplicate = client.post("/antwoordsjablonen", data={"name": "niet HAALBAAR", "body_nl": "Nog eens.", "submit": "1"})
    assert duplicate.status_code == 422 and "Nog eens." in duplicate.get_data(as_text=True)
    assert client.post(f"/antwoordsjablonen/{template.id}/verwijderen").status_code == 302
    assert db.session.get(AnswerTemplate, template.id) is None


def test_staff_assign_an_idea_on_its_response_page(client, login, world, make_user):
    login(world["staff"])
    colleague = make_user("staff", name="Collega Jan")
    wonen = db.session.scalar(select(Department).where(Department.slug == "wonen"))
    response = client.post(f"/ideeen/{world['idea'].id}/toewijzen", data={"department_id": str(wonen.id), "assignee_id": str(colleague.id), "submit": "1"})
    assert response.status_code == 302
    assert world["idea"].department_id == wonen.id and world["idea"].assignee_id == colleague.id
    refused = client.post(f"/ideeen/{world['idea'].id}/toewijzen", data={"department_id": "", "assignee_id": str(make_user().id), "submit": "1"})
    assert refused.status_code == 422 and world["idea"].assignee_id == colleague.id
