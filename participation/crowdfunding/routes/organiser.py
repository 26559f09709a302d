"""The owner's pages: drafting and editing a campaign, its rewards and needs, sending it to the city,
launching it and posting updates."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.accounts.confirmation import confirmed_email_required
from participation.core.errors import DomainError
from participation.core.forms import flash_form_errors, show_domain_error
from participation.core.ratelimits import refuse_when_over_limit
from participation.core.transactions import all_or_nothing, perform_action
from participation.crowdfunding import bp, dates, permissions, rewards, services
from participation.crowdfunding.forms import ActionForm, CampaignForm, NeedForm, RewardForm, UpdateForm
from participation.crowdfunding.models import Campaign
from participation.crowdfunding.routes.loading import load_campaign, unprocessable
from participation.moderation import services as moderation
from participation.moderation.antiabuse import limit_posting
from participation.moderation.labels import WAITING_FOR_MODERATOR_MESSAGE


def _save_campaign(form: CampaignForm, campaign: Campaign | None) -> Campaign:
    image = form.image.data if form.image.data and getattr(form.image.data, "filename", "") else None
    with all_or_nothing():
        return services.save_campaign(
            campaign,
            owner=current_user if campaign is None else campaign.owner,
            title=form.title.data,
            organisation_name=form.organisation_name.data,
            summary=form.summary.data or "",
            story=form.story.data or "",
            goal=form.goal.data,
            deadline=form.deadline.data,
            funding_model=form.funding_model.data,
            idea_id=form.idea_id.data,
            image=image.stream if image else None,
            image_alt=form.image_alt.data,
            remove_image=form.remove_image.data,
            language=form.language.data or None,
        )


@bp.route("/crowdfunding/nieuw", methods=["GET", "POST"])
@login_required
@confirmed_email_required
@limit_posting
def create():
    form = CampaignForm()
    if form.validate_on_submit():
        try:
            refuse_when_over_limit()
            campaign = _save_campaign(form, None)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your campaign is saved as a draft. Add rewards and needs, then send it to the city."), "success")
            return redirect(url_for("crowdfunding.edit", campaign_id=campaign.id))
    return render_template("crowdfunding/form.html", form=form, campaign=None), unprocessable(form)


@bp.route("/crowdfunding/<int:campaign_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(campaign_id: int):
    campaign = load_campaign(campaign_id)
    if not permissions.is_owner(current_user, campaign):
        abort(403)
    if request.method == "GET":
        return _render_edit(campaign)
    if not permissions.can_edit_campaign(current_user, campaign):
        abort(403)
    form = CampaignForm()
    if form.validate_on_submit():
        try:
            _save_campaign(form, campaign)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The campaign is saved."), "success")
            return redirect(url_for("crowdfunding.edit", campaign_id=campaign.id))
    return _render_edit(campaign, form=form, status=unprocessable(form))


def _offer_forms(campaign: Campaign, bound: dict | None = None) -> dict:
    """One edit form per reward and per need (prefixes keep their ids apart), plus the two 'add' forms."""
    bound = bound or {}
    forms = {
        "reward_form": bound.get("reward_form") or RewardForm(prefix="reward"),
        "need_form": bound.get("need_form") or NeedForm(prefix="need"),
        "tier_forms": {},
        "need_forms": {},
    }
    for tier in campaign.reward_tiers:
        prefix = f"tier{tier.id}"
        form = bound.get(prefix)
        if form is None:
            form = RewardForm(prefix=prefix, formdata=None, title=tier.title, description=tier.description,
                              min_amount=_euro_text(tier.min_amount_cents))
        forms["tier_forms"][tier.id] = form
    for need in campaign.needs:
        prefix = f"need{need.id}"
        forms["need_forms"][need.id] = bound.get(prefix) or NeedForm(prefix=prefix, formdata=None, kind=need.kind, title=need.title, quantity=need.quantity)
    return forms


def _euro_text(cents: int) -> str:
    return f"{cents / 100:.2f}".replace(".", ",").removesuffix(",00")


def _render_edit(campaign: Campaign, form: CampaignForm | None = None, bound: dict | None = None, status: int = 200):
    if form is None:
        form = CampaignForm(obj=campaign, formdata=None)
        form.story.data = campaign.story_source
        form.goal.data = _euro_text(campaign.goal_cents)
        form.deadline.data = dates.deadline_day(campaign)
    return (
        render_template("crowdfunding/form.html", form=form, campaign=campaign, action_form=ActionForm(), **_offer_forms(campaign, bound)),
        status,
    )


def _load_offer_campaign(campaign_id: int) -> Campaign:
    campaign = load_campaign(campaign_id)
    if not permissions.can_change_offers(current_user, campaign):
        abort(403)
    return campaign


def _change_offer(campaign: Campaign, form, key: str, change, done_message: str):
    """Validate an add/edit form of a reward or need, run the change all-or-nothing; on a problem show
    the edit page again with what was typed and the message next to the field (422)."""
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                change()
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(done_message, "success")
            return redirect(url_for("crowdfunding.edit", campaign_id=campaign.id) + "#offers")
    return _render_edit(campaign, bound={key: form}, status=422)


@bp.post("/crowdfunding/<int:campaign_id>/beloningen")
@login_required
def add_reward(campaign_id: int):
    campaign = _load_offer_campaign(campaign_id)
    form = RewardForm(prefix="reward")
    return _change_offer(
        campaign, form, "reward_form",
        lambda: rewards.add_reward_tier(campaign, title=form.title.data, description=form.description.data or "", min_amount=form.min_amount.data),
        _("The reward is added."),
    )


@bp.post("/crowdfunding/<int:campaign_id>/beloningen/<int:tier_id>")
@login_required
def update_reward(campaign_id: int, tier_id: int):
    campaign = _load_offer_campaign(campaign_id)
    tier = next((t for t in campaign.reward_tiers if t.id == tier_id), None) or abort(404)
    form = RewardForm(prefix=f"tier{tier.id}")
    return _change_offer(
        campaign, form, f"tier{tier.id}",
        lambda: rewards.update_reward_tier(tier, title=form.title.data, description=form.description.data or "", min_amount=form.min_amount.data),
        _("The reward is changed."),
    )


@bp.post("/crowdfunding/<int:campaign_id>/beloningen/<int:tier_id>/verwijderen")
@login_required
def remove_reward(campaign_id: int, tier_id: int):
    campaign = _load_offer_campaign(campaign_id)
    tier = next((t for t in campaign.reward_tiers if t.id == tier_id), None) or abort(404)
    perform_action(lambda: rewards.remove_reward_tier(tier), _("The reward is removed."))
    return redirect(url_for("crowdfunding.edit", campaign_id=campaign.id) + "#offers")


@bp.post("/crowdfunding/<int:campaign_id>/noden")
@login_required
def add_need(campaign_id: int):
    campaign = _load_offer_campaign(campaign_id)
    form = NeedForm(prefix="need")
    return _change_offer(
        campaign, form, "need_form",
        lambda: rewards.add_need(campaign, kind=form.kind.data, title=form.title.data, quantity=form.quantity.data),
        _("The need is added."),
    )


@bp.post("/crowdfunding/<int:campaign_id>/noden/<int:need_id>")
@login_required
def update_need(campaign_id: int, need_id: int):
    campaign = _load_offer_campaign(campaign_id)
    need = next((n for n in campaign.needs if n.id == need_id), None) or abort(404)
    form = NeedForm(prefix=f"need{need.id}")
    return _change_offer(
        campaign, form, f"need{need.id}",
        lambda: rewards.update_need(need, kind=form.kind.data, title=form.title.data, quantity=form.quantity.data),
        _("The need is changed."),
    )


@bp.post("/crowdfunding/<int:campaign_id>/noden/<int:need_id>/verwijderen")
@login_required
def remove_need(campaign_id: int, need_id: int):
    campaign = _load_offer_campaign(campaign_id)
    need = next((n for n in campaign.needs if n.id == need_id), None) or abort(404)
    perform_action(lambda: rewards.remove_need(need), _("The need is removed."))
    return redirect(url_for("crowdfunding.edit", campaign_id=campaign.id) + "#offers")


@bp.post("/crowdfunding/<int:campaign_id>/indienen")
@login_required
def submit(campaign_id: int):
    campaign = load_campaign(campaign_id)
    if not permissions.can_submit_campaign(current_user, campaign):
        abort(403)
    perform_action(lambda: services.submit_campaign(campaign, current_user), _("Your campaign is sent to the city. You will get an email when it is reviewed."))
    return redirect(url_for("crowdfunding.edit", campaign_id=campaign.id))


@bp.post("/crowdfunding/<int:campaign_id>/lanceren")
@login_required
def launch(campaign_id: int):
    campaign = load_campaign(campaign_id)
    if not permissions.can_launch_campaign(current_user, campaign):
        abort(403)
    perform_action(lambda: services.launch_campaign(campaign, current_user), _("Your campaign is live. Share the page with your neighbours!"))
    return redirect(url_for("crowdfunding.detail", campaign_id=campaign.id))


@bp.post("/crowdfunding/<int:campaign_id>/updates")
@login_required
@limit_posting
def post_update(campaign_id: int):
    campaign = load_campaign(campaign_id)
    if not permissions.can_post_update(current_user, campaign):
        abort(403)
    form = UpdateForm(prefix="update")
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                refuse_when_over_limit()
                update = services.post_update(campaign, current_user, title=form.title.data, body=form.body.data or "")
        except DomainError as error:
            flash(str(error), "error")
        else:
            if moderation.is_public("campaign_update", update.id):
                flash(_("The update is posted."), "success")
            else:
                flash(str(WAITING_FOR_MODERATOR_MESSAGE), "info")
    else:
        flash_form_errors(form, _("Give the update a title."))
    return redirect(url_for("crowdfunding.detail", campaign_id=campaign.id) + "#updates")
