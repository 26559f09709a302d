"""The idea and comment adapters: moderation decisions reach the ideas package through its status service."""
from __future__ import annotations

import pytest

from participation.extensions import db
from participation.ideas import services as idea_services
from participation.moderation import services


@pytest.fixture
def submit_idea(make_user, make_process):
    def submit(moderation_mode="post", author=None, title="Een zitbank aan de Coupure"):
        process = make_process(moderation_mode=moderation_mode)
        idea = idea_services.submit_idea(process, author or make_user(), title=title, description="Om even te rusten langs het water.")
        db.session.commit()
        return idea

    return submit


def test_a_pre_moderated_idea_enters_the_queue_and_approval_publishes_it(submit_idea, moderator, outbox):
    idea = submit_idea("pre")
    assert idea.status == "awaiting_moderation"
    services.sync_pending()  # submit_idea already queued it (track_contribution); syncing adds nothing twice
    item = services.item_for("idea", idea.id)
    assert item.state == "pending" and item.needs_review
    services.decide(moderator, item, "approve", reason="Welkom!")
    assert idea.status == "published"
    assert outbox(idea.author.email)[-1].kind == "moderation_decision"


def test_reports_hide_a_published_idea_and_a_moderator_restores_it(submit_idea, make_user, moderator):
    idea = submit_idea()
    for _ in range(3):
        services.report(make_user(), "idea", idea, reason="off_topic")
    assert idea.status == "hidden"
    services.decide(moderator, services.item_for("idea", idea.id), "restore", reason="On topic after all.")
    assert idea.status == "published"


def test_a_hidden_comment_is_left_out_of_the_page(submit_idea, make_user, moderator, client):
    idea = submit_idea()
    comment = idea_services.add_comment(idea, make_user(), "Slecht idee, bel me op 0470 12 34 56")
    db.session.commit()
    services.report(make_user(), "comment", comment, reason="personal_data")
    item = services.item_for("comment", comment.id)
    assert item.process_id == idea.process_id
    services.decide(moderator, item, "hide", reason="Telefoonnummer.")
    assert services.hidden_object_ids("comment", [comment.id]) == {comment.id}
    services.decide(moderator, item, "restore", reason="Nummer was van de stad.")
    assert services.hidden_object_ids("comment", [comment.id]) == set()


def test_the_moderation_page_of_an_idea_links_to_it_in_context(submit_idea, make_user, moderator, client, login):
    idea = submit_idea()
    services.report(make_user(), "idea", idea, reason="spam")
    db.session.commit()
    login(moderator)
    page = client.get(f"/moderatie/items/{services.item_for('idea', idea.id).id}").get_data(as_text=True)
    assert f"/ideeen/{idea.id}" in page and "Een zitbank aan de Coupure" in page
