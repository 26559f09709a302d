"""Voting: verification (census or letter code), the online ballot and its receipt, paper ballots entered by staff."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.accounts.confirmation import confirmed_email_required
from participation.budgeting import bp, services
from participation.budgeting.ballots import Rules, check_choices, explain, meter
from participation.budgeting.forms import (
    IdentityForm,
    LetterCodeForm,
    PaperBallotForm,
    ReceiptForm,
    read_choices,
)
from participation.budgeting.models import BudgetRound
from participation.budgeting.permissions import can_record_paper_ballots
from participation.budgeting.routes.loading import load_round, require
from participation.core.errors import DomainError
from participation.core.forms import ActionForm, show_domain_error
from participation.core.transactions import all_or_nothing
from participation.municipality.profile import city_name


@bp.route("/stemronden/<int:round_id>/verifieren", methods=["GET", "POST"])
@login_required
@confirmed_email_required  # before anyone types their census details: voting needs a confirmed address
def verify(round_id: int):
    round_ = load_round(round_id)
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
@confirmed_email_required
def ballot(round_id: int):
    round_ = load_round(round_id)
    today = date.today()
    if not services.is_voting_open(round_, today):
        flash(_("Voting in this round is closed."), "error")
        return redirect(url_for("budgeting.round_detail", round_id=round_.id))
    voter = services.voter_of(round_, current_user)
    if voter is None:
        flash(_("Verify that you live in %(city)s before you vote.", city=city_name()), "info")
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
            check_choices(Rules.of(round_), {p.id: p.cost_cents for p in services.ballot_projects(round_)}, choices)
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
    round_ = load_round(round_id)
    code = session.pop(f"receipt-{round_.id}", None)
    if code is None:
        return redirect(url_for("budgeting.round_detail", round_id=round_.id))
    return render_template("budgeting/receipt.html", round=round_, code=code)


@bp.get("/stemronden/<int:round_id>/ontvangstbewijs-controleren")
def check_receipt(round_id: int):
    round_ = load_round(round_id)
    form = ReceiptForm(request.args)
    found = None
    if "code" in request.args and form.validate():
        found = services.receipt_is_counted(round_, form.code.data)
    return render_template("budgeting/check_receipt.html", round=round_, form=form, found=found)


@bp.route("/beheer/stemronden/<int:round_id>/papieren-stem", methods=["GET", "POST"])
@login_required
def paper_ballot(round_id: int):
    round_ = load_round(round_id)
    require(can_record_paper_ballots(current_user))
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
