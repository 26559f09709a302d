from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.city.services import offered_districts, offered_themes
from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import show_domain_error
from participation.core.transactions import all_or_nothing, perform_action
from participation.extensions import db
from participation.processes import bp, services
from participation.processes.forms import PhaseForm, ProcessForm
from participation.processes.labels import (
    MODERATION_LABELS,
    PHASE_EXPLANATIONS,
    PHASE_LABELS,
    STATUS_LABELS,
    TIMING_LABELS,
)
from participation.processes.models import Phase, Process
from participation.processes.permissions import can_manage_processes, can_view_process


@bp.app_context_processor
def labels() -> dict:
    return {
        "phase_labels": PHASE_LABELS,
        "phase_explanations": PHASE_EXPLANATIONS,
        "status_labels": STATUS_LABELS,
        "timing_labels": TIMING_LABELS,
        "moderation_labels": MODERATION_LABELS,
        "today": date.today(),
    }



@bp.get("/")
def index():
    groups = services.processes_by_timing(date.today())
    return render_template("processes/index.html", running=groups["running"], upcoming=groups["upcoming"])


@bp.get("/trajecten")
def catalogue():
    groups = services.processes_by_timing(date.today())
    return render_template("processes/catalogue.html", groups=groups)


@bp.get("/trajecten/<slug>")
def detail(slug: str):
    process = services.get_process_by_slug(slug) or abort(404)
    if not can_view_process(current_user, process):
        abort(404)  # a draft does not exist for the public
    return render_template(
        "processes/detail.html",
        process=process,
        current_phase=process.phase_on(date.today()),
        can_manage=can_manage_processes(current_user),
    )


# --- Staff: managing processes -------------------------------------------------------------


def _load_process(process_id: int) -> Process:
    return db.session.get(Process, process_id) or abort(404)


def _fill_choices(form: ProcessForm, process: Process | None) -> None:
    from flask_babel import get_locale

    locale = str(get_locale())
    themes = offered_themes(*(theme.id for theme in process.themes)) if process else offered_themes()
    districts = offered_districts(*(district.id for district in process.districts)) if process else offered_districts()
    form.themes.choices = [(theme.id, theme.name(locale)) for theme in themes]
    form.districts.choices = [(district.id, district.label(locale)) for district in districts]
    form.previous_edition_id.choices = [(0, _("None"))] + [
        (other.id, other.title) for other in services.all_processes_for_staff() if process is None or other.id != process.id
    ]


@bp.get("/beheer/trajecten")
@role_required("staff")
def manage():
    return render_template("processes/manage.html", processes=services.all_processes_for_staff())


def _save(form: ProcessForm, process: Process | None):
    image = form.image.data if form.image.data and getattr(form.image.data, "filename", "") else None
    with all_or_nothing():
        return services.save_process(
            process,
            author=current_user,
            title=form.title.data,
            slug=form.slug.data,
            policy_goal=form.policy_goal.data,
            description=form.description.data or "",
            moderation_mode=form.moderation_mode.data,
            theme_ids=form.themes.data or [],
            district_ids=form.districts.data or [],
            previous_edition_id=form.previous_edition_id.data or None,
            image=image.stream if image else None,
            image_alt=form.image_alt.data,
            remove_image=form.remove_image.data,
            translations=form.translations(),
        )


@bp.route("/beheer/trajecten/nieuw", methods=["GET", "POST"])
@role_required("staff")
def create():
    form = ProcessForm()
    _fill_choices(form, None)
    if form.validate_on_submit():
        try:
            process = _save(form, None)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The process is saved as a draft. Add its phases, then publish it."), "success")
            return redirect(url_for("processes.edit", process_id=process.id))
    return render_template("processes/form.html", form=form, process=None), 200 if not form.errors else 422


