"""Who hears about what happens to an idea, and never twice for one event."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.feedback import services
from participation.ideas.services.announce import idea_audience
from participation.ideas import services as idea_services
from participation.notifications.models import Notification
from participation.notifications.service import opt_out


def told(user, kind: str | None = None) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


@pytest.fixture
def people(make_idea, make_user):
    """An idea with its author, an accepted co-author, a supporter, a follower, a bystander and staff."""
    author, coauthor, supporter, follower, bystander = (make_user() for _ in range(5))
    staff = make_user("staff")
    idea = make_idea(author=author)
    idea_services.invite_coauthor(idea, author, coauthor.email)
    idea_services.accept_coauthor_invitation(idea, coauthor)
    idea_services.support_idea(idea, supporter)
    idea_services.follow_idea(idea, follower)
    return idea, {"author": author, "coauthor": coauthor, "supporter": supporter, "follower": follower,
                  "bystander": bystander, "staff": staff}


def test_the_audience_is_authors_supporters_and_followers(people):
    idea, who = people
    audience = {user.id for user in idea_audience(idea)}
    assert audience == {who[name].id for name in ("author", "coauthor", "supporter", "follower")}


def test_an_official_response_tells_the_audience_but_not_the_staff_member(people, outbox):
    idea, who = people
    services.respond_to_idea(idea, who["staff"], status="accepted", explanation="We doen het in 2027.")
    for name in ("author", "coauthor", "supporter", "follower"):
        notifications = told(who[name], "idea_status")
        assert len(notifications) == 1, name
        assert idea.title in notifications[0].subject and "Aanvaard" in notifications[0].subject
        assert notifications[0].url.endswith(f"/ideeen/{idea.id}#tijdlijn")
    assert told(who["staff"]) == [] and told(who["bystander"]) == []
    mail = outbox(who["supporter"].email)[-1]
    assert "We doen het in 2027." in mail.text_body
    assert "/meldingen/uitschrijven/" in mail.text_body


def test_the_event_key_is_unique_per_status_change_so_telling_again_notifies_nobody_twice(people):
    from participation.ideas.services.announce import status_changed

    idea, who = people
    row = services.respond_to_idea(idea, who["staff"], status="under_review", explanation="We bekijken het.")
    assert status_changed(idea, row, who["staff"]) == 0  # the same event again
    services.respond_to_idea(idea, who["staff"], status="accepted", explanation="Goedgekeurd.")
    assert len(told(who["author"], "idea_status")) == 2


def test_someone_who_unsubscribed_from_status_mails_gets_the_bell_but_no_mail(people, outbox):
    idea, who = people
    opt_out(who["follower"], "idea_status")
    before = len(outbox(who["follower"].email))
    services.respond_to_idea(idea, who["staff"], status="accepted", explanation="Goedgekeurd.")
    assert len(told(who["follower"], "idea_status")) == 1
    assert len(outbox(who["follower"].email)) == before


def test_moderation_moves_do_not_tell_supporters(people, make_user):
    idea, who = people
    idea_services.change_idea_status(idea, "hidden", make_user("moderator"))
    assert told(who["supporter"], "idea_status") == []


def test_an_outcome_from_budgeting_tells_the_audience_with_the_link(people, outbox):
    idea, who = people
    idea_services.record_idea_outcome(idea, "selected_for_vote", who["staff"], "Nu een project in de stemming.", "/burgerbudget/projecten/3")
    assert len(told(who["author"], "idea_status")) == 1
    assert "/burgerbudget/projecten/3" in outbox(who["author"].email)[-1].text_body


def test_progress_updates_and_milestones_tell_the_audience_as_progress(people):
    idea, who = people
    services.respond_to_idea(idea, who["staff"], status="accepted", explanation="Goedgekeurd.")
    services.post_update(idea, who["staff"], body="De werken zijn gestart.", progress_percent=40)
    milestone = services.add_milestone(idea, who["staff"], title="Bomen geplant", planned_on=date(2027, 4, 1))
    services.set_milestone_done(idea, milestone, who["staff"], done=True)
    services.set_milestone_done(idea, milestone, who["staff"], done=False)
    services.set_milestone_done(idea, milestone, who["staff"], done=True)  # reached again: not told twice
    for name in ("author", "coauthor", "supporter", "follower"):
        assert len(told(who[name], "idea_progress")) == 3, name
    assert told(who["staff"], "idea_progress") == []


def test_a_new_reaction_tells_the_author_and_followers_but_not_supporters_or_the_writer(people):
    idea, who = people
    idea_services.add_comment(idea, who["bystander"], "Mooi voorstel!")
    assert len(told(who["author"], "idea_comment")) == 1
    assert len(told(who["follower"], "idea_comment")) == 1
    assert told(who["supporter"], "idea_comment") == []
    assert told(who["bystander"], "idea_comment") == []


def test_a_reply_tells_the_person_replied_to(people):
    idea, who = people
    first = idea_services.add_comment(idea, who["bystander"], "Waar precies?")
    idea_services.add_comment(idea, who["author"], "Aan het station.", parent=first)
    replies = told(who["bystander"], "idea_comment")
    assert len(replies) == 1 and who["author"].display_name in replies[0].subject
    assert len(told(who["follower"], "idea_comment")) == 2  # the reaction and the reply
    assert len(told(who["author"], "idea_comment")) == 1  # only the bystander's reaction, not their own reply
