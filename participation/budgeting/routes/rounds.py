"""Staff managing rounds: create and edit, publish or withdraw, reviewers, publishing results, importing a Pabulib file."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from participation.budgeting import bp, results, services
from participation.budgeting.forms import (
    STATUS_LABELS,
    CensusForm,
    ImportForm,
    LetterCodesForm,
    ResultsForm,
    ReviewerForm,
    RoundForm,
)
from participation.budgeting.models import BudgetRound
from participation.budgeting.permissions import can_manage_electorate, can_manage_rounds
from participation.budgeting.routes.loading import district_choices, load_round, require
from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import ActionForm, flash_form_errors, show_domain_error
from participation.core.inputs import db_int
from participation.core.transactions import all_or_nothing, perform_action
from participation.extensions import db
from participation.processes.models import Process


@bp.get("/beheer/stemronden")
@role_required("staff")
def manage():
    rounds_ = list(db.session.scalars(db.select(BudgetRound).order_by(BudgetRound.id.desc())))
    processes = list(db.session.scalars(db.select(Process).order_by(Process.title)))
    return render_template("budgeting/manage.html", rounds=rounds_, processes=processes, import_form=ImportForm())


def _save_round(form: RoundForm, round_: BudgetRound | None, process: Process) -> BudgetRound:
    with all_or_nothing():
        return services.save_round(
            round_, process=process, actor=current_user, title=form.title.data, description=form.description.data or "",
            district_id=form.district_id.data or None, vote_method=form.vote_method.data,
            budget_cents=form.budget.data, min_spend_cents=form.min_spend.data or 0,
            min_choices=form.min_choices.data or 0, max_choices=form.max_choices.data,
            points_total=form.points_total.data, points_per_project=form.points_per_project.data,
            min_age=form.min_age.data, census_key=form.census_key.data, translations=form.translations(),
        )


@bp.route("/beheer/trajecten/<int:process_id>/stemronden/nieuw", methods=["GET", "POST"])
@role_required("staff")
def create_round(process_id: int):
    process = db.session.get(Process, process_id) or abort(404)
    form = RoundForm()
    district_choices(form.district_id, _("The whole city"))
    if form.validate_on_submit():
        try:
            round_ = _save_round(form, None, process)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The round is saved as a draft. Add its projects, then publish it."), "success")
            return redirect(url_for("budgeting.edit_round", round_id=round_.id))
    return render_template("budgeting/round_form.html", form=form, process=process, round=None), 200 if not form.errors else 422


@bp.route("/beheer/stemronden/<int:round_id>", methods=["GET", "POST"])
@role_required("staff")
def edit_round(round_id: int):
    round_ = load_round(round_id)
    form = RoundForm(obj=round_)
    district_choices(form.district_id, _("The whole city"), round_.district_id)
    if request.method == "GET":
        form.description.data = round_.description_source
        form.district_id.data = round_.district_id or 0
        form.budget.data = round_.budget_cents
        form.min_spend.data = round_.min_spend_cents
        form.fill_translations(round_)
    if form.validate_on_submit():
        try:
            _save_round(form, round_, round_.process)
        except DomainError as error:
            db.session.refresh(round_)
            show_domain_error(form, error)
        else:
            flash(_("The round is saved."), "success")
            return redirect(url_for("budgeting.edit_round", round_id=round_.id))
    letters_total, letters_used = services.letter_code_counts(round_)
    return render_template(
        "budgeting/round_manage.html", round=round_, form=form, process=round_.process,
        reviewer_form=ReviewerForm(), reviewers=services.reviewers_of(round_), census_form=CensusForm(), codes_form=LetterCodesForm(), results_form=ResultsForm(),
        census_size=services.census_size(round_), letters_total=letters_total, letters_used=letters_used,
        counts=services.participation_counts(round_), can_manage_electorate=can_manage_electorate(current_user),
        is_open=services.is_voting_open(round_, date.today()), has_closed=services.has_voting_closed(round_, date.today()),
    ), 200 if not form.errors else 422


@bp.post("/beheer/stemronden/<int:round_id>/status/<any(published, draft):new_status>")
@role_required("staff")
def change_status(round_id: int, new_status: str):
    round_ = load_round(round_id)
    perform_action(lambda: services.change_round_status(round_, new_status, current_user),
                   _("The round is now: %(status)s.", status=STATUS_LABELS[new_status]))
    return redirect(url_for("budgeting.edit_round", round_id=round_.id))


@bp.get("/beheer/stemronden/<int:round_id>/stemming-sluiten")
@role_required("staff")
def confirm_close_voting(round_id: int):
    """A page, not a script's confirm(): what closing means, with the numbers of this moment."""
    round_ = load_round(round_id)
    require(can_manage_rounds(current_user))
    return render_template(
        "budgeting/close_voting.html", round=round_, form=ActionForm(), counts=services.participation_counts(round_),
        is_open=services.is_voting_open(round_, date.today()), phase=services.voting_phase(round_),
    )


@bp.post("/beheer/stemronden/<int:round_id>/stemming-sluiten")
@role_required("staff")
def close_voting(round_id: int):
    round_ = load_round(round_id)
    require(can_manage_rounds(current_user))
    counted: list[int] = []
    if perform_action(lambda: counted.append(services.close_voting(round_, current_user, date.today())), None):
        flash(ngettext("Voting is closed. %(num)d ballot is counted; no more ballots are taken.",
                       "Voting is closed. %(num)d ballots are counted; no more ballots are taken.", counted[0]), "success")
        return redirect(url_for("budgeting.edit_round", round_id=round_.id) + "#resultaten")
    return redirect(url_for("budgeting.confirm_close_voting", round_id=round_.id))


@bp.post("/beheer/stemronden/<int:round_id>/beoordelaars")
@role_required("staff")
def add_reviewer(round_id: int):
    round_ = load_round(round_id)
    form = ReviewerForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.appoint_reviewer(round_, form.email.data, current_user)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("The reviewer is appointed."), "success")
    else:
        flash(_("Enter a valid email address."), "error")
    return redirect(url_for("budgeting.edit_round", round_id=round_.id) + "#beoordelaars")


@bp.post("/beheer/stemronden/<int:round_id>/resultaten")
@role_required("staff")
def publish_results(round_id: int):
    round_ = load_round(round_id)
    form = ResultsForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        with all_or_nothing():
            results.publish_results(round_, form.rule.data, current_user, date.today())
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("budgeting.edit_round", round_id=round_.id) + "#resultaten")
    flash(_("The results are published."), "success")
    return redirect(url_for("budgeting.results_page", round_id=round_.id))


@bp.post("/beheer/stemronden/import")
@role_required("staff")
def import_round():
    form = ImportForm()
    process = db.session.get(Process, request.form.get("process_id", type=db_int) or 0) or abort(404)
    if not form.validate_on_submit():
        flash_form_errors(form, _("Choose a Pabulib file."))
        return redirect(url_for("budgeting.manage"))
    try:
        text = form.file.data.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        flash(_("The file is not UTF-8 text."), "error")
        return redirect(url_for("budgeting.manage"))
    try:
        with all_or_nothing():
            round_ = results.import_pb(process, text, current_user, title=form.title.data or "")
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("budgeting.manage"))
    flash(_("The file is imported as a draft round. Nobody can vote in it; compute its results below."), "success")
    return redirect(url_for("budgeting.edit_round", round_id=round_.id))
