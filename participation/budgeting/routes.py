from __future__ import annotations

import csv
import io
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.budgeting import bp, results, services
from participation.budgeting.ballots import Rules, explain, euros, meter
from participation.budgeting.forms import (
    CENSUS_KEY_LABELS,
    FEASIBILITY_LABELS,
    RULE_LABELS,
    RULE_SHORT_LABELS,
    STATUS_LABELS,
    VOTE_METHOD_LABELS,
    ActionForm,
    CensusForm,
    IdentityForm,
    ImportForm,
    LetterCodeForm,
    LetterCodesForm,
    PaperBallotForm,
    ProjectForm,
    ReceiptForm,
    ReissueCodeForm,
    ResultsForm,
    ReviewerForm,
    ReviewForm,
    RoundForm,
    money_to_cents,
    read_choices,
)
from participation.budgeting.models import BudgetRound, Project
from participation.budgeting.permissions import (
    can_manage_electorate,
    can_manage_rounds,
    can_record_paper_ballots,
    can_review_feasibility,
    can_view_results,
    can_view_round,
)
from participation.city.services import all_districts
from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import show_domain_error
from participation.core.transactions import all_or_nothing
from participation.extensions import db
from participation.processes.models import Process
from participation.processes.permissions import can_view_process
from participation.processes.services import get_process_by_slug


@bp.app_context_processor
def labels() -> dict:
    return {
        "vote_method_labels": VOTE_METHOD_LABELS,
        "feasibility_labels": FEASIBILITY_LABELS,
        "round_status_labels": STATUS_LABELS,
        "census_key_labels": CENSUS_KEY_LABELS,
        "rule_labels": RULE_LABELS,
        "rule_short_labels": RULE_SHORT_LABELS,
        "euros": euros,
    }


def _load_round(round_id: int) -> BudgetRound:
    round_ = db.session.get(BudgetRound, round_id)
    if round_ is None or not can_view_round(current_user, round_):
        abort(404)
    return round_