@bp.route("/beheer/trajecten/<int:process_id>", methods=["GET", "POST"])
@role_required("staff")
def edit(process_id: int):
    process = _load_process(process_id)
    form = ProcessForm(obj=process)
    _fill_choices(form, process)
    if request.method == "GET":
        form.description.data = process.description_source
        form.themes.data = [theme.id for theme in process.themes]
        form.districts.data = [district.id for district in process.districts]
        form.previous_edition_id.data = process.previous_edition_id or 0
        form.fill_translations(process)
    phase_form = _phase_form(process, prefix="new")
    if form.validate_on_submit():
        try:
            _save(form, process)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The process is saved."), "success")
            return redirect(url_for("processes.edit", process_id=process.id))
    return _render_edit(process, form, phase_form, 200 if not form.errors else 422)


def _render_edit(process: Process, form: ProcessForm, phase_form: PhaseForm, status: int = 200):
    return (
        render_template(
            "processes/form.html",
            form=form,
            process=process,
            phase_form=phase_form,
        ),
        status,
    )


def _phase_form(process: Process, **kwargs) -> PhaseForm:
    """A phase's text is in the language of its process: the form asks for the other languages only."""
    form = PhaseForm(**kwargs)
    form.original_language.data = process.original_language
    return form


def _phase_values(form: PhaseForm) -> dict:
    return {
        "kind": form.kind.data,
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
        "description": form.description.data or "",
        "translations": form.translations(),
    }


@bp.post("/beheer/trajecten/<int:process_id>/fasen")
@role_required("staff")
def add_phase(process_id: int):
    process = _load_process(process_id)
    phase_form = _phase_form(process, prefix="new")
    if phase_form.validate_on_submit():
        try:
            with all_or_nothing():
                services.add_phase(process, **_phase_values(phase_form))
        except DomainError as error:
            show_domain_error(phase_form, error)
        else:
            flash(_("The phase is added."), "success")
            return redirect(url_for("processes.edit", process_id=process.id) + "#fasen")
    db.session.refresh(process)  # the refused phase must not show up in the list
    form = ProcessForm(obj=process, formdata=None)
    _fill_choices(form, process)
    form.description.data = process.description_source
    form.fill_translations(process)
    return _render_edit(process, form, phase_form, 422)


@bp.route("/beheer/trajecten/<int:process_id>/fasen/<int:phase_id>", methods=["GET", "POST"])
@role_required("staff")
def edit_phase(process_id: int, phase_id: int):
    process = _load_process(process_id)
    phase = db.session.get(Phase, phase_id)
    if phase is None or phase.process_id != process.id:
        abort(404)
    form = _phase_form(process, obj=phase)
    if request.method == "GET":
        form.fill_translations(phase)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.update_phase(phase, **_phase_values(form))
        except DomainError as error:
            db.session.refresh(phase)
            show_domain_error(form, error)
        else:
            flash(_("The phase is saved."), "success")
            return redirect(url_for("processes.edit", process_id=process.id) + "#fasen")
    return render_template(
        "processes/phase_form.html", form=form, process=process, phase=phase
    ), 200 if not form.errors else 422


@bp.post("/beheer/trajecten/<int:process_id>/fasen/<int:phase_id>/verwijderen")
@role_required("staff")
def delete_phase(process_id: int, phase_id: int):
    process = _load_process(process_id)
    phase = db.session.get(Phase, phase_id)
    if phase is None or phase.process_id != process.id:
        abort(404)
    perform_action(lambda: services.remove_phase(phase), _("The phase is removed."))
    return redirect(url_for("processes.edit", process_id=process.id) + "#fasen")


@bp.post("/beheer/trajecten/<int:process_id>/status/<any(published, draft, archived):new_status>")
@role_required("staff")
def change_status(process_id: int, new_status: str):
    process = _load_process(process_id)
    perform_action(lambda: services.change_status(process, new_status),
                   _("The process is now: %(status)s.", status=STATUS_LABELS[new_status]))
    return redirect(url_for("processes.edit", process_id=process.id))
