"""Thin routes: load, check permission, validate the form, call one service, flash and redirect."""
from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import show_domain_error
from participation.core.models import utcnow
from participation.core.transactions import all_or_nothing, perform_action
from participation.crowdfunding import bp, dates, matching, news, permissions, queries, rewards, services, structured
from participation.crowdfunding.amounts import format_euros
from participation.crowdfunding.forms import (
    ActionForm,
    CampaignForm,
    MatchForm,
    MatchFundForm,
    NeedForm,
    PledgeForm,
    ReasonForm,
    RewardForm,
    SignupForm,
    StatementForm,
    UpdateForm,
)
from participation.crowdfunding.labels import (
    CAMPAIGN_STATUS_LABELS,
    FUNDING_MODEL_LABELS,
    MATCH_STATUS_LABELS,
    PLEDGE_STATUS_LABELS,
)
from participation.crowdfunding.models import Campaign, Need, Pledge
from participation.crowdfunding.payments import bank_transfers, cards, pledges, refunds
from participation.crowdfunding.stripe_gateway import (
    InvalidWebhook,
    card_payments_enabled,
    get_gateway,
)
from participation.extensions import csrf, db
from participation.moderation import services as moderation
from participation.moderation.antiabuse import limit_posting
from participation.moderation.labels import WAITING_FOR_MODERATOR_MESSAGE


@bp.app_context_processor
def crowdfunding_labels() -> dict:
    return {
        "campaign_status_labels": CAMPAIGN_STATUS_LABELS,
        "pledge_status_labels": PLEDGE_STATUS_LABELS,
        "funding_model_labels": FUNDING_MODEL_LABELS,
        "match_status_labels": MATCH_STATUS_LABELS,
        "cf_permissions": permissions,
        # The main menu link: its text lives in this feature's catalogue, not the core one.
        "crowdfunding_nav_label": _l("Crowdfunding"),
    }


def _load_campaign(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id) or abort(404)
    if not permissions.can_view_campaign(current_user, campaign):
        abort(404)  # unpublished campaigns do not exist for the public
    if not permissions.can_see_despite_moderation(current_user, "campaign", campaign.id, campaign.owner_id):
        abort(404)  # nor do campaigns moderation hid
    return campaign


def _load_pledge(pledge_id: int) -> Pledge:
    pledge = db.session.get(Pledge, pledge_id) or abort(404)
    if not permissions.can_view_pledge(current_user, pledge):
        abort(404)
    return pledge


def _unprocessable(form) -> int:
    return 422 if form.errors or form.form_errors else 200


# --- Public ---------------------------------------------------------------------------------


@bp.get("/crowdfunding")
def index():
    campaigns = queries.public_campaigns()
    totals = queries.campaign_totals(c.id for c in campaigns)
    mine = queries.campaigns_owned_by(current_user) if current_user.is_authenticated else []
    return render_template("crowdfunding/index.html", campaigns=campaigns, totals=totals, mine=mine, now=utcnow())


@bp.get("/crowdfunding/<int:campaign_id>")
def detail(campaign_id: int):
    campaign = _load_campaign(campaign_id)
    totals = queries.campaign_totals([campaign.id])[campaign.id]
    return render_template(
        "crowdfunding/detail.html",
        campaign=campaign,
        campaign_notice=moderation.notice_for("campaign", campaign.id),
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


# --- Owners: drafting -------------------------------------------------------------------------


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
        )


@bp.route("/crowdfunding/nieuw", methods=["GET", "POST"])
@login_required
@limit_posting
def create():
    form = CampaignForm()
    if form.validate_on_submit():
        try:
            campaign = _save_campaign(form, None)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your campaign is saved as a draft. Add rewards and needs, then send it to the city."), "success")
            return redirect(url_for("crowdfunding.edit", campaign_id=campaign.id))
    return render_template("crowdfunding/form.html", form=form, campaign=None), _unprocessable(form)


