"""The idea page's public timeline: every status change, official response, milestone and update in date
order, links to the budget project or campaign, and the page's query budget."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from participation.core.jobs import release_pending_jobs
from participation.extensions import db
from participation.feedback import services
from participation.ideas import services as idea_services
from tests.ideas.test_queries import MAX_QUERIES


def _positions(page: str, *texts: str) -> list[int]:
    return [page.index(text) for text in texts]


def _a_department_id() -> int:
    from sqlalchemy import select

    from participation.city.models import Department

    return db.session.scalar(select(Department.id).order_by(Department.id))


def test_the_timeline_shows_every_entry_in_date_order(client, make_idea, make_user):
    idea, staff = make_idea(), make_user("staff")
    services.respond_to_idea(idea, staff, status="under_review", explanation="Eerste antwoord: we bekijken het.")
    services.respond_to_idea(idea, staff, status="accepted", explanation="Tweede antwoord: goedgekeurd.", cost_estimate="8000")
    today = date.today()
    services.add_milestone(idea, staff, title="Mijlpaal later", planned_on=today + timedelta(days=60))
    services.add_milestone(idea, staff, title="Mijlpaal vroeger", planned_on=today - timedelta(days=400), is_done=False)
    services.post_update(idea, staff, body="Update van vandaag.", progress_percent=25)
    db.session.commit()
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    order = _positions(page, "Mijlpaal vroeger", "Eerste antwoord", "Tweede antwoord", "Update van vandaag.", "Mijlpaal later")
    assert order == sorted(order)
    assert "Gepubliceerd" in page[page.index('id="tijdlijn"'):]


def test_the_idea_links_to_the_budget_project_it_became(client, make_idea, make_user):
    idea, staff = make_idea(), make_user("staff")
    idea_services.record_idea_outcome(idea, "selected_for_vote", staff, "Dit idee staat op de stemlijst.", "/burgerbudget/projecten/17")
    db.session.commit()
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert 'href="/burgerbudget/projecten/17"' in page and "Dit idee staat op de stemlijst." in page


def test_a_merged_idea_points_to_the_idea_it_was_merged_with(client, make_idea, make_user, make_process):
    process, staff = make_process(), make_user("staff")
    original, duplicate = make_idea(process), make_idea(process)
    services.respond_to_idea(duplicate, staff, status="merged", explanation="Zelfde voorstel.", merged_into_id=original.id)
    db.session.commit()
    page = client.get(f"/ideeen/{duplicate.id}").get_data(as_text=True)
    assert f'href="/ideeen/{original.id}"' in page


def test_an_idea_without_implementation_shows_no_progress_bar(client, make_idea):
    idea = make_idea()
    db.session.commit()
    assert "<progress" not in client.get(f"/ideeen/{idea.id}").get_data(as_text=True)


def test_the_staff_links_show_for_staff_only(client, login, make_idea, make_user):
    idea = make_idea()
    db.session.commit()
    assert f"/ideeen/{idea.id}/antwoord" not in client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    login(make_user("staff"))
    assert f"/ideeen/{idea.id}/antwoord" in client.get(f"/ideeen/{idea.id}").get_data(as_text=True)


def _page_with_timeline(make_idea, make_user, entries: int):
    idea, staff = make_idea(), make_user("staff")
    idea_services.support_idea(idea, make_user())
    services.respond_to_idea(idea, staff, status="accepted", explanation="Goedgekeurd.", department_id=_a_department_id(), cost_estimate="100")
    for n in range(entries):
        services.add_milestone(idea, staff, title=f"Mijlpaal {n}", planned_on=date(2027, 1, 1) + timedelta(days=n))
        services.post_update(idea, staff, body=f"Update {n}", progress_percent=min(100, n * 7))
    release_pending_jobs()
    db.session.commit()
    return idea, staff


def _count(client, queries_counter, idea_id: int, entries: int) -> list[str]:
    url = f"/ideeen/{idea_id}"
    db.session.expunge_all()  # a fresh request has none of the test's objects in its session
    with queries_counter() as statements:
        response = client.get(url)
    assert response.status_code == 200
    assert f"Mijlpaal {entries - 1}" in response.get_data(as_text=True)
    return statements


@pytest.mark.parametrize("entries", [1, 15])
@pytest.mark.parametrize("viewer", ["anonymous", "citizen"])
def test_a_long_timeline_keeps_the_idea_page_within_its_query_budget(client, login, make_idea, make_user, queries_counter, entries, viewer):
    idea, _staff = _page_with_timeline(make_idea, make_user, entries)
    if viewer == "citizen":
        login(make_user())
    statements = _count(client, queries_counter, idea.id, entries)
    assert len(statements) <= MAX_QUERIES, "\n\n".join(statements)


def test_staff_see_the_same_number_of_queries_for_a_short_and_a_long_timeline(client, login, make_idea, make_user, queries_counter):
    short, staff = _page_with_timeline(make_idea, make_user, 1)
    long, _ = _page_with_timeline(make_idea, make_user, 15)
    short_id, long_id = short.id, long.id
    login(staff)
    assert len(_count(client, queries_counter, short_id, 1)) == len(_count(client, queries_counter, long_id, 15))
