"""Loading what a crowdfunding page is about, or answering 404 for what the visitor may not see."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from participation.crowdfunding import permissions
from participation.crowdfunding.models import Campaign, Pledge
from participation.extensions import db
from participation.moderation import visibility as moderation


def load_campaign(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id) or abort(404)
    if not permissions.can_view_campaign(current_user, campaign):
        abort(404)  # unpublished campaigns do not exist for the public
    if not permissions.can_see_despite_moderation(current_user, "campaign", campaign.id, campaign.owner_id):
        abort(404)  # nor do campaigns moderation hid
    return campaign


def load_campaign_page(campaign_id: int) -> tuple[Campaign, dict | None]:
    """load_campaign for the campaign's own page, which also shows its owner moderation's notice: one
    lookup of the moderation item serves both."""
    campaign = db.session.get(Campaign, campaign_id) or abort(404)
    if not permissions.can_view_campaign(current_user, campaign):
        abort(404)
    notice = moderation.notice_for("campaign", campaign.id)
    if notice is not None and not permissions.may_see_moderated(current_user, notice["item"], campaign.owner_id):
        abort(404)
    return campaign, notice


def load_pledge(pledge_id: int) -> Pledge:
    pledge = db.session.get(Pledge, pledge_id) or abort(404)
    if not permissions.can_view_pledge(current_user, pledge):
        abort(404)
    return pledge


def load_own_pledge(pledge_id: int) -> Pledge:
    """A pledge its backer acts on: staff may see it, only the backer may change it."""
    pledge = load_pledge(pledge_id)
    if pledge.backer_id != current_user.id:
        abort(403)
    return pledge


def unprocessable(form) -> int:
    """A form sent back with its problems is a 422, so tests and tools can tell it from a fresh page."""
    return 422 if form.errors or form.form_errors else 200
