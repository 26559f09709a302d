"""Every protected idea URL, for every kind of visitor: 302 to login, 403, 404 or allowed."""
from __future__ import annotations

import pytest

from participation.ideas import services

# (method, url template, expectation per visitor: anonymous, citizen, other author's idea..., staff)
# Placeholders: {idea} a published idea by someone else, {own} an idea by the visitor,
# {pending} an idea awaiting moderation by someone else, {slug} its process, {comment} someone else's comment.
CASES = [
    # method, url, anonymous, citizen, moderator, staff
    ("GET", "/trajecten/{slug}/ideeen/nieuw", 302, 200, 200, 200),
    ("POST", "/ideeen/{idea}/steunen", 302, 302, 302, 302),
    ("POST", "/ideeen/{idea}/steun-intrekken", 302, 422, 422, 422),
    ("POST", "/ideeen/{idea}/volgen", 302, 302, 302, 302),
    ("POST", "/ideeen/{idea}/niet-meer-volgen", 302, 302, 302, 302),
    ("POST", "/trajecten/{slug}/volgen", 302, 302, 302, 302),
    ("POST", "/trajecten/{slug}/niet-meer-volgen", 302, 302, 302, 302),
    ("GET", "/ideeen/{idea}/bewerken", 302, 403, 403, 403),
    ("POST", "/ideeen/{idea}/bewerken", 302, 403, 403, 403),
    ("POST", "/ideeen/{idea}/mede-auteurs", 302, 403, 403, 403),
    ("GET", "/ideeen/{idea}/versies", 302, 403, 200, 200),
    ("GET", "/reacties/{comment}/bewerken", 302, 403, 403, 403),
    ("POST", "/reacties/{comment}/verwijderen", 302, 403, 403, 403),
    ("GET", "/beheer/trajecten/{slug}/ideeen/offline", 302, 403, 403, 200),
    ("GET", "/ideeen/{pending}", 404, 404, 200, 200),
    ("POST", "/ideeen/{pending}/steunen", 302, 404, 422, 422),
    ("POST", "/ideeen/{pending}/reacties", 302, 404, 403, 403),
    ("GET", "/ideeen/{draft_idea}", 404, 404, 404, 200),
    ("GET", "/trajecten/{draft_slug}/ideeen", 404, 404, 404, 200),
    ("GET", "/ideeen/999999", 404, 404, 404, 404),
    ("GET", "/ideeen/{own}/bewerken", 302, 200, 200, 200),
]
VISITORS = ["anonymous", "citizen", "moderator", "staff"]


@pytest.fixture
def world(make_process, make_user, make_idea):
    stranger = make_user()
    process = make_process(moderation_mode="post", author=stranger)
    pre = make_process(moderation_mode="pre", author=stranger)
    idea = make_idea(process, stranger)
    pending = make_idea(pre, stranger)
    draft = make_process(status="draft", author=stranger)
    # Drafts refuse submissions, so build the row directly.
    from participation.extensions import db
    from participation.ideas.models import Idea

    hidden_draft_idea = Idea(process=draft, author=stranger, title="Concept", status="published", search_text="concept")
    db.session.add(hidden_draft_idea)
    comment = services.add_comment(idea, stranger, "Van iemand anders")
    db.session.flush()
    return {"process": process, "idea": idea, "pending": pending, "draft": draft, "draft_idea": hidden_draft_idea, "comment": comment}


FLAT = [(method, url, visitor, expected[i]) for method, url, *expected in CASES for i, visitor in enumerate(VISITORS)]


@pytest.mark.parametrize("method, url, visitor, expected", FLAT, ids=[f"{m} {u} as {v}" for m, u, v, _ in FLAT])
def test_who_may_open_each_idea_url(client, login, make_user, make_idea, world, method, url, visitor, expected):
    user = None
    if visitor != "anonymous":
        user = make_user(visitor)
        login(user)
    own = make_idea(world["process"], user) if user else world["idea"]
    target = url.format(
        slug=world["process"].slug, idea=world["idea"].id, pending=world["pending"].id, comment=world["comment"].id,
        draft_idea=world["draft_idea"].id, draft_slug=world["draft"].slug, own=own.id,
    )
    response = client.open(target, method=method, data={"body": "x", "email": "a@b.be"})
    assert response.status_code == expected, response.get_data(as_text=True)[:500]
    if expected == 302 and visitor == "anonymous":
        assert "/inloggen" in response.headers["Location"]
