"""Budget projects from ideas: the idea's timeline continues and the people behind it are told."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from participation.budgeting import eligibility, results, services
from participation.budgeting.services.voting import _store_ballot
from participation.extensions import db
from participation.ideas import states
from participation.ideas.models import IdeaCoauthor, IdeaFollow, IdeaStatusChange
from participation.ideas.services import submit_idea
from participation.ideas.services.status import change_idea_status
from participation.notifications.models import Notification
from tests.budgeting.conftest import national_number

TODAY = date.today()
PHASES_OPEN = (("ideation", -40, -21), ("voting", -1, 10))
PHASES_CLOSED = (("ideation", -40, -21), ("voting", -10, -1))


@pytest.fixture
def make_accepted_idea(make_user):
    def make(process, title, *, author=None, status=states.ACCEPTED):
        author = author or make_user()
        idea = submit_idea(process, author, title=title, description=f"{title}: uitleg.", today=TODAY - timedelta(days=30))
        if status != idea.status:
            change_idea_status(idea, status, make_user("staff"), "Past in de begroting.")
        db.session.commit()
        return idea

    return make


def notifications_for(user, prefix: str = "budget:") -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id, Notification.event_key.startswith(prefix))))


def test_a_project_from_an_accepted_idea_continues_its_timeline_and_tells_its_authors(make_process, make_round, make_user, make_accepted_idea):
    process = make_process(phases=PHASES_OPEN)
    round_ = make_round(process=process, status="draft")
    author, coauthor, invited, staff = make_user(), make_user(), make_user(), make_user("staff")
    idea = make_accepted_idea(process, "Een buurtmoestuin", author=author)
    db.session.add_all([IdeaCoauthor(idea_id=idea.id, email=coauthor.email, user_id=coauthor.id, accepted_at=idea.created_at),
                        IdeaCoauthor(idea_id=idea.id, email=invited.email, user_id=invited.id)])  # never accepted
    db.session.flush()

    project = services.save_project(None, round_=round_, actor=staff, title="Buurtmoestuin", description="", cost_cents=30_000_00, idea_id=idea.id)

    # The accepted idea is now selected for the vote; its timeline continues with an entry that links to the project.
    assert idea.status == states.SELECTED_FOR_VOTE
    entry = idea.status_changes[-1]
    assert (entry.from_status, entry.to_status) == (states.ACCEPTED, states.SELECTED_FOR_VOTE)
    assert entry.link_url == f"/stemronden/{round_.id}#project-{project.id}" and "Buurtmoestuin" in entry.note
    assert [n.url for n in notifications_for(author)] == [entry.link_url]
    assert len(notifications_for(coauthor)) == 1 and notifications_for(invited) == [] and notifications_for(staff) == []
    # Saving the project again (same idea) writes nothing new.
    services.save_project(project, round_=round_, actor=staff, title="Buurtmoestuin", description="Nieuw", cost_cents=31_000_00, idea_id=idea.id)
    assert len(idea.status_changes) == 3 and len(notifications_for(author)) == 1  # published, accepted, the project


def test_an_idea_already_further_along_keeps_its_status_and_gets_a_timeline_entry(make_process, make_round, make_user, make_accepted_idea):
    process = make_process(phases=PHASES_OPEN)
    round_ = make_round(process=process, status="draft")
    idea = make_accepted_idea(process, "Al geselecteerd", status=states.SELECTED_FOR_VOTE)
    before = len(idea.status_changes)
    services.save_project(None, round_=round_, actor=make_user("staff"), title="Project", description="", cost_cents=1_00, idea_id=idea.id)
    assert idea.status == states.SELECTED_FOR_VOTE and len(idea.status_changes) == before + 1


def test_only_ideas_that_passed_review_become_projects(make_process, make_round, make_user, make_accepted_idea):
    process = make_process(phases=PHASES_OPEN)
    round_ = make_round(process=process, status="draft")
    idea = make_accepted_idea(process, "Nog niet beoordeeld", status=states.UNDER_REVIEW)
    with pytest.raises(services.InvalidProject, match="Only accepted ideas"):
        services.save_project(None, round_=round_, actor=make_user("staff"), title="X", description="", cost_cents=1_00, idea_id=idea.id)
    assert idea.status == states.UNDER_REVIEW and notifications_for(idea.author) == []


def test_published_results_tell_the_people_behind_winning_ideas_once_per_round(make_process, make_round, make_user, make_accepted_idea, add_to_census):
    process = make_process(phases=PHASES_CLOSED)
    round_ = make_round(process=process, projects=(), status="draft")
    staff = make_user("staff")
    winner_author, loser_author, follower = make_user(), make_user(), make_user()
    winner = make_accepted_idea(process, "Bankjes op het plein", author=winner_author)
    loser = make_accepted_idea(process, "Een zwembad", author=loser_author)
    db.session.add(IdeaFollow(idea_id=winner.id, user_id=follower.id))
    projects = {}
    for idea, cost in ((winner, 20_000_00), (loser, 90_000_00)):
        project = services.save_project(None, round_=round_, actor=staff, title=idea.title, description="", cost_cents=cost, idea_id=idea.id)
        services.review_project(project, staff, verdict="feasible", explanation="Kan.", cost_cents=cost)
        projects[idea.id] = project.id
    services.change_round_status(round_, "published", staff)
    for n in range(3):
        key = eligibility.identity_key(round_.id, "national_number", national_number=add_to_census(round_, 900 + n))
        _store_ballot(round_, key, {projects[winner.id]: 1}, "paper")
    db.session.commit()

    results.publish_results(round_, "greedy", staff, TODAY)
    results_url = f"/stemronden/{round_.id}/resultaten"
    assert [n.url for n in notifications_for(winner_author, f"budget:round:{round_.id}:")] == [results_url]
    assert len(notifications_for(follower)) == 1
    assert notifications_for(loser_author, f"budget:round:{round_.id}:") == []
    assert "is funded" in winner.status_changes[-1].note or "gefinancierd" in winner.status_changes[-1].note
    assert loser.status_changes[-1].link_url == results_url and loser.status == states.SELECTED_FOR_VOTE  # it went to the vote; the entry says it lost

    # Publishing again with the other rule: no second timeline entry, nobody told twice.
    results.publish_results(round_, "mes", staff, TODAY)
    entries = db.session.scalar(select(func.count(IdeaStatusChange.id)).where(IdeaStatusChange.link_url == results_url))
    assert entries == 2
    assert len(notifications_for(winner_author, f"budget:round:{round_.id}:")) == 1 and len(notifications_for(follower)) == 1
