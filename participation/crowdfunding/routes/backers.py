"""The backer's pages: pledging, saving a card with Stripe.js, and withdrawing a pledge."""
from __future__ import annotations

from flask import current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.accounts.confirmation import confirmed_email_required
from participation.core.errors import DomainError
from participation.core.forms import show_domain_error
from participation.core.transactions import all_or_nothing, perform_action
from participation.crowdfunding import bp, structured
from participation.core.money import format_euros
from participation.crowdfunding.forms import ActionForm, PledgeForm
from participation.crowdfunding.models import Campaign
from participation.crowdfunding.payments import cards, pledges
from participation.crowdfunding.routes.loading import (
    load_campaign,
    load_own_pledge,
    load_pledge,
    unprocessable,
)
from participation.crowdfunding.stripe_gateway import card_payments_enabled, get_gateway


def _pledge_form(campaign: Campaign) -> PledgeForm:
    form = PledgeForm()
    form.reward_tier_id.choices = [(0, _("No reward"))] + [
        (tier.id, f"{tier.title} (≥ {format_euros(tier.min_amount_cents)})") for tier in campaign.reward_tiers
    ]
    return form


@bp.route("/crowdfunding/<int:campaign_id>/steunen", methods=["GET", "POST"])
@login_required
@confirmed_email_required
def pledge_form(campaign_id: int):
    campaign = load_campaign(campaign_id)
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
        unprocessable(form),
    )


@bp.get("/crowdfunding/steun/<int:pledge_id>")
@login_required
def pledge(pledge_id: int):
    pledge = load_pledge(pledge_id)
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
    pledge = load_own_pledge(pledge_id)
    # The card form on the pledge page is the outcome; Stripe being unreachable is a hitch to retry.
    perform_action(lambda: cards.prepare_card_payment(pledge, get_gateway()), None, failure_category="warning")
    return redirect(url_for("crowdfunding.pledge", pledge_id=pledge.id))


@bp.post("/crowdfunding/steun/<int:pledge_id>/kaart")
@login_required
def confirm_card(pledge_id: int):
    """The browser says Stripe.js confirmed the card; ask Stripe what really happened."""
    pledge = load_own_pledge(pledge_id)
    if perform_action(lambda: cards.sync_card_pledge(pledge, get_gateway()), None):
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
    pledge = load_own_pledge(pledge_id)
    perform_action(lambda: pledges.cancel_pledge(pledge, current_user, note="withdrawn by the backer"), _("Your pledge is withdrawn."))
    return redirect(url_for("crowdfunding.pledge", pledge_id=pledge.id))
