"""Staff pages for the city's feedback. Thin: load or 404, staff only (403), validate, call one service."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_currency, get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import ActionForm, show_domain_error
from participation.core.inputs import db_int
from participation.core.transactions import all_or_nothing, perform_action
from participation.extensions import db
from participation.feedback import bp, services
from participation.feedback.forms import (
    AnswerTemplateForm,
    AssignForm,
    BulkResponseForm,
    MilestoneForm,
    ResponseForm,
    UpdateForm,
)
from participation.feedback.models import AnswerTemplate
from participation.feedback.permissions import can_respond, can_track_progress
from participation.ideas import queries as idea_queries
from participation.ideas import states
from participation.ideas.labels import STATUS_LABELS
from participation.ideas.models import Idea, IdeaStatusChange
from participation.ideas.services import allowed_next_statuses
from participation.processes.models import Process

BULK_PER_PAGE = 100


@bp.app_template_global()
def format_cost(cents: int | None) -> str:
    """A cost estimate in the reader's language: € 12.500,00 / 12 500,00 € / €12,500.00."""
    if cents is None:
        return ""
    return format_currency(cents / 100, "EUR")


@bp.app_context_processor
def feedback_helpers() -> dict:
    return {"can_respond": can_respond, "can_track_progress": can_track_progress, "idea_tracked_statuses": states.TRACKED_STATUSES}


# --- Loading -------------------------------------------------------------------------------------


def _load_idea(idea_id: int) -> Idea:
    idea = idea_queries.get_idea_for_page(idea_id)
    if idea is None:
        abort(404)
    return idea


def _locale() -> str:
    return str(get_locale() or "nl")


def _status_choices(idea: Idea | None) -> list[tuple[str, str]]:
    """The allowed next steps first (for one idea), then nothing else: the service explains any other."""
    statuses = allowed_next_statuses(idea, states.RESPONSE_STATUSES) if idea is not None else states.RESPONSE_STATUSES
    return [("", _("Choose…"))] + [(status, str(STATUS_LABELS[status])) for status in statuses]


def _fill_response_choices(form, idea: Idea | None) -> list[AnswerTemplate]:
    templates = services.answer_templates()
    form.status.choices = _status_choices(idea)
    current = idea.department_id if idea is not None else None
    form.department_id.choices = [("", _("No department"))] + [(d.id, d.name(_locale())) for d in services.departments(current)]
    form.template_id.choices = [("", _("No template"))] + [(t.id, t.name) for t in templates]
    return templates


def _apply_template(form) -> bool:
    """The "use this template" button: put the template's text in the explanation and show the form again."""
    if not form.use_template.data:
        return False
    template = db.session.get(AnswerTemplate, form.template_id.data) if form.template_id.data else None
    if template is None:
        form.template_id.errors = [_("Choose a template first.")]
    else:
        form.explanation.data = template.body(form.original_language.data or _locale())
        form.explanation.raw_data = [form.explanation.data]
        for language in form.translation_languages():  # the template's own translations, where it has them
            copy = form[f"explanation_{language}"]
            copy.data = getattr(template, f"body_{language}", "") or ""
            copy.raw_data = [copy.data]
    return True


# --- One idea: the official response and the assignment -------------------------------------------


def _render_respond(idea: Idea, form: ResponseForm, assign_form: AssignForm, status: int = 200):
    return render_template(
        "feedback/respond.html",
        idea=idea,
        form=form,
        assign_form=assign_form,
        allowed=allowed_next_statuses(idea, states.RESPONSE_STATUSES),
    ), status


def _assign_form(idea: Idea, formdata=None) -> AssignForm:
    form = AssignForm(formdata=formdata, data={"department_id": idea.department_id, "assignee_id": idea.assignee_id})
    form.department_id.choices = [("", _("No department"))] + [(d.id, d.name(_locale())) for d in services.departments(idea.department_id)]
    form.assignee_id.choices = [("", _("Nobody"))] + [(u.id, u.display_name) for u in services.staff_members()]
    return form


