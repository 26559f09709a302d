"""City staff: the crowdfunding overview, vetting a campaign, the city's match and the yearly match fund."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import show_domain_error
from participation.core.transactions import all_or_nothing
from participation.crowdfunding import bp, matching, queries, services, structured
from participation.crowdfunding.forms import ActionForm, MatchForm, MatchFundForm, ReasonForm, StatementForm
from participation.crowdfunding.models import Campaign
from participation.extensions import db


@bp.get("/beheer/crowdfunding")
@role_required("staff")
def manage():
    queue = queries.vetting_queue()
    overview = queries.staff_overview()
    return render_template(
        "crowdfunding/manage.html",
        queue=queue,
        overview=overview,
        totals=queries.campaign_totals([c.id for c in overview]),
        funds=matching.all_match_funds(),
        fund_form=MatchFundForm(prefix="fund", year=date.today().year),
        statement_form=StatementForm(prefix="statement"),
    )


@bp.route("/beheer/crowdfunding/<int:campaign_id>", methods=["GET"])
@role_required("staff")
def review(campaign_id: int):
    campaign = db.session.get(Campaign, campaign_id) or abort(404)
    return _render_review(campaign)


def _render_review(campaign: Campaign, reason_form: ReasonForm | None = None, match_form: MatchForm | None = None, status: int = 200):
    return (
        render_template(
            "crowdfunding/review.html",
            campaign=campaign,
            pledges=queries.pledges_of(campaign),
            totals=queries.campaign_totals([campaign.id])[campaign.id],
            reason_form=reason_form or ReasonForm(),
            match_form=match_form or MatchForm(prefix="match"),
            action_form=ActionForm(),
            refund_form=ReasonForm(prefix="refund"),
            structured=structured,
        ),
        status,
    )


VET_ACTIONS = {
    "approve": (services.approve_campaign, _l("The campaign is approved; the owner can launch it.")),
    "changes": (services.request_changes, _l("The owner is asked to make changes.")),
    "reject": (services.reject_campaign, _l("The campaign is rejected.")),
    "cancel": (services.cancel_campaign, _l("The campaign is cancelled. Nobody will be charged.")),
}


@bp.post("/beheer/crowdfunding/<int:campaign_id>/<any(approve, changes, reject, cancel):action>")
@role_required("staff")
def vet(campaign_id: int, action: str):
    campaign = db.session.get(Campaign, campaign_id) or abort(404)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _render_review(campaign, reason_form=form, status=422)
    service, message = VET_ACTIONS[action]
    try:
        with all_or_nothing():
            service(campaign, current_user, form.reason.data or "")
    except DomainError as error:
        show_domain_error(form, error)
        return _render_review(campaign, reason_form=form, status=422)
    flash(str(message), "success")
    return redirect(url_for("crowdfunding.review", campaign_id=campaign.id))


@bp.post("/beheer/crowdfunding/<int:campaign_id>/match")
@role_required("staff")
def attach_match(campaign_id: int):
    campaign = db.session.get(Campaign, campaign_id) or abort(404)
    form = MatchForm(prefix="match")
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                matching.attach_match(campaign, percent=form.percent.data, cap=form.cap.data, staff=current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The city's match is attached."), "success")
            return redirect(url_for("crowdfunding.review", campaign_id=campaign.id))
    return _render_review(campaign, match_form=form, status=422)


@bp.post("/beheer/crowdfunding/fondsen")
@role_required("staff")
def save_fund():
    form = MatchFundForm(prefix="fund")
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                matching.set_match_budget(form.year.data, form.budget.data)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("The match fund is saved."), "success")
    else:
        flash(_("Enter a year and a budget."), "error")
    return redirect(url_for("crowdfunding.manage"))
