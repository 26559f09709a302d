"""What budgeting tells the ideas its projects came from: their timeline and the people behind them.

- idea_became_project(): a project is created from an idea (or linked to one). The idea moves to
  "selected for vote" when its lifecycle allows it, its timeline gets an entry linking to the project,
  and its author and co-authors are notified (kind "budget").
- tell_winning_ideas(): results are published. Every idea behind a project on the ballot gets a timeline
  entry (funded or not), and the authors, co-authors and followers of ideas whose project won are
  notified. Both are idempotent per round: publishing again (another rule) adds no second entry and
  tells nobody twice.

Timeline notes are stored text, so they are written in the platform's default language; notifications
are rendered in each recipient's own language by notify().
"""
from __future__ import annotations

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.accounts.models import User
from participation.budgeting.models import BudgetRound, Project
from participation.extensions import db
from participation.ideas import states
from participation.ideas.models import Idea, IdeaCoauthor, IdeaFollow, IdeaStatusChange
from participation.ideas.services.status import record_idea_outcome
from participation.notifications.service import notify

# Ideas that passed the city's review and may become a budget project.
PROJECT_READY_STATUSES = (states.ACCEPTED, states.SELECTED_FOR_VOTE)


def _path(endpoint: str, **values) -> str:
    """The URL path of a page, also outside a request (a CLI command or the demo seed)."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)


def project_url(project: Project) -> str:
    return _path("budgeting.round_detail", round_id=project.round_id) + f"#project-{project.id}"


def _note(message) -> str:
    """A lazy message as stored text, in the platform's default language."""
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "nl")):
        return str(message)


def _authors(ideas: list[Idea]) -> dict[int, list[User]]:
    """Per idea: its author and accepted co-authors (two queries for any number of ideas)."""
    ids = [idea.id for idea in ideas]
    people: dict[int, list[User]] = {idea_id: [] for idea_id in ids}
    if ids:
        author_ids = {idea.author_id for idea in ideas if idea.author_id}
        for user in db.session.scalars(select(User).where(User.id.in_(author_ids))):
            for idea in ideas:
                if idea.author_id == user.id:
                    people[idea.id].append(user)
        rows = db.session.execute(
            select(IdeaCoauthor.idea_id, User).join(User, User.id == IdeaCoauthor.user_id)
            .where(IdeaCoauthor.idea_id.in_(ids), IdeaCoauthor.accepted_at.isnot(None))
        ).all()
        for idea_id, user in rows:
            people[idea_id].append(user)
    return people


def _followers(ideas: list[Idea]) -> dict[int, list[User]]:
    ids = [idea.id for idea in ideas]
    people: dict[int, list[User]] = {idea_id: [] for idea_id in ids}
    if ids:
        for idea_id, user in db.session.execute(
            select(IdeaFollow.idea_id, User).join(User, User.id == IdeaFollow.user_id).where(IdeaFollow.idea_id.in_(ids))
        ).all():
            people[idea_id].append(user)
    return people


def idea_became_project(project: Project, idea: Idea, actor: User | None) -> None:
    """The idea's timeline continues with the project, and its author and co-authors hear of it."""
    url = project_url(project)
    round_ = project.round
    record_idea_outcome(
        idea, states.SELECTED_FOR_VOTE, actor,
        _note(_l("This idea became the project “%(project)s” in the budget vote “%(round)s”.",
                 project=project.title, round=round_.title)),
        link_url=url,
    )
    notify(
        event_key=f"budget:project:{project.id}:from-idea:{idea.id}",
        recipients=_authors([idea])[idea.id],
        kind="budget",
        subject=_l("Your idea “%(title)s” is now a project in the budget vote “%(round)s”"),
        url=url,
        actor=actor,
        title=idea.title,
        round=round_.title,
    )


def tell_winning_ideas(round_: BudgetRound, selected_project_ids: list[int], actor: User | None) -> None:
    """After results are published: timeline entries for every idea on the ballot, notifications for the winners."""
    if round_.is_imported:
        return
    rows = db.session.execute(
        select(Project, Idea).join(Idea, Idea.id == Project.idea_id)
        .where(Project.round_id == round_.id, Project.feasibility == "feasible")
    ).all()
    if not rows:
        return
    results_url = _path("budgeting.results_page", round_id=round_.id)
    ideas = [idea for _project, idea in rows]
    already = set(db.session.scalars(
        select(IdeaStatusChange.idea_id).where(IdeaStatusChange.idea_id.in_([i.id for i in ideas]),
                                               IdeaStatusChange.link_url == results_url)
    ))
    selected = set(selected_project_ids)
    winners = [(project, idea) for project, idea in rows if project.id in selected]
    for project, idea in rows:
        if idea.id in already:
            continue
        values = {"project": project.title, "round": round_.title}
        message = (_l("The project “%(project)s” from this idea is funded in the budget vote “%(round)s”.", **values)
                   if project.id in selected else
                   _l("The project “%(project)s” from this idea was not funded in the budget vote “%(round)s”.", **values))
        record_idea_outcome(idea, idea.status, actor, _note(message), link_url=results_url)
    authors = _authors([idea for _project, idea in winners])
    followers = _followers([idea for _project, idea in winners])
    for project, idea in winners:
        notify(
            event_key=f"budget:round:{round_.id}:results:idea:{idea.id}",
            recipients=[*authors[idea.id], *followers[idea.id]],
            kind="budget",
            subject=_l("The project from the idea “%(title)s” is funded in “%(round)s”"),
            url=results_url,
            actor=actor,
            title=idea.title,
            round=round_.title,
        )