def _load_project(project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None:
        abort(404)
    return project


def _require(allowed: bool) -> None:
    if not allowed:
        abort(403)


# --------------------------------------------------------------------------- public pages


@bp.get("/trajecten/<slug>/stemronden")
def rounds(slug: str):
    process = get_process_by_slug(slug) or abort(404)
    if not can_view_process(current_user, process):
        abort(404)
    return render_template("budgeting/rounds.html", process=process,
                           rounds=services.rounds_of(process, include_drafts=can_manage_rounds(current_user)))


@bp.get("/trajecten/<slug>/stemronden/resultaten")
def results_overview(slug: str):
    """The results of every round of a process: the city-wide round and each district."""
    process = get_process_by_slug(slug) or abort(404)
    if not can_view_process(current_user, process):
        abort(404)
    overview = results.results_overview(process)
    if not overview["city"] and not overview["districts"]:
        abort(404)
    return render_template("budgeting/results_overview.html", process=process, overview=overview)


@bp.get("/stemronden/<int:round_id>")
def round_detail(round_id: int):
    round_ = _load_round(round_id)
    today = date.today()
    voter = services.voter_of(round_, current_user)
    return render_template(
        "budgeting/round.html", round=round_, rules=explain(Rules.of(round_)),
        projects=services.ballot_projects(round_), other_projects=[p for p in round_.projects if not p.is_on_ballot],
        is_open=services.is_voting_open(round_, today), voter=voter, has_voted=services.has_voted(round_, voter),
        can_manage=can_manage_rounds(current_user),
    )


@bp.route("/stemronden/<int:round_id>/verifieren", methods=["GET", "POST"])
@login_required
def verify(round_id: int):
    round_ = _load_round(round_id)
    identity_form = IdentityForm(prefix="census")
    code_form = LetterCodeForm(prefix="letter")
    status = 200
    if request.method == "POST":
        try:
            if "letter-code" in request.form and code_form.validate_on_submit():
                with all_or_nothing():
                    services.redeem_letter_code(round_, current_user, code_form.code.data, date.today())
            elif "letter-code" not in request.form and identity_form.validate_on_submit():
                with all_or_nothing():
                    services.verify_with_census(round_, current_user, date.today(), **identity_form.identity())
            else:
                status = 422
        except DomainError as error:
            show_domain_error(code_form if "letter-code" in request.form else identity_form, error)
            status = 422
        if status == 200:
            flash(_("You are verified for this round. You can vote now."), "success")
            return redirect(url_for("budgeting.ballot", round_id=round_.id))
    return render_template("budgeting/verify.html", round=round_, identity_form=identity_form, code_form=code_form,
                           is_open=services.is_voting_open(round_, date.today())), status


def _ballot_page(round_: BudgetRound, form: ActionForm, choices: dict[int, int], status: int = 200, *, checked: bool = False):
    projects = services.ballot_projects(round_)
    rules = Rules.of(round_)
    costs = {p.id: p.cost_cents for p in projects}
    return render_template(
        "budgeting/ballot.html", round=round_, form=form, projects=projects, choices=choices,
        rules=explain(rules), meter=meter(rules, costs, choices), checked=checked,
        has_voted=services.has_voted(round_, services.voter_of(round_, current_user)),
    ), status


@bp.route("/stemronden/<int:round_id>/stembiljet", methods=["GET", "POST"])
@login_required
def ballot(round_id: int):
    round_ = _load_round(round_id)
    today = date.today()
    if not services.is_voting_open(round_, today):
        flash(_("Voting in this round is closed."), "error")
        return redirect(url_for("budgeting.round_detail", round_id=round_.id))
    voter = services.voter_of(round_, current_user)
    if voter is None:
        flash(_("Verify that you live in Ghent before you vote."), "info")
        return redirect(url_for("budgeting.verify", round_id=round_.id))
    form = ActionForm()
    if request.method == "GET":
        return _ballot_page(round_, form, services.current_choices(round_, voter))
    if not form.validate_on_submit():
        abort(400)
    choices, problems = read_choices(request.form, round_.vote_method)
    if problems:
        form.form_errors.extend(dict.fromkeys(problems))
        return _ballot_page(round_, form, choices, 422)
    if request.form.get("action") == "check":
        try:
            services.check_choices(Rules.of(round_), {p.id: p.cost_cents for p in services.ballot_projects(round_)}, choices)
        except DomainError as error:
            show_domain_error(form, error)
            return _ballot_page(round_, form, choices, 422, checked=True)
        return _ballot_page(round_, form, choices, checked=True)
    try:
        with all_or_nothing():
            receipt = services.cast_ballot(round_, current_user, choices, today)
    except DomainError as error:
        show_domain_error(form, error)
        return _ballot_page(round_, form, choices, 422)
    session[f"receipt-{round_.id}"] = receipt
    return redirect(url_for("budgeting.receipt", round_id=round_.id))


@bp.get("/stemronden/<int:round_id>/ontvangstbewijs")
@login_required
def receipt(round_id: int):
    round_ = _load_round(round_id)
    code = session.pop(f"receipt-{round_.id}", None)
    if code is None:
        return redirect(url_for("budgeting.round_detail", round_id=round_.id))
    return render_template("budgeting/receipt.html", round=round_, code=code)


@bp.get("/stemronden/<int:round_id>/ontvangstbewijs-controleren")
def check_receipt(round_id: int):
    round_ = _load_round(round_id)
    form = ReceiptForm(request.args)
    found = None
    if "code" in request.args and form.validate():
        found = services.receipt_is_counted(round_, form.code.data)
    return render_template("budgeting/check_receipt.html", round=round_, form=form, found=found)


@bp.get("/stemronden/<int:round_id>/resultaten")
def results_page(round_id: int):
    round_ = _load_round(round_id)
    if not can_view_results(current_user, round_):
        abort(404)
    result = results.published_result(round_)
    if result is None:
        abort(404)
    return render_template("budgeting/results.html", round=round_, result=result,
                           counts=services.participation_counts(round_))


@bp.get("/stemronden/<int:round_id>/resultaten/berekening.txt")
def results_log(round_id: int):
    round_ = _load_round(round_id)
    result = results.published_result(round_) if can_view_results(current_user, round_) else None
    if result is None:
        abort(404)
    text = "\n".join(result["log"]) + "\n"
    return Response(text, mimetype="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="round-{round_.id}-log.txt"'})


@bp.get("/stemronden/<int:round_id>/export.pb")
def export(round_id: int):
    """Anonymous ballots as a Pabulib file: public once results are out, for staff at any time."""
    round_ = _load_round(round_id)
    if not (can_manage_rounds(current_user) or round_.status == "results_published"):
        abort(404)
    return Response(results.export_pb(round_), mimetype="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="stadslab-round-{round_.id}.pb"'})


# --------------------------------------------------------------------------- staff: rounds


def _district_choices(form_field, none_label) -> None:
    form_field.choices = [(0, none_label)] + [(d.id, d.name) for d in all_districts()]


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
            budget_cents=money_to_cents(form.budget.data), min_spend_cents=money_to_cents(form.min_spend.data) or 0,
            min_choices=form.min_choices.data or 0, max_choices=form.max_choices.data,
            points_total=form.points_total.data, points_per_project=form.points_per_project.data,
            min_age=form.min_age.data, census_key=form.census_key.data,
        )


@bp.route("/beheer/trajecten/<int:process_id>/stemronden/nieuw", methods=["GET", "POST"])
@role_required("staff")
def create_round(process_id: int):
    process = db.session.get(Process, process_id) or abort(404)
    form = RoundForm()
    _district_choices(form.district_id, _("The whole city"))
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
    round_ = _load_round(round_id)
    form = RoundForm(obj=round_)
    _district_choices(form.district_id, _("The whole city"))
    if request.method == "GET":
        form.description.data = round_.description_source
        form.district_id.data = round_.district_id or 0
        form.budget.data = round_.budget_cents / 100
        form.min_spend.data = round_.min_spend_cents / 100
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
    round_ = _load_round(round_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        with all_or_nothing():
            services.change_round_status(round_, new_status, current_user)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("The round is now: %(status)s.", status=STATUS_LABELS[new_status]), "success")
    return redirect(url_for("budgeting.edit_round", round_id=round_.id))


@bp.post("/beheer/stemronden/<int:round_id>/beoordelaars")
@role_required("staff")
def add_reviewer(round_id: int):
    round_ = _load_round(round_id)
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
    round_ = _load_round(round_id)
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
    process = db.session.get(Process, request.form.get("process_id", type=int) or 0) or abort(404)
    if not form.validate_on_submit():
        flash(_("Choose a Pabulib file."), "error")
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


# --------------------------------------------------------------------------- staff: projects


def _fill_project_choices(form: ProjectForm, round_: BudgetRound) -> None:
    _district_choices(form.district_id, _("No district"))
    form.idea_id.choices = [(0, _("None"))] + [(idea.id, idea.title) for idea in services.accepted_ideas(round_.process)]


def _save_project(form: ProjectForm, project: Project | None, round_: BudgetRound) -> Project:
    image = form.image.data if form.image.data and getattr(form.image.data, "filename", "") else None
    with all_or_nothing():
        return services.save_project(
            project, round_=round_, actor=current_user, title=form.title.data, description=form.description.data or "",
            cost_cents=money_to_cents(form.cost.data), district_id=form.district_id.data or None,
            idea_id=form.idea_id.data or None,
            latitude=float(form.latitude.data) if form.latitude.data is not None else None,
            longitude=float(form.longitude.data) if form.longitude.data is not None else None,
            image=image.stream if image else None, image_alt=form.image_alt.data,
        )


@bp.route("/beheer/stemronden/<int:round_id>/projecten/nieuw", methods=["GET", "POST"])
@role_required("staff")
def create_project(round_id: int):
    round_ = _load_round(round_id)
    form = ProjectForm()
    _fill_project_choices(form, round_)
    if request.method == "GET" and request.args.get("idea", type=int):
        idea = next((i for i in services.accepted_ideas(round_.process) if i.id == request.args.get("idea", type=int)), None)
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
    project = _load_project(project_id)
    round_ = project.round
    form = ProjectForm(obj=project)
    _fill_project_choices(form, round_)
    if request.method == "GET":
        form.description.data = project.description_source
        form.cost.data = project.cost_cents / 100
        form.district_id.data = project.district_id or 0
        form.idea_id.data = project.idea_id or 0
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
    _require(bool(rounds_) or can_manage_rounds(current_user))
    return render_template("budgeting/review_queue.html", rounds=rounds_)


@bp.route("/beheer/projecten/<int:project_id>/haalbaarheid", methods=["GET", "POST"])
@login_required
def review(project_id: int):
    project = _load_project(project_id)
    _require(can_review_feasibility(current_user, project.round))
    form = ReviewForm(obj=project)
    if request.method == "GET":
        form.cost.data = project.cost_cents / 100
        form.explanation.data = project.feasibility_explanation
        form.verdict.data = project.feasibility if project.feasibility != "pending" else None
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.review_project(project, current_user, verdict=form.verdict.data,
                                        explanation=form.explanation.data, cost_cents=money_to_cents(form.cost.data))
        except DomainError as error:
            db.session.refresh(project)
            show_domain_error(form, error)
        else:
            flash(_("The feasibility review is saved."), "success")
            return redirect(url_for("budgeting.review_queue") + f"#round-{project.round_id}")
    return render_template("budgeting/review.html", form=form, project=project, round=project.round), 200 if not form.errors else 422


# --------------------------------------------------------------------------- admins: the electorate


@bp.post("/beheer/stemronden/<int:round_id>/kiezerslijst")
@login_required
def upload_census(round_id: int):
    round_ = _load_round(round_id)
    _require(can_manage_electorate(current_user))
    form = CensusForm()
    if not form.validate_on_submit():
        flash(_("Choose a CSV file."), "error")
        return redirect(url_for("budgeting.edit_round", round_id=round_.id) + "#kiezers")
    try:
        with all_or_nothing():
            summary = services.upload_census(round_, form.file.data.read(), current_user, date.today())
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("budgeting.edit_round", round_id=round_.id) + "#kiezers")
    flash(_("Census: %(added)s residents added, %(already)s already on the list (skipped), %(under_age)s under the minimum age, %(duplicates)s listed twice in the file.",
            added=summary["added"], already=summary["already"], under_age=summary["under_age"], duplicates=summary["duplicates"]),
          "success")
    for line, problem in summary["problems"][:20]:
        flash(_("Line %(line)s was skipped: %(problem)s", line=line, problem=problem), "error")
    return redirect(url_for("budgeting.edit_round", round_id=round_.id) + "#kiezers")


@bp.post("/beheer/stemronden/<int:round_id>/briefcodes")
@login_required
def letter_codes(round_id: int):
    round_ = _load_round(round_id)
    _require(can_manage_electorate(current_user))
    form = LetterCodesForm()
    back = redirect(url_for("budgeting.edit_round", round_id=round_.id) + "#kiezers")
    if not form.validate_on_submit():
        flash(_("Choose a CSV file."), "error")
        return back
    try:
        with all_or_nothing():
            batch = services.generate_letter_codes(round_, form.file.data.read(), current_user)
    except DomainError as error:
        flash(str(error), "error")
        return back
    flash(_("Letter codes: %(new)s new, %(already)s residents already had one (skipped), %(missing)s not on the census (no code), %(duplicates)s listed twice in the file.",
            new=len(batch.letters), already=batch.already_coded, missing=batch.not_in_census, duplicates=batch.duplicates),
          "success" if batch.letters else "error")
    for line, problem in batch.problems[:20]:
        flash(_("Line %(line)s was skipped: %(problem)s", line=line, problem=problem), "error")
    if not batch.letters:
        return back
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "round", "url", *batch.address_columns])
    url = url_for("budgeting.verify", round_id=round_.id, _external=True)
    for letter in batch.letters:
        writer.writerow([letter["code"], round_.title, url, *(letter[name] for name in batch.address_columns)])
    return Response(out.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="letter-codes-round-{round_.id}.csv"',
                             "Cache-Control": "no-store"})