@bp.route("/crowdfunding/<int:campaign_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(campaign_id: int):
    campaign = _load_campaign(campaign_id)
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
    return _render_edit(campaign, form=form, status=_unprocessable(form))


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
    campaign = _load_campaign(campaign_id)
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
    campaign = _load_campaign(campaign_id)
    if not permissions.can_submit_campaign(current_user, campaign):
        abort(403)
    perform_action(lambda: services.submit_campaign(campaign, current_user), _("Your campaign is sent to the city. You will get an email when it is reviewed."))
    return redirect(url_for("crowdfunding.edit", campaign_id=campaign.id))


@bp.post("/crowdfunding/<int:campaign_id>/lanceren")
@login_required
def launch(campaign_id: int):
    campaign = _load_campaign(campaign_id)
    if not permissions.can_launch_campaign(current_user, campaign):
        abort(403)
    perform_action(lambda: services.launch_campaign(campaign, current_user), _("Your campaign is live. Share the page with your neighbours!"))
    return redirect(url_for("crowdfunding.detail", campaign_id=campaign.id))


@bp.post("/crowdfunding/<int:campaign_id>/updates")
@login_required
@limit_posting
def post_update(campaign_id: int):
    campaign = _load_campaign(campaign_id)
    if not permissions.can_post_update(current_user, campaign):
        abort(403)
    form = UpdateForm(prefix="update")
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                update = services.post_update(campaign, current_user, title=form.title.data, body=form.body.data or "")
        except DomainError as error:
            flash(str(error), "error")
        else:
            if moderation.is_public("campaign_update", update.id):
                flash(_("The update is posted."), "success")
            else:
                flash(str(WAITING_FOR_MODERATOR_MESSAGE), "info")
    else:
        flash(_("Give the update a title."), "error")
    return redirect(url_for("crowdfunding.detail", campaign_id=campaign.id) + "#updates")


@bp.post("/crowdfunding/<int:campaign_id>/volgen")
@login_required
def follow(campaign_id: int):
    campaign = _load_campaign(campaign_id)
    if campaign.status not in ("live", "succeeded", "failed"):
        abort(404)
    perform_action(lambda: news.follow_campaign(campaign, current_user), _("You follow this campaign: you will hear about its updates."))
    return redirect(url_for("crowdfunding.detail", campaign_id=campaign.id))


@bp.post("/crowdfunding/<int:campaign_id>/ontvolgen")
@login_required
def unfollow(campaign_id: int):
    campaign = _load_campaign(campaign_id)
    perform_action(lambda: news.unfollow_campaign(campaign, current_user), _("You no longer follow this campaign."))
    return redirect(url_for("crowdfunding.detail", campaign_id=campaign.id))


@bp.post("/crowdfunding/noden/<int:need_id>/helpen")
@login_required
def sign_up(need_id: int):
    need = db.session.get(Need, need_id) or abort(404)
    campaign = _load_campaign(need.campaign_id)
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


# --- Backers: pledging ----------------------------------------------------------------------


def _pledge_form(campaign: Campaign) -> PledgeForm:
    form = PledgeForm()
    form.reward_tier_id.choices = [(0, _("No reward"))] + [
        (tier.id, f"{tier.title} (≥ {format_euros(tier.min_amount_cents)})") for tier in campaign.reward_tiers
    ]
    return form


@bp.route("/crowdfunding/<int:campaign_id>/steunen", methods=["GET", "POST"])
@login_required
def pledge_form(campaign_id: int):
    campaign = _load_campaign(campaign_id)
    form = _pledge_form(campaign)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                pledge = pledges.record_pledge(
                    campaign, current_user, amount=form.amount.data, method=form.method.data,
                    is_anonymous=form.is_anonymous.data, reward_tier_id=form.reward_tier_id.data or None,
                )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            if pledge.method == "card":
                try:
                    with all_or_nothing():
                        cards.prepare_card_payment(pledge, get_gateway())
                except DomainError as error:
                    flash(str(error), "warning")
            else:
                flash(_("Thank you! Transfer the amount with the structured communication below."), "success")
            return redirect(url_for("crowdfunding.pledge", pledge_id=pledge.id))
    return (
        render_template("crowdfunding/pledge_form.html", campaign=campaign, form=form, card_enabled=card_payments_enabled()),
        _unprocessable(form),
    )


@bp.get("/crowdfunding/steun/<int:pledge_id>")
@login_required
def pledge(pledge_id: int):
    pledge = _load_pledge(pledge_id)
    intent = None
    gateway_problem = None
    if pledge.method == "card" and pledge.status in ("pending", "action_required") and card_payments_enabled():
        try:
            # Only reads from Stripe: creating a (new) SetupIntent is the POST of start_card.
            intent = cards.open_setup_intent(pledge, get_gateway())
        except DomainError as error:
            gateway_problem = str(error)
    communication = structured.format_communication(pledge.structured_reference) if pledge.structured_reference else None
    response = make_response(render_template(
        "crowdfunding/pledge.html",
        pledge=pledge,
        campaign=pledge.campaign,
        intent=intent,
        gateway_problem=gateway_problem,
        communication=communication,
        iban=current_app.config["CROWDFUNDING_IBAN"],
        action_form=ActionForm(),
        card_enabled=card_payments_enabled(),
    ))
    if intent is not None:
        response.headers["Content-Security-Policy"] = _card_page_policy()
    return response


def _card_page_policy() -> str:
    """The site's policy, plus what Stripe.js needs on the one page that collects a card: talking to
    Stripe's API (connect-src). Only this page gets it."""
    from participation.core.security import content_security_policy

    api = current_app.config.get("STRIPE_API_BASE") or "https://api.stripe.com"
    api_origin = "/".join(api.split("/")[:3])
    return content_security_policy(current_app) + f"; connect-src 'self' {api_origin}"


@bp.post("/crowdfunding/steun/<int:pledge_id>/kaart/starten")
@login_required
def start_card(pledge_id: int):
    """Create what Stripe.js needs to collect a card (first try after an outage, or a new card after a failed charge)."""
    pledge = _load_pledge(pledge_id)
    if pledge.backer_id != current_user.id:
        abort(403)
    if ActionForm().validate_on_submit():
        try:
            with all_or_nothing():
                cards.prepare_card_payment(pledge, get_gateway())
        except DomainError as error:
            flash(str(error), "warning")
    return redirect(url_for("crowdfunding.pledge", pledge_id=pledge.id))


@bp.post("/crowdfunding/steun/<int:pledge_id>/kaart")
@login_required
def confirm_card(pledge_id: int):
    """The browser says Stripe.js confirmed the card; ask Stripe what really happened."""
    pledge = _load_pledge(pledge_id)
    if pledge.backer_id != current_user.id:
        abort(403)
    if ActionForm().validate_on_submit():
        try:
            with all_or_nothing():
                cards.sync_card_pledge(pledge, get_gateway())
        except DomainError as error:
            flash(str(error), "error")
        else:
            if pledge.status == "authorised":
                flash(_("Your card is saved. It will only be charged if the campaign reaches its goal."), "success")
            elif pledge.status == "charged":
                flash(_("Thank you! Your payment is received."), "success")
            else:
                flash(_("Your card was not confirmed yet. Please try again."), "warning")
    return redirect(url_for("crowdfunding.pledge", pledge_id=pledge.id))


@bp.post("/crowdfunding/steun/<int:pledge_id>/intrekken")
@login_required
def withdraw(pledge_id: int):
    pledge = _load_pledge(pledge_id)
    if pledge.backer_id != current_user.id:
        abort(403)
    perform_action(lambda: pledges.cancel_pledge(pledge, current_user, note="withdrawn by the backer"), _("Your pledge is withdrawn."))
    return redirect(url_for("crowdfunding.pledge", pledge_id=pledge.id))


@bp.post("/crowdfunding/stripe/webhook")
@csrf.exempt
def stripe_webhook():
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        abort(404)
    try:
        outcome = payments_webhook(request.get_data(), request.headers.get("Stripe-Signature"), secret)
    except InvalidWebhook:
        return {"error": "invalid signature"}, 400
    return {"outcome": outcome}, 200


def payments_webhook(payload: bytes, signature: str | None, secret: str) -> str:
    from participation.crowdfunding.webhooks import handle_webhook

    return handle_webhook(payload, signature, secret)


# --- Staff ------------------------------------------------------------------------------------


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
    return redirect(url_for("crowdfunding.refunds_due"))


@bp.post("/beheer/crowdfunding/overschrijvingen")
@role_required("staff")
def import_statement():
    form = StatementForm(prefix="statement")
    upload = form.statement.data if form.validate_on_submit() else None
    if not upload or not getattr(upload, "filename", ""):
        flash(_("Choose a CSV file exported from the bank."), "error")
        return redirect(url_for("crowdfunding.manage"))
    raw = upload.read(2 * 1024 * 1024)
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
