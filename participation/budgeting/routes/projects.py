"""Staff managing projects, and the feasibility review by appointed reviewers."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.budgeting import bp, services
from participation.budgeting.forms import ProjectForm, ReviewForm
from participation.budgeting.models import BudgetRound, Project
from participation.budgeting.permissions import can_manage_rounds, can_review_feasibility
from participation.budgeting.routes.loading import district_choices, load_project, load_round, require
from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import show_domain_error
from participation.core.inputs import db_int
from participation.core.transactions import all_or_nothing
from participation.extensions import db


def _fill_project_choices(form: ProjectForm, round_: BudgetRound, project: Project | None = None) -> None:
    district_choices(form.district_id, _("No district"), project.district_id if project else None)
    form.idea_id.choices = [(0, _("None"))] + [(idea.id, idea.title) for idea in services.accepted_ideas(round_.process)]


def _save_project(form: ProjectForm, project: Project | None, round_: BudgetRound) -> Project:
    image = form.image.data if form.image.data and getattr(form.image.data, "filename", "") else None
    with all_or_nothing():
        return services.save_project(
            project, round_=round_, actor=current_user, title=form.title.data, description=form.description.data or "",
            cost_cents=form.cost.data, district_id=form.district_id.data or None,
            idea_id=form.idea_id.data or None,
            latitude=float(form.latitude.data) if form.latitude.data is not None else None,
            longitude=float(form.longitude.data) if form.longitude.data is not None else None,
            image=image.stream if image else None, image_alt=form.image_alt.data, translations=form.translations(),
        )


@bp.route("/beheer/stemronden/<int:round_id>/projecten/nieuw", methods=["GET", "POST"])
@role_required("staff")
def create_project(round_id: int):
    round_ = load_round(round_id)
    form = ProjectForm()
    _fill_project_choices(form, round_)
    if request.method == "GET" and request.args.get("idea", type=db_int):
        idea = next((i for i in services.accepted_ideas(round_.process) if i.id == request.args.get("idea", type=db_int)), None)
        if idea is not None:
            form.idea_id.data, form.title.data = idea.id, idea.title
            form.description.data, form.district_id.data = idea.description_source, idea.district_id or 0
    if form.validate_on_submit():
        try:
            _save_project(form, None, round_)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The project is added. It appears on the ballot once it is reviewed as feasible."), "success")
            return redirect(url_for("budgeting.edit_round", round_id=round_.id) + "#projecten")
    return render_template("budgeting/project_form.html", form=form, round=round_, project=None), 200 if not form.errors else 422


@bp.route("/beheer/projecten/<int:project_id>", methods=["GET", "POST"])
@role_required("staff")
def edit_project(project_id: int):
    project = load_project(project_id)
    round_ = project.round
    form = ProjectForm(obj=project)
    _fill_project_choices(form, round_, project)
    if request.method == "GET":
        form.description.data = project.description_source
        form.cost.data = project.cost_cents
        form.district_id.data = project.district_id or 0
        form.idea_id.data = project.idea_id or 0
        form.fill_translations(project)
    if form.validate_on_submit():
        try:
            _save_project(form, project, round_)
        except DomainError as error:
            db.session.refresh(project)
            show_domain_error(form, error)
        else:
            flash(_("The project is saved."), "success")
            return redirect(url_for("budgeting.edit_round", round_id=round_.id) + "#projecten")
    return render_template("budgeting/project_form.html", form=form, round=round_, project=project), 200 if not form.errors else 422


@bp.get("/beheer/haalbaarheid")
@login_required
def review_queue():
    """Where appointed reviewers (and staff) find the projects to review, draft rounds included."""
    rounds_ = services.projects_to_review(current_user)
    require(bool(rounds_) or can_manage_rounds(current_user))
    return render_template("budgeting/review_queue.html", rounds=rounds_)


@bp.route("/beheer/projecten/<int:project_id>/haalbaarheid", methods=["GET", "POST"])
@login_required
def review(project_id: int):
    project = load_project(project_id)
    require(can_review_feasibility(current_user, project.round))
    form = ReviewForm(obj=project)
    if request.method == "GET":
        form.cost.data = project.cost_cents
        form.explanation.data = project.feasibility_explanation
        form.verdict.data = project.feasibility if project.feasibility != "pending" else None
        form.fill_translations(project)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.review_project(project, current_user, verdict=form.verdict.data,
                                        explanation=form.explanation.data, cost_cents=form.cost.data,
                                        translations=form.translations())
        except DomainError as error:
            db.session.refresh(project)
            show_domain_error(form, error)
        else:
            flash(_("The feasibility review is saved."), "success")
            return redirect(url_for("budgeting.review_queue") + f"#round-{project.round_id}")
    return render_template("budgeting/review.html", form=form, project=project, round=project.round), 200 if not form.errors else 422