@bp.route("/beheer/stemronden/<int:round_id>/briefcode-opnieuw", methods=["GET", "POST"])
@login_required
def reissue_code(round_id: int):
    """A new letter code for a resident who lost theirs; the code is on this response only."""
    round_ = _load_round(round_id)
    _require(can_manage_electorate(current_user) and not round_.is_imported)
    form = ReissueCodeForm()
    reissued = None
    status = 200
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                reissued = services.reissue_letter_code(round_, current_user, **form.identity())
        except DomainError as error:
            show_domain_error(form, error)
            status = 422
        else:
            form = ReissueCodeForm(formdata=None)
    elif request.method == "POST":
        status = 422
    response = Response(render_template(
        "budgeting/reissue_code.html", round=round_, form=form, reissued=reissued,
        verify_url=url_for("budgeting.verify", round_id=round_.id, _external=True),
    ), status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------- staff: paper ballots


@bp.route("/beheer/stemronden/<int:round_id>/papieren-stem", methods=["GET", "POST"])
@login_required
def paper_ballot(round_id: int):
    round_ = _load_round(round_id)
    _require(can_record_paper_ballots(current_user))
    form = PaperBallotForm()
    projects = services.ballot_projects(round_)
    choices: dict[int, int] = {}
    code = None
    status = 200
    if form.validate_on_submit():
        choices, problems = read_choices(request.form, round_.vote_method)
        if problems:
            form.form_errors.extend(dict.fromkeys(problems))
            status = 422
        else:
            try:
                with all_or_nothing():
                    code = services.record_paper_ballot(round_, current_user, choices, date.today(),
                                                        code=form.code.data or "", **form.identity())
            except DomainError as error:
                show_domain_error(form, error)
                status = 422
            else:
                flash(_("The paper ballot is recorded. Give the resident their receipt code."), "success")
                form = PaperBallotForm(formdata=None)
                choices = {}
    elif request.method == "POST":
        status = 422
    rules = Rules.of(round_)
    return render_template("budgeting/paper_ballot.html", round=round_, form=form, projects=projects, choices=choices,
                           receipt_code=code, rules=explain(rules),
                           meter=meter(rules, {p.id: p.cost_cents for p in projects}, choices),
                           is_open=services.is_voting_open(round_, date.today())), status
