"""City staff and the money: transfers received (one by one or from a bank statement) and refunds."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import flash_form_errors, show_domain_error
from participation.core.transactions import all_or_nothing, perform_action
from participation.crowdfunding import bp, structured
from participation.crowdfunding.forms import ReasonForm, StatementForm
from participation.crowdfunding.models import Pledge
from participation.crowdfunding.payments import bank_transfers, refunds
from participation.crowdfunding.stripe_gateway import get_gateway
from participation.extensions import db


@bp.post("/beheer/crowdfunding/steun/<int:pledge_id>/ontvangen")
@role_required("staff")
def mark_received(pledge_id: int):
    pledge = db.session.get(Pledge, pledge_id) or abort(404)
    perform_action(lambda: bank_transfers.mark_transfer_received(pledge, current_user), _("The transfer is marked as received."))
    return redirect(url_for("crowdfunding.review", campaign_id=pledge.campaign_id))


@bp.post("/beheer/crowdfunding/steun/<int:pledge_id>/terugbetalen")
@role_required("staff")
def refund(pledge_id: int):
    pledge = db.session.get(Pledge, pledge_id) or abort(404)
    form = ReasonForm(prefix="refund")
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                gateway = get_gateway() if pledge.method == "card" else None
                refunds.refund_pledge(pledge, current_user, form.reason.data or "", gateway)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("The pledge is refunded."), "success")
    else:
        flash_form_errors(form)  # a reason that is too long: said, not dropped
    return redirect(url_for("crowdfunding.review", campaign_id=pledge.campaign_id))


@bp.get("/beheer/crowdfunding/terugbetalingen")
@role_required("staff")
def refunds_due():
    return _render_refunds_due()


def _render_refunds_due(bound: dict | None = None, status: int = 200):
    owed = refunds.refunds_due()
    bound = bound or {}
    forms = {pledge.id: bound.get(pledge.id) or ReasonForm(prefix=f"refund{pledge.id}", formdata=None) for pledge in owed}
    return render_template("crowdfunding/refunds_due.html", pledges=owed, forms=forms, structured=structured), status


@bp.post("/beheer/crowdfunding/terugbetalingen/<int:pledge_id>")
@role_required("staff")
def mark_refunded(pledge_id: int):
    """A transfer was paid back by the city's accounting: record it (once), with the reason, and tell the backer."""
    pledge = db.session.get(Pledge, pledge_id) or abort(404)
    if pledge.method != "bank_transfer":
        abort(404)
    form = ReasonForm(prefix=f"refund{pledge.id}")
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                refunds.refund_pledge(pledge, current_user, form.reason.data or "")
        except DomainError as error:
            if error.field == "reason":
                show_domain_error(form, error)
                return _render_refunds_due({pledge.id: form}, status=422)
            flash(str(error), "error")
        else:
            flash(_("The transfer is recorded as paid back; the backer gets an email."), "success")
    else:
        return _render_refunds_due({pledge.id: form}, status=422)  # the reason is too long: shown with its message
    return redirect(url_for("crowdfunding.refunds_due"))


STATEMENT_MAX_BYTES = 2 * 1024 * 1024


@bp.post("/beheer/crowdfunding/overschrijvingen")
@role_required("staff")
def import_statement():
    form = StatementForm(prefix="statement")
    upload = form.statement.data if form.validate_on_submit() else None
    if not upload or not getattr(upload, "filename", ""):
        flash(_("Choose a CSV file exported from the bank."), "error")
        return redirect(url_for("crowdfunding.manage"))
    raw = upload.read(STATEMENT_MAX_BYTES + 1)
    if len(raw) > STATEMENT_MAX_BYTES:
        # Reading only the first part would mark half a statement; a bank exports any shorter period.
        flash(_("The file is larger than %(size)s MB. Export a shorter period from the bank and import each part.",
                size=STATEMENT_MAX_BYTES // (1024 * 1024)), "error")
        return redirect(url_for("crowdfunding.manage"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    try:
        with all_or_nothing():
            report = bank_transfers.import_bank_statement(text, current_user)
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("crowdfunding.manage"))
    return render_template("crowdfunding/statement_report.html", report=report, structured=structured)
