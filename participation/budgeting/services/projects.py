"""Projects of a round, and their feasibility review by staff or appointed reviewers."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.accounts.models import User
from participation.budgeting.models import FEASIBILITY, BudgetRound, Project, RoundReviewer
from participation.budgeting.outcomes import PROJECT_READY_STATUSES, idea_became_project
from participation.budgeting.services.rules import (
    InvalidProject,
    InvalidRound,
    ballot_count,
    now,
    record_event,
)
from participation.core.images import ALT_WITHOUT_IMAGE
from participation.core.text import clean_plain, clean_rich, fitting
from participation.core.translated import Translations
from participation.extensions import db
from participation.ideas.models import Idea
from participation.processes.models import Process


def ballot_projects(round_: BudgetRound) -> list[Project]:
    return list(db.session.scalars(
        select(Project).where(Project.round_id == round_.id, Project.feasibility == "feasible")
        .options(selectinload(Project.district)).order_by(Project.cost_cents, Project.id)
    ))


def _editable(round_: BudgetRound) -> None:
    if round_.is_imported:
        raise InvalidProject(_l("An imported round cannot be changed."))
    if ballot_count(round_):
        raise InvalidProject(_l("People have voted in this round: its projects can no longer change."))


def accepted_ideas(process: Process) -> list:
    """Ideas of the process that passed the city's review and may become a budget project."""
    return list(db.session.scalars(select(Idea).where(
        Idea.process_id == process.id, Idea.status.in_(PROJECT_READY_STATUSES)).order_by(Idea.title)))


def save_project(project: Project | None, *, round_: BudgetRound, actor: User, title: str, description: str,
                 cost_cents: int, district_id: int | None = None, idea_id: int | None = None,
                 latitude: float | None = None, longitude: float | None = None,
                 image=None, image_alt: str | None = None, translations: Translations | None = None) -> Project:
    _editable(round_)
    title = clean_plain(title)
    if not title:
        raise InvalidProject(_l("Give the project a title."), field="title")
    fitting(title, 160, error=InvalidProject, field="title")
    if cost_cents is None or cost_cents < 0:
        raise InvalidProject(_l("The cost cannot be negative."), field="cost")
    if (latitude is None) != (longitude is None):
        raise InvalidProject(_l("Give both the latitude and the longitude, or neither."), field="latitude")
    if round_.district_id is not None:
        if district_id not in (None, round_.district_id):
            raise InvalidProject(_l("A project in a district round lies in that district."), field="district_id")
        district_id = round_.district_id
    idea = None
    if idea_id and (project is None or project.idea_id != idea_id):
        idea = next((i for i in accepted_ideas(round_.process) if i.id == idea_id), None)
        if idea is None:
            raise InvalidProject(_l("Only accepted ideas of this process can become projects."), field="idea_id")
    alt = fitting(clean_plain(image_alt), 200, error=InvalidProject, field="image_alt")
    if image is not None and not alt:
        raise InvalidProject(_l("Describe the image for people who cannot see it."), field="image_alt")
    if image is None and alt and not (project is not None and project.image_filename):
        raise InvalidProject(ALT_WITHOUT_IMAGE, field="image_alt")
    if project is None:
        project = Project(round_id=round_.id, round=round_)
        db.session.add(project)
    project.title = title
    project.description_source = description or ""
    project.description_html = clean_rich(description)
    project.cost_cents = cost_cents
    project.district_id = district_id
    project.idea_id = idea_id or None
    project.latitude, project.longitude = latitude, longitude
    if translations is not None:
        translations.apply(project)
    if image is not None:
        from participation.core.images import store_image

        project.image_filename = store_image(image)
        project.image_alt = alt
    elif alt:
        project.image_alt = alt  # a new description of the current image
    db.session.flush()
    if idea is not None:
        idea_became_project(project, idea, actor)
    return project


def projects_to_review(user) -> list[tuple[BudgetRound, list[Project]]]:
    """The rounds a person may review (appointed, or every non-imported round for staff) with their projects."""
    if not user.is_authenticated:
        return []
    query = select(BudgetRound).where(BudgetRound.is_imported.is_(False)).options(selectinload(BudgetRound.projects))
    if not user.has_role("staff"):
        query = query.join(RoundReviewer, RoundReviewer.round_id == BudgetRound.id).where(RoundReviewer.user_id == user.id)
    rounds = list(db.session.scalars(query.order_by(BudgetRound.id.desc())))
    return [(round_, list(round_.projects)) for round_ in rounds]


def reviewers_of(round_: BudgetRound) -> list[User]:
    return list(db.session.scalars(
        select(User).join(RoundReviewer, RoundReviewer.user_id == User.id).where(RoundReviewer.round_id == round_.id).order_by(User.display_name)
    ))


def appoint_reviewer(round_: BudgetRound, email: str, actor: User) -> RoundReviewer:
    from participation.accounts.services import find_user_by_email

    user = find_user_by_email(email or "")
    if user is None:
        raise InvalidRound(_l("Nobody has an account with this email address."), field="email")
    existing = db.session.scalar(select(RoundReviewer).where(RoundReviewer.round_id == round_.id, RoundReviewer.user_id == user.id))
    if existing is not None:
        return existing
    reviewer = RoundReviewer(round_id=round_.id, user_id=user.id)
    db.session.add(reviewer)
    record_event(round_, actor, "reviewer", user.email)
    db.session.flush()
    return reviewer


def review_project(project: Project, reviewer: User, *, verdict: str, explanation: str, cost_cents: int,
                   translations: Translations | None = None) -> None:
    _editable(project.round)
    if verdict not in FEASIBILITY or verdict == "pending":
        raise InvalidProject(_l("Choose feasible or not feasible."), field="verdict")
    explanation = clean_plain(explanation, multiline=True)
    if not explanation:
        raise InvalidProject(_l("Explain the decision: everyone can read it."), field="explanation")
    if cost_cents is None or cost_cents < 0:
        raise InvalidProject(_l("The cost cannot be negative."), field="cost")
    project.feasibility = verdict
    project.feasibility_explanation = explanation
    if translations is not None:
        translations.apply(project)
    project.cost_cents = cost_cents
    project.reviewed_by_id = reviewer.id
    project.reviewed_at = now()
    db.session.flush()