@bp.route("/ideeen/<int:idea_id>/antwoord", methods=["GET", "POST"])
@role_required("staff")
def respond(idea_id: int):
    idea = _load_idea(idea_id)
    form = ResponseForm(data={"department_id": idea.department_id})
    _fill_response_choices(form, idea)
    if request.method == "POST":
        if _apply_template(form):
            return _render_respond(idea, form, _assign_form(idea))
        if form.validate_on_submit():
            try:
                with all_or_nothing():
                    row = services.respond_to_idea(
                        idea, current_user, status=form.status.data or "", explanation=form.explanation.data or "",
                        cost_estimate=form.cost_estimate.data, department_id=form.department_id.data,
                        merged_into_id=form.merged_into_id.data, translations=form.translations(),
                    )
            except DomainError as error:
                show_domain_error(form, error)
            else:
                flash(_("The response is published: the idea is now “%(status)s”.", status=STATUS_LABELS[row.to_status]), "success")
                return redirect(url_for("ideas.detail", idea_id=idea.id, _anchor="tijdlijn"))
        db.session.expire(idea)
        return _render_respond(_load_idea(idea_id), form, _assign_form(idea), 422)
    return _render_respond(idea, form, _assign_form(idea))


@bp.post("/ideeen/<int:idea_id>/toewijzen")
@role_required("staff")
def assign(idea_id: int):
    idea = _load_idea(idea_id)
    form = _assign_form(idea, formdata=request.form)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.assign_idea(idea, current_user, department_id=form.department_id.data, assignee_id=form.assignee_id.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The assignment is saved."), "success")
            return redirect(url_for("feedback.respond", idea_id=idea.id))
    response_form = ResponseForm(formdata=None)
    _fill_response_choices(response_form, idea)
    return _render_respond(idea, response_form, form, 422)


# --- Many ideas at once ---------------------------------------------------------------------------


def _bulk_page(process: Process, status_filter: str | None, page: int):
    statuses = (status_filter,) if status_filter in states.PUBLIC_STATUSES else states.PUBLIC_STATUSES
    statement = select(Idea).where(Idea.process_id == process.id, Idea.status.in_(statuses))
    return db.paginate(statement.order_by(Idea.created_at, Idea.id), page=page, per_page=BULK_PER_PAGE, error_out=False)


@bp.route("/trajecten/<slug>/antwoorden", methods=["GET", "POST"])
@role_required("staff")
def bulk(slug: str):
    process = db.session.scalar(select(Process).where(Process.slug == slug))
    if process is None:
        abort(404)
    status_filter = request.args.get("status") or None
    ideas = _bulk_page(process, status_filter, request.args.get("page", 1, type=db_int))
    form = BulkResponseForm()
    _fill_response_choices(form, None)
    form.idea_ids.choices = [(idea.id, idea.title) for idea in ideas.items]
    status = 200
    if request.method == "POST":
        if _apply_template(form):
            pass
        elif form.validate_on_submit():
            try:
                with all_or_nothing():
                    rows = services.respond_to_ideas(
                        process, current_user, form.idea_ids.data or [], status=form.status.data or "",
                        explanation=form.explanation.data or "", department_id=form.department_id.data,
                        merged_into_id=form.merged_into_id.data, translations=form.translations(),
                    )
            except DomainError as error:
                show_domain_error(form, error)
                status = 422
            else:
                flash(ngettext("%(num)s idea answered: it is now “%(status)s”.", "%(num)s ideas answered: they are now “%(status)s”.",
                               len(rows), status=STATUS_LABELS[rows[0].to_status]), "success")
                return redirect(url_for("feedback.bulk", slug=process.slug, status=status_filter))
        else:
            status = 422
        if status == 422:
            ideas = _bulk_page(process, status_filter, request.args.get("page", 1, type=db_int))
    return render_template(
        "feedback/bulk.html", process=process, ideas=ideas, form=form, status_filter=status_filter,
        selected=set(form.idea_ids.data or []),
    ), status


# --- Implementation tracking ------------------------------------------------------------------------


def _tracked_idea(idea_id: int) -> Idea:
    idea = _load_idea(idea_id)
    if not can_track_progress(current_user, idea):
        abort(403)
    return idea


def _render_tracking(idea: Idea, update_form=None, milestone_form=None, status: int = 200):
    return render_template(
        "feedback/tracking.html",
        idea=idea,
        update_form=update_form or UpdateForm(formdata=None, data={"progress_percent": idea.progress_percent}),
        milestone_form=milestone_form or MilestoneForm(formdata=None),
        action_form=ActionForm(formdata=None),
        milestones=sorted((row for row in idea.status_changes if row.kind == "milestone"), key=lambda row: (row.planned_on, row.id)),
    ), status


@bp.get("/ideeen/<int:idea_id>/uitvoering")
@role_required("staff")
def tracking(idea_id: int):
    idea = _load_idea(idea_id)
    if idea.status not in states.TRACKED_STATUSES:
        flash(_("Progress can only be reported for ideas the city accepted or is carrying out."), "info")
        return redirect(url_for("feedback.respond", idea_id=idea.id))
    return _render_tracking(idea)


@bp.post("/ideeen/<int:idea_id>/uitvoering/update")
@role_required("staff")
def post_update(idea_id: int):
    idea = _tracked_idea(idea_id)
    form = UpdateForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.post_update(
                    idea, current_user, body=form.body.data or "", progress_percent=form.progress_percent.data,
                    image=form.uploaded_image(),
                )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The update is published."), "success")
            return redirect(url_for("feedback.tracking", idea_id=idea.id))
    return _render_tracking(_load_idea(idea_id), update_form=form, status=422)


@bp.post("/ideeen/<int:idea_id>/uitvoering/mijlpalen")
@role_required("staff")
def add_milestone(idea_id: int):
    idea = _tracked_idea(idea_id)
    form = MilestoneForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.add_milestone(idea, current_user, title=form.title.data or "", planned_on=form.planned_on.data,
                                       is_done=bool(form.is_done.data), translations=form.translations())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The milestone is added."), "success")
            return redirect(url_for("feedback.tracking", idea_id=idea.id))
    return _render_tracking(_load_idea(idea_id), milestone_form=form, status=422)


def _milestone(idea: Idea, row_id: int) -> IdeaStatusChange:
    row = db.session.get(IdeaStatusChange, row_id)
    if row is None or row.idea_id != idea.id or row.kind != "milestone":
        abort(404)
    return row


@bp.post("/ideeen/<int:idea_id>/uitvoering/mijlpalen/<int:row_id>/bereikt")
@role_required("staff")
def milestone_done(idea_id: int, row_id: int):
    idea = _tracked_idea(idea_id)
    row = _milestone(idea, row_id)
    perform_action(lambda: services.set_milestone_done(idea, row, current_user, done=True), _("The milestone is reached."))
    return redirect(url_for("feedback.tracking", idea_id=idea.id))


@bp.post("/ideeen/<int:idea_id>/uitvoering/mijlpalen/<int:row_id>/niet-bereikt")
@role_required("staff")
def milestone_undone(idea_id: int, row_id: int):
    idea = _tracked_idea(idea_id)
    row = _milestone(idea, row_id)
    perform_action(lambda: services.set_milestone_done(idea, row, current_user, done=False), _("The milestone is open again."))
    return redirect(url_for("feedback.tracking", idea_id=idea.id))


# --- Answer templates ---------------------------------------------------------------------------------


@bp.route("/antwoordsjablonen", methods=["GET", "POST"])
@role_required("staff")
def answer_templates():
    form = AnswerTemplateForm()
    if form.validate_on_submit() and _saved_answer_template(None, form):
        return redirect(url_for("feedback.answer_templates"))
    return render_template(
        "feedback/answer_templates.html", templates=services.answer_templates(), form=form, action_form=ActionForm(formdata=None)
    ), 422 if form.errors else 200


def _saved_answer_template(template: AnswerTemplate | None, form: AnswerTemplateForm) -> bool:
    """Save a new (None) or existing template from the form; a refusal becomes the form's message."""
    try:
        with all_or_nothing():
            services.save_answer_template(template, current_user, name=form.name.data, body_nl=form.body_nl.data,
                                          body_fr=form.body_fr.data or "", body_en=form.body_en.data or "")
    except DomainError as error:
        show_domain_error(form, error)
        return False
    flash(_("The template is saved."), "success")
    return True


def _load_template(template_id: int) -> AnswerTemplate:
    template = db.session.get(AnswerTemplate, template_id)
    if template is None:
        abort(404)
    return template


@bp.route("/antwoordsjablonen/<int:template_id>", methods=["GET", "POST"])
@role_required("staff")
def edit_answer_template(template_id: int):
    template = _load_template(template_id)
    form = AnswerTemplateForm(obj=template)
    if form.validate_on_submit() and _saved_answer_template(template, form):
        return redirect(url_for("feedback.answer_templates"))
    return render_template("feedback/answer_template_form.html", template=template, form=form), 422 if form.errors else 200


@bp.post("/antwoordsjablonen/<int:template_id>/verwijderen")
@role_required("staff")
def delete_answer_template(template_id: int):
    template = _load_template(template_id)
    perform_action(lambda: services.delete_answer_template(template, current_user), _("The template is deleted."))
    return redirect(url_for("feedback.answer_templates"))
