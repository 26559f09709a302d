"""The public pages: the campaign list, a campaign's page, following it and offering help."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.accounts.confirmation import confirmed_email_required
from participation.core.errors import DomainError
from participation.core.models import utcnow
from participation.core.transactions import all_or_nothing, perform_action
from participation.crowdfunding import bp, dates, news, permissions, queries, services
from participation.crowdfunding.forms import ActionForm, SignupForm, UpdateForm
from participation.crowdfunding.models import Need
from participation.crowdfunding.routes.loading import load_campaign, load_campaign_page
from participation.extensions import db
from participation.moderation import services as moderation


@bp.get("/crowdfunding")
def index():
    campaigns = queries.public_campaigns()
    totals = queries.campaign_totals(c.id for c in campaigns)
    mine = queries.campaigns_owned_by(current_user) if current_user.is_authenticated else []
    return render_template("crowdfunding/index.html", campaigns=campaigns, totals=totals, mine=mine, now=utcnow())


@bp.get("/crowdfunding/<int:campaign_id>")
def detail(campaign_id: int):
    campaign, campaign_notice = load_campaign_page(campaign_id)
    totals = queries.campaign_totals([campaign.id])[campaign.id]
    return render_template(
        "crowdfunding/detail.html",
        campaign=campaign,
        campaign_notice=campaign_notice,
        may_see_hidden_updates=permissions.can_see_hidden_updates(current_user, campaign),
        hidden_updates=moderation.hidden_object_ids("campaign_update", [update.id for update in campaign.updates]),
        totals=totals,
        backers=queries.public_backers(campaign),
        deadline_day=dates.deadline_day(campaign),
        days_left=max((dates.as_utc(campaign.deadline_at) - utcnow()).days, 0),
        signup_form=SignupForm(),
        update_form=UpdateForm(prefix="update"),
        is_following=news.is_following(campaign, current_user),
        action_form=ActionForm(),
    )


@bp.post("/crowdfunding/<int:campaign_id>/volgen")
@login_required
def follow(campaign_id: int):
    campaign = load_campaign(campaign_id)
    if campaign.status not in ("live", "succeeded", "failed"):
        abort(404)
    perform_action(lambda: news.follow_campaign(campaign, current_user), _("You follow this campaign: you will hear about its updates."))
    return redirect(url_for("crowdfunding.detail", campaign_id=campaign.id))


@bp.post("/crowdfunding/<int:campaign_id>/ontvolgen")
@login_required
def unfollow(campaign_id: int):
    campaign = load_campaign(campaign_id)
    perform_action(lambda: news.unfollow_campaign(campaign, current_user), _("You no longer follow this campaign."))
    return redirect(url_for("crowdfunding.detail", campaign_id=campaign.id))


@bp.post("/crowdfunding/noden/<int:need_id>/helpen")
@login_required
@confirmed_email_required  # pledging time: the owner contacts helpers at their address
def sign_up(need_id: int):
    need = db.session.get(Need, need_id) or abort(404)
    campaign = load_campaign(need.campaign_id)
    form = SignupForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.sign_up_for_need(need, current_user, form.quantity.data)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("Thank you! The project owner will contact you."), "success")
    else:
        flash(_("Enter how many you can offer."), "error")
    return redirect(url_for("crowdfunding.detail", campaign_id=campaign.id) + "#needs")
