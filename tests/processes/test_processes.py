"""City staff run participation processes; the public sees what is running."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.processes.models import Phase, Process


def days(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


def process_form(**overrides):
    data = {
        "title": "Pleinen in de Dampoort",
        "slug": "",
        "policy_goal": "De stad richt twee pleinen opnieuw in op basis van de ideeën.",
        "description": "Denk **mee**.",
        "moderation_mode": "post",
        "previous_edition_id": "0",
    }
    data.update(overrides)
    return data


def test_staff_create_a_draft_process_add_phases_and_publish_it(client, make_user, login):
    login(make_user("staff"))
    response = client.post("/beheer/trajecten/nieuw", data=process_form())
    assert response.status_code == 302
    process = db.session.scalar(select(Process).where(Process.slug == "pleinen-in-de-dampoort"))
    assert process.status == "draft"
    assert client.get("/").get_data(as_text=True).count("Pleinen in de Dampoort") == 0

    assert client.post(f"/beheer/trajecten/{process.id}/fasen", data={"new-kind": "information", "new-starts_on": days(-3), "new-ends_on": days(4)}).status_code == 302
    assert client.post(f"/beheer/trajecten/{process.id}/fasen", data={"new-kind": "ideation", "new-starts_on": days(5), "new-ends_on": days(30)}).status_code == 302
    assert client.post(f"/beheer/trajecten/{process.id}/status/published").status_code == 302
    db.session.refresh(process)
    assert process.status == "published"

    client.post("/uitloggen")
    home = client.get("/").get_data(as_text=True)
    assert "Pleinen in de Dampoort" in home
    page = client.get("/trajecten/pleinen-in-de-dampoort").get_data(as_text=True)
    assert 'aria-current="step"' in page
    assert "<strong>mee</strong>" in page
    assert "De stad richt twee pleinen opnieuw in" in page


def test_a_process_needs_a_policy_goal(client, make_user, login):
    login(make_user("staff"))
    response = client.post("/beheer/trajecten/nieuw", data=process_form(policy_goal=""))
    assert response.status_code == 422
    assert 'value="Pleinen in de Dampoort"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Process)) == 0


def test_a_slug_already_in_use_is_refused(client, make_user, login, make_process):
    existing = make_process(title="Bestaand traject")
    login(make_user("staff"))
    response = client.post("/beheer/trajecten/nieuw", data=process_form(slug=existing.slug))
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Process)) == 1


@pytest.mark.parametrize(
    "start, end",
    [(10, 5), (-10, -5), (0, 3), (-20, 40)],
    ids=["ends-before-it-starts", "overlaps-start", "overlaps-end", "encloses"],
)
def test_phases_that_overlap_or_end_before_they_start_are_refused(client, make_user, login, make_process, start, end):
    process = make_process(phases=(("ideation", -5, 10),), status="draft")
    login(make_user("staff"))
    response = client.post(
        f"/beheer/trajecten/{process.id}/fasen", data={"new-kind": "review", "new-starts_on": days(start), "new-ends_on": days(end)}
    )
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Phase).where(Phase.process_id == process.id)) == 1
    body = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in body


def test_a_malformed_date_is_refused_with_an_example(client, make_user, login, make_process):
    process = make_process(status="draft")
    login(make_user("staff"))
    response = client.post(f"/beheer/trajecten/{process.id}/fasen", data={"new-kind": "review", "new-starts_on": "31/02/2026", "new-ends_on": days(40)})
    assert response.status_code == 422
    assert "2026-03-31" in response.get_data(as_text=True)


def test_editing_a_phase_cannot_make_it_overlap_another(client, make_user, login, make_process):
    process = make_process(phases=(("ideation", -5, 10), ("review", 11, 30)))
    login(make_user("staff"))
    review = process.phases[1]
    response = client.post(
        f"/beheer/trajecten/{process.id}/fasen/{review.id}", data={"kind": "review", "starts_on": days(5), "ends_on": days(30)}
    )
    assert response.status_code == 422
    db.session.refresh(review)
    assert review.starts_on == date.today() + timedelta(days=11)


def test_a_process_without_phases_cannot_be_published(client, make_user, login, make_process):
    process = make_process(phases=(), status="draft")
    login(make_user("staff"))
    client.post(f"/beheer/trajecten/{process.id}/status/published")
    db.session.refresh(process)
    assert process.status == "draft"


def test_drafts_do_not_exist_for_the_public(client, make_process, make_user, login):
    draft = make_process(status="draft")
    assert client.get(f"/trajecten/{draft.slug}").status_code == 404
    login(make_user("citizen"))
    assert client.get(f"/trajecten/{draft.slug}").status_code == 404


def test_an_unknown_slug_gets_a_friendly_404_in_the_user_s_language(client):
    response = client.get("/trajecten/bestaat-niet", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_home_lists_running_and_upcoming_processes_but_not_finished_ones(client, make_process):
    make_process(title="Loopt nu", phases=(("ideation", -5, 5),))
    make_process(title="Komt eraan", phases=(("information", 10, 20),))
    make_process(title="Voorbij", phases=(("ideation", -50, -20),))
    home = client.get("/").get_data(as_text=True)
    assert "Loopt nu" in home and "Komt eraan" in home and "Voorbij" not in home
    assert "Voorbij" in client.get("/trajecten").get_data(as_text=True)


def test_user_text_in_a_process_is_inert(client, make_user, login):
    login(make_user("staff"))
    client.post(
        "/beheer/trajecten/nieuw",
        data=process_form(
            title="<script>alert(1)</script>Pleinen",
            description='[klik](javascript:alert(1)) <img src=x onerror=alert(1)> <a href="https://gent.be" onclick="x()">gent</a>',
        ),
    )
    process = db.session.scalar(select(Process))
    page = client.get(f"/trajecten/{process.slug}").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "onerror" not in page and "onclick" not in page and "javascript:" not in page
    assert 'rel="nofollow noopener ugc"' in page


STAFF_URLS = [
    ("get", "/beheer/trajecten"),
    ("get", "/beheer/trajecten/nieuw"),
    ("post", "/beheer/trajecten/nieuw"),
    ("get", "/beheer/trajecten/{id}"),
    ("post", "/beheer/trajecten/{id}"),
    ("post", "/beheer/trajecten/{id}/fasen"),
    ("get", "/beheer/trajecten/{id}/fasen/{phase}"),
    ("post", "/beheer/trajecten/{id}/fasen/{phase}"),
    ("post", "/beheer/trajecten/{id}/fasen/{phase}/verwijderen"),
    ("post", "/beheer/trajecten/{id}/status/archived"),
]


@pytest.mark.parametrize("method, url", STAFF_URLS)
@pytest.mark.parametrize("role, expected", [(None, 302), ("citizen", 403), ("moderator", 403)])
def test_only_staff_manage_processes(client, make_user, login, make_process, method, url, role, expected):
    process = make_process()
    if role:
        login(make_user(role))
    target = url.format(id=process.id, phase=process.phases[0].id)
    response = getattr(client, method)(target, data={})
    assert response.status_code == expected
    if expected == 302:
        assert "/inloggen" in response.location
    db.session.refresh(process)
    assert process.status == "published" and len(process.phases) == 1


def test_staff_link_a_process_to_its_previous_edition(client, make_user, login, make_process):
    old = make_process(title="Burgerbegroting 2024", status="archived")
    login(make_user("staff"))
    client.post("/beheer/trajecten/nieuw", data=process_form(title="Burgerbegroting 2027", previous_edition_id=str(old.id)))
    new = db.session.scalar(select(Process).where(Process.title == "Burgerbegroting 2027"))
    assert new.previous_edition_id == old.id
