"""Appeals: the author lodges one against a decision, another moderator decides it."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import flash_form_errors, show_domain_error
from participation.core.transactions import all_or_nothing
from participation.extensions import db
from participation.moderation import bp, permissions, queries, services
from participation.moderation.forms import AppealDecisionForm, AppealForm
from participation.moderation.labels import APPEAL_STATE_LABELS
from participation.moderation.models import Appeal, Decision
from participation.moderation.registry import all_kinds, get_kind


@bp.get("/moderatie/bezwaren")
@role_required("moderator")
def appeals():
    page = db.paginate(queries.appeals_statement(current_user), per_page=50, error_out=False)
    return render_template(
        "moderation/appeals.html",
        page=page,
        form=AppealDecisionForm(),
        kinds={kind.name: kind for kind in all_kinds()},
        appeal_state_labels=APPEAL_STATE_LABELS,
    )


@bp.post("/moderatie/bezwaren/<int:appeal_id>")
@role_required("moderator")
def decide_appeal(appeal_id: int):
    appeal = db.session.get(Appeal, appeal_id) or abort(404)
    if not permissions.can_moderate_item(current_user, appeal.decision.item):
        abort(403)
    form = AppealDecisionForm()
    if not form.validate_on_submit():
        flash_form_errors(form, _("Choose an outcome and write an answer to the author."))
        return redirect(url_for("moderation.appeals"))
    try:
        with all_or_nothing():
            services.decide_appeal(current_user, appeal, grant=form.outcome.data == "grant", answer=form.answer.data)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("Appeal decided. The author has been informed."), "success")
    return redirect(url_for("moderation.appeals"))


@bp.route("/moderatie/beslissingen/<int:decision_id>/bezwaar", methods=["GET", "POST"])
@login_required
def appeal(decision_id: int):
    decision = db.session.get(Decision, decision_id) or abort(404)
    if decision.item.author_id != current_user.id:
        abort(403)
    kind = get_kind(decision.item.kind)
    if decision.appeal is not None:
        flash(_("You already appealed this decision. A decision can be appealed only once."), "info")
        return redirect(url_for("processes.index"))
    form = AppealForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.lodge_appeal(current_user, decision, form.text.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your appeal was sent. Another moderator will decide and let you know."), "success")
            return redirect(url_for("processes.index"))
    return render_template(
        "moderation/appeal.html", form=form, decision=decision, kind=kind,
        reason=decision.reason_in(current_user.language),
    ), 200 if not form.errors else 422
