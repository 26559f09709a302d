"""The ideas package wired into moderation: repeated posts, pre-moderation, tracking, hidden reactions."""
from __future__ import annotations

import pytest

from participation.extensions import db
from participation.ideas import services as idea_services
from participation.moderation import services


@pytest.fixture
def published_idea(make_process, make_user):
    idea = idea_services.submit_idea(make_process(), make_user(), title="Bankjes aan de Leie", description="Om te rusten langs het water.")
    db.session.commit()
    return idea


def test_posting_the_same_idea_twice_is_refused_and_the_form_is_kept(client, login, make_process, make_user):
    process, author = make_process(), make_user()
    login(author)
    data = {"title": "Meer bomen", "description": "Op het Sint-Pietersplein.", "theme_id": "0", "district_id": "0"}
    assert client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data=data).status_code == 302
    response = client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data={**data, "title": "MEER bomen!"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "daarnet al" in page and "Op het Sint-Pietersplein." in page


def test_posting_the_same_reaction_twice_is_refused(client, login, make_user, published_idea):
    login(make_user())
    assert client.post(f"/ideeen/{published_idea.id}/reacties", data={"body": "Goed plan"}).status_code == 302
    response = client.post(f"/ideeen/{published_idea.id}/reacties", data={"body": "goed   plan."})
    assert response.status_code == 422
    assert "daarnet al" in response.get_data(as_text=True)
    assert published_idea.comment_count == 1


def test_an_idea_with_a_listed_word_waits_for_a_moderator_in_a_post_moderated_process(word_list, make_process, make_user):
    idea = idea_services.submit_idea(make_process(moderation_mode="post"), make_user(), title="Die sukkels van de stad", description="Doe iets.")
    assert idea.status == "awaiting_moderation"
    assert services.item_for("idea", idea.id).state == "pending"


def test_an_ordinary_idea_is_published_and_tracked(published_idea):
    assert published_idea.status == "published"
    item = services.item_for("idea", published_idea.id)
    assert item.state == "published" and item.author_id == published_idea.author_id


def test_every_idea_in_a_pre_moderated_process_waits(make_process, make_user):
    idea = idea_services.submit_idea(make_process(moderation_mode="pre"), make_user(), title="Een speeltuin", description="Voor de buurt.")
    assert idea.status == "awaiting_moderation"
    assert services.item_for("idea", idea.id).state == "pending"


def test_a_reaction_is_tracked_and_an_edit_after_a_request_for_changes_resubmits(published_idea, make_user):
    author = make_user()
    comment = idea_services.add_comment(published_idea, author, "Eerste versie")
    item = services.item_for("comment", comment.id)
    assert item.state == "published"
    item.state = "changes_requested"
    db.session.flush()
    idea_services.edit_comment(comment, author, "Tweede versie")
    assert services.item_for("comment", comment.id).state == "pending"


def test_editing_an_idea_tells_moderation(published_idea):
    item = services.item_for("idea", published_idea.id)
    item.state = "changes_requested"
    db.session.flush()
    idea_services.edit_idea(published_idea, published_idea.author, title="Bankjes aan de Leie", description="Met schaduw.")
    assert services.item_for("idea", published_idea.id).state == "pending"


def test_a_reaction_hidden_by_reports_is_replaced_by_a_placeholder(client, make_user, published_idea):
    comment = idea_services.add_comment(published_idea, make_user(), "Iets kwetsends hier")
    for _ in range(3):
        services.report(make_user(), "comment", comment, reason="offensive")
    db.session.commit()
    page = client.get(f"/ideeen/{published_idea.id}").get_data(as_text=True)
    assert "Iets kwetsends hier" not in page
    assert "verborgen door de moderatie" in page


def test_a_signed_in_visitor_can_report_a_reaction_but_not_their_own(app, client, login, make_user, published_idea):
    from tests.conftest import TEST_PASSWORD

    author = make_user()
    comment = idea_services.add_comment(published_idea, author, "Mijn mening")
    db.session.commit()
    report_url = f'href="/melden/comment/{comment.id}"'
    assert report_url not in client.get(f"/ideeen/{published_idea.id}").get_data(as_text=True)  # anonymous
    login(make_user())
    assert report_url in client.get(f"/ideeen/{published_idea.id}").get_data(as_text=True)
    own = app.test_client()
    own.post("/inloggen", data={"email": author.email, "password": TEST_PASSWORD})
    assert report_url not in own.get(f"/ideeen/{published_idea.id}").get_data(as_text=True)  # authors edit or delete


def test_a_hidden_profile_shows_as_hidden_on_the_idea_page(client, make_user, published_idea):
    from participation.moderation.kinds.profile import HIDDEN_NAME

    item = services.ensure_item("profile", published_idea.author)
    item.state = "hidden"
    db.session.commit()
    page = client.get(f"/ideeen/{published_idea.id}").get_data(as_text=True)
    assert published_idea.author.display_name not in page
    assert str(HIDDEN_NAME) in page or "Verborgen profiel" in page
