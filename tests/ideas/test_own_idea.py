"""What an author sees and may do on their own idea: no support button and no report link."""
from __future__ import annotations

import pytest

from participation.extensions import db
from participation.ideas import services


def _page(client, idea) -> str:
    return client.get(f"/ideeen/{idea.id}").get_data(as_text=True)


def test_an_author_has_no_support_button_and_is_told_why(client, make_idea, make_user, login):
    author = make_user()
    idea = make_idea(author=author)
    login(author)
    page = _page(client, idea)
    assert f'/ideeen/{idea.id}/steunen"' not in page
    assert 'id="own-idea-support"' in page


def test_an_author_who_posts_support_anyway_is_refused_with_a_message(client, make_idea, make_user, login):
    author = make_user()
    idea = make_idea(author=author)
    login(author)
    response = client.post(f"/ideeen/{idea.id}/steunen")
    assert response.status_code == 422
    assert "Je schreef dit idee" in response.get_data(as_text=True)
    db.session.refresh(idea)
    assert idea.support_count == 0


def test_an_accepted_coauthor_cannot_support_the_idea_either(make_idea, make_user):
    author, coauthor = make_user(), make_user()
    idea = make_idea(author=author)
    services.invite_coauthor(idea, author, coauthor.email)
    services.accept_coauthor_invitation(idea, coauthor)
    with pytest.raises(services.NotAllowed):
        services.support_idea(idea, coauthor)


def test_someone_else_still_sees_the_support_button_and_the_report_link(client, make_idea, make_user, login):
    idea = make_idea()
    login(make_user())
    page = _page(client, idea)
    assert f'/ideeen/{idea.id}/steunen"' in page and f"/melden/idea/{idea.id}" in page


def test_an_author_sees_no_report_link_on_their_idea_even_when_they_can_no_longer_edit_it(client, make_idea, make_user, login):
    author = make_user()
    idea = make_idea(author=author)
    idea.status = "accepted"  # the city answered: the author cannot edit it any more
    db.session.commit()
    login(author)
    page = _page(client, idea)
    assert f"/melden/idea/{idea.id}" not in page and f"/melden/profile/{author.id}" not in page


def test_the_report_page_sends_an_author_back_to_their_own_idea(client, make_idea, make_user, login):
    author = make_user()
    idea = make_idea(author=author)
    login(author)
    response = client.get(f"/melden/idea/{idea.id}", follow_redirects=True)
    body = response.get_data(as_text=True)
    assert response.request.path == f"/ideeen/{idea.id}"
    assert "Je kunt je eigen bijdrage niet melden" in body and 'name="reason"' not in body
