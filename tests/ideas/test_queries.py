"""The list and detail pages issue a fixed, small number of SQL queries whatever the amount of data.

Counted with a cold page cache (the first visit) and with nothing left in the session from the test's
own setup, as a fresh request in production has: the signed-in visitor's user row is counted too.
A cached anonymous page (the second visit) needs none.
"""
from __future__ import annotations

import pytest

from participation.core.jobs import release_pending_jobs
from participation.extensions import db
from participation.ideas import services

MAX_QUERIES = 8


def _get(client, queries_counter, url: str, signed_in: bool):
    db.session.expunge_all()  # the test's own objects would spare the request its queries
    with queries_counter() as statements:
        response = client.get(url)
    assert response.status_code == 200
    assert response.headers.get("X-Page-Cache") == (None if signed_in else "miss")
    print(url, len(statements))
    return list(statements)


def _fill(process, make_idea, make_user, count: int):
    people = [make_user() for _ in range(3)]
    ideas = []
    for n in range(count):
        idea = make_idea(process, people[n % 3], title=f"Idee nummer {n}", latitude=51.05, longitude=3.72)
        for person in people:
            if person.id != idea.author_id:
                services.support_idea(idea, person)
        first = services.add_comment(idea, people[0], f"Goed {n}")
        services.add_comment(idea, people[1], f"Eens {n}", parent=first)
        services.invite_coauthor(idea, idea.author, f"co{n}@example.be")
        services.edit_idea(idea, idea.author, title=f"Idee {n} (bijgewerkt)", description="Nieuwe tekst", latitude=51.05, longitude=3.72)
        ideas.append(idea)
    release_pending_jobs()  # the invitation mails, so the first request does not deliver them
    return people, ideas


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("size", [2, 25])
def test_the_idea_list_needs_at_most_8_queries(client, login, make_process, make_idea, make_user, queries_counter, size, signed_in):
    process = make_process()
    people, _ideas = _fill(process, make_idea, make_user, size)
    if signed_in:
        login(people[0])
    slug = process.slug
    for url in (f"/trajecten/{slug}/ideeen", "/ideeen?sort=supported", f"/trajecten/{slug}/ideeen?sort=random&q=idee&page=2",
                f"/ideeen?sort=discussed&q=idee&theme=1&district=1"):
        statements = _get(client, queries_counter, url, signed_in)
        assert len(statements) <= MAX_QUERIES, "\n\n".join(statements)
        if not signed_in:
            assert _get_warm(client, queries_counter, url) == []


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("size", [1, 12])
def test_the_idea_page_needs_at_most_8_queries(client, login, make_process, make_idea, make_user, queries_counter, size, signed_in):
    process = make_process()
    people, ideas = _fill(process, make_idea, make_user, size)
    for n in range(size):
        services.add_comment(ideas[0], people[n % 3], f"Nog een reactie {n}")
    release_pending_jobs()  # the reactions' notification mails, so the counted request does not deliver them
    for idea in ideas[:2]:
        services.accept_coauthor_invitation(idea, make_user(email=idea.coauthors[0].email))
    db.session.commit()
    if signed_in:
        login(people[1])
    url = f"/ideeen/{ideas[0].id}"
    statements = _get(client, queries_counter, url, signed_in)
    assert len(statements) <= MAX_QUERIES, "\n\n".join(statements)
    if not signed_in:
        assert _get_warm(client, queries_counter, url) == []


def _get_warm(client, queries_counter, url: str) -> list:
    with queries_counter() as statements:
        response = client.get(url)
    assert response.status_code == 200
    assert response.headers["X-Page-Cache"] == "hit"
    return list(statements)


def test_the_geojson_feed_is_one_query(client, make_process, make_idea, make_user, queries_counter):
    process = make_process()
    _fill(process, make_idea, make_user, 5)
    url = f"/ideeen.geojson?process={process.slug}"
    with queries_counter() as statements:
        data = client.get(url).get_json()
    assert len(data["features"]) == 5
    assert len(statements) <= 2  # the process, then the ideas
