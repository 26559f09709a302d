"""Every outcome URL, for every kind of visitor: 302 to the login page, 403, 404 or allowed."""
from __future__ import annotations

import pytest

from participation.extensions import db
from participation.outcomes import services

# method, url, anonymous, citizen, moderator, staff, admin
# Placeholders: {slug} a published process, {draft_slug} a draft process, {id} the published process's id,
# {with_report} a process with a draft closing report, {missing} a process id that does not exist.
CASES = [
    ("GET", "/trajecten/{slug}/resultaten", 200, 200, 200, 200, 200),
    ("GET", "/trajecten/{draft_slug}/resultaten", 404, 404, 404, 200, 200),
    ("GET", "/trajecten/bestaat-niet/resultaten", 404, 404, 404, 404, 404),
    ("GET", "/mijn-inspraak", 302, 200, 200, 200, 200),
    ("GET", "/beheer/opvolging", 302, 403, 403, 200, 200),
    ("GET", "/beheer/trajecten/{id}/eindverslag", 302, 403, 403, 200, 200),
    ("POST", "/beheer/trajecten/{id}/eindverslag", 302, 403, 403, 302, 302),
    ("GET", "/beheer/trajecten/{missing}/eindverslag", 302, 403, 403, 404, 404),
    ("POST", "/beheer/trajecten/{with_report}/eindverslag/publiceren", 302, 403, 403, 302, 302),
    ("POST", "/beheer/trajecten/{with_report}/eindverslag/intrekken", 302, 403, 403, 302, 302),
    ("POST", "/beheer/trajecten/{id}/eindverslag/publiceren", 302, 403, 403, 404, 404),  # no report yet
    ("GET", "/beheer/trajecten/{with_report}/eindverslag/publiceren", 405, 405, 405, 405, 405),
]
VISITORS = ["anonymous", "citizen", "moderator", "staff", "admin"]
FLAT = [(method, url, visitor, expected[i]) for method, url, *expected in CASES for i, visitor in enumerate(VISITORS)]


@pytest.fixture
def world(make_process, make_user):
    staff = make_user("staff")
    process = make_process()
    draft = make_process(status="draft", phases=())
    with_report = make_process()
    services.save_report(with_report, staff, title="Eindverslag", body="Wat we deden.")
    db.session.commit()
    return {
        "slug": process.slug, "draft_slug": draft.slug, "id": process.id,
        "with_report": with_report.id, "missing": 999_999,
    }


@pytest.mark.parametrize("method, url, visitor, expected", FLAT, ids=[f"{m} {u} as {v}" for m, u, v, _ in FLAT])
def test_who_may_open_each_outcome_url(client, login, make_user, world, method, url, visitor, expected):
    if visitor != "anonymous":
        login(make_user(visitor))
    address = url.format(**world)
    data = {"title": "Titel", "body": "Tekst"} if method == "POST" else None
    response = client.open(address, method=method, data=data)
    assert response.status_code == expected
    if expected == 302 and visitor == "anonymous":
        assert "/inloggen" in response.headers["Location"]


@pytest.mark.parametrize(
    "visitor, sees_mine, sees_dashboard",
    [("anonymous", False, False), ("citizen", True, False), ("moderator", True, False), ("staff", True, True)],
)
def test_the_main_menu_links_to_my_participation_and_the_dashboard(client, login, make_user, visitor, sees_mine, sees_dashboard):
    if visitor != "anonymous":
        login(make_user(visitor))
    html = client.get("/").get_data(as_text=True)
    assert ('href="/mijn-inspraak"' in html) is sees_mine
    assert ('href="/beheer/opvolging"' in html) is sees_dashboard
