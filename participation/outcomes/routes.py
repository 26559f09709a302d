from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import ActionForm, show_domain_error
from participation.core.inputs import db_int
from participation.core.models import utcnow
from participation.core.transactions import all_or_nothing, perform_action
from participation.extensions import db
from participation.ideas.labels import STATUS_LABELS
from participation.ideas.states import PUBLIC_STATUSES
from participation.outcomes import bp, dashboard, figures, mine, queries, services
from participation.outcomes.forms import DashboardFilterForm, ReportForm
from participation.outcomes.labels import STAGE_EXPLANATIONS, STAGE_LABELS
from participation.outcomes.permissions import can_manage_reports, can_view_report, can_view_results
from participation.processes.models import Process

OUTCOMES_PER_PAGE = 20
DASHBOARD_PER_PAGE = 50


@bp.app_context_processor
def outcomes_globals() -> dict:
    # Menu texts live in this feature's catalogue, not the core one.
    return {
        "my_participation_nav_label": _l("My participation"),
        "response_dashboard_nav_label": _l("Response times"),
    }


def _load_visible_process(slug: str) -> Process:
    process = queries.get_process(slug)
    if process is None or not can_view_results(current_user, process):
        abort(404)  # a draft process does not exist for the public
    return process


@bp.get("/trajecten/<slug>/resultaten")
def results(slug: str):
    process = _load_visible_process(slug)
    status = request.args.get("status", "")
    status = status if status in queries.OUTCOME_STATUSES else ""
    page = db.paginate(
        queries.outcomes_statement(process, status or None),
        page=request.args.get("page", 1, type=db_int),
        per_page=OUTCOMES_PER_PAGE,
        error_out=False,
    )
    report = queries.closing_report_of(process)
    return render_template(
        "outcomes/results.html",
        process=process,
        results=queries.results_of(process),
        outcome_counts=queries.outcome_counts(process),
        outcome_statuses=queries.OUTCOME_STATUSES,
        status=status,
        page=page,
        responses=queries.latest_official_responses([idea.id for idea in page.items]),
        report=report if can_view_report(current_user, report) else None,
        can_manage=can_manage_reports(current_user),
        action_form=ActionForm(),
        stage_labels=STAGE_LABELS,
        stage_explanations=STAGE_EXPLANATIONS,
        status_labels=STATUS_LABELS,
        public_statuses=PUBLIC_STATUSES,
    )


# --- The closing report (staff) -------------------------------------------------------------


def _load_process_for_report(process_id: int) -> Process:
    return db.session.get(Process, process_id) or abort(404)


@bp.route("/beheer/trajecten/<int:process_id>/eindverslag", methods=["GET", "POST"])
@role_required("staff")
def edit_report(process_id: int):
    process = _load_process_for_report(process_id)
    report = queries.closing_report_of(process)
    saved = {"title": report.title, "body": report.body_source} if report is not None else None
    form = ReportForm(data=saved if request.method == "GET" else None)
    if request.method == "GET" and report is not None:
        form.fill_translations(report)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.save_report(process, current_user, title=form.title.data, body=form.body.data,
                                     translations=form.translations())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_l("The closing report is saved."), "success")
            return redirect(url_for("outcomes.edit_report", process_id=process.id))
    status = 400 if request.method == "POST" else 200
    return render_template("outcomes/report_form.html", process=process, report=report, form=form, action_form=ActionForm()), status


def _report_or_404(process: Process):
    return queries.closing_report_of(process) or abort(404)


@bp.post("/beheer/trajecten/<int:process_id>/eindverslag/publiceren")
@role_required("staff")
def publish_report(process_id: int):
    process = _load_process_for_report(process_id)
    report = _report_or_404(process)
    perform_action(lambda: services.publish_report(report, current_user), _l("The closing report is published."))
    return redirect(url_for("outcomes.edit_report", process_id=process.id))


@bp.post("/beheer/trajecten/<int:process_id>/eindverslag/intrekken")
@role_required("staff")
def unpublish_report(process_id: int):
    process = _load_process_for_report(process_id)
    report = _report_or_404(process)
    perform_action(lambda: services.unpublish_report(report, current_user), _l("The closing report is a draft again."))
    return redirect(url_for("outcomes.edit_report", process_id=process.id))


# --- Mijn inspraak ----------------------------------------------------------------------------


@bp.get("/mijn-inspraak")
@login_required
def mine_page():
    from participation.crowdfunding.labels import PLEDGE_STATUS_LABELS

    return render_template(
        "outcomes/mine.html",
        mine=mine.my_participation(current_user),
        status_labels=STATUS_LABELS,
        pledge_status_labels=PLEDGE_STATUS_LABELS,
    )


# --- The responsiveness dashboard (staff) -----------------------------------------------------


@bp.get("/beheer/opvolging")
@role_required("staff")
def response_dashboard():
    locale = str(get_locale())
    departments = dashboard.departments()
    processes = dashboard.processes_with_ideas()
    form = DashboardFilterForm(request.args)
    form.department.choices = [("", _l("All departments")), (dashboard.UNASSIGNED, _l("No department yet"))] + [
        (str(department.id), department.name(locale)) for department in departments.values()
    ]
    form.process_id.choices = [("", _l("All processes"))] + [(str(process.id), process.title) for process in processes]
    if not form.validate():
        form.department.data, form.process_id.data = "", ""
    filters = dashboard.DashboardFilters(
        department=form.department.data or "",
        process_id=int(form.process_id.data) if (form.process_id.data or "").isdigit() else None,
        is_overdue_only=bool(form.overdue.data),
    )
    now = utcnow()
    response_days = current_app.config["OUTCOMES_RESPONSE_DAYS"]
    page = db.paginate(
        dashboard.awaiting_statement(filters, now, response_days),
        page=request.args.get("page", 1, type=db_int),
        per_page=DASHBOARD_PER_PAGE,
        error_out=False,
    )
    return render_template(
        "outcomes/dashboard.html",
        form=form,
        filters=filters,
        page=page,
        counts=dashboard.counts_per_department(filters, now, response_days),
        departments=departments,
        locale=locale,
        now=now,
        response_days=response_days,
        waiting_since=dashboard.waiting_since,
        age_in_days=lambda idea: figures.age_in_days(dashboard.waiting_since(idea), now),
        status_labels=STATUS_LABELS,
    )
