"""Crowdfunding campaigns and their updates as moderated kinds (reports, hiding, decisions).

Campaigns have their own vetting workflow before they go live (crowdfunding.services); moderation
handles what happens after: reports on live campaigns and updates. Neither table has a visibility
column that moderation may set, so a hidden campaign or update is a hidden moderation item: the
campaign list filters with services.public_clause("campaign", Campaign.id) in its own query, a campaign's
page is a 404 for the public (its owner and moderators see why), and its page leaves out
services.hidden_object_ids("campaign_update", ids).
"""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from participation.extensions import db
from participation.moderation.registry import ModeratedKind, load_by_ids, register_kind


def _process_of_campaign(campaign):
    idea = getattr(campaign, "idea", None)
    if idea is None and getattr(campaign, "idea_id", None):
        from participation.ideas.models import Idea

        idea = db.session.get(Idea, campaign.idea_id)
    return idea.process if idea is not None else None


def process_id_of_campaign(campaign) -> int | None:
    process = _process_of_campaign(campaign)
    return process.id if process is not None else None


def _author_of_update(update):
    from participation.accounts.models import User

    return db.session.get(User, update.author_id) if update.author_id else None


def _update_visibility(update, public: bool) -> None:
    """An update held for a moderator was never announced: approving it announces it now. notify() is
    idempotent per update, so a restored update reaches only those who had not been told."""
    if public:
        from participation.crowdfunding.news import announce_update

        announce_update(update)


def register() -> None:
    from participation.core.text import text_of_html
    from participation.crowdfunding.models import Campaign, CampaignUpdate
    from participation.crowdfunding.states import CAMPAIGN_PUBLIC

    register_kind(
        ModeratedKind(
            name="campaign",
            label=_l("Crowdfunding campaign"),
            load=lambda object_id: db.session.get(Campaign, object_id),
            load_many=load_by_ids(Campaign),
            author_of=lambda campaign: campaign.owner,
            process_of=_process_of_campaign,
            url_of=lambda campaign: url_for("crowdfunding.detail", campaign_id=campaign.id),
            excerpt_of=lambda campaign: f"{campaign.title} — {campaign.summary}"[:500],
            is_visible=lambda campaign: campaign.status in CAMPAIGN_PUBLIC,  # drafts are the owner's and the city's
            review_new=False,  # city staff vet every campaign before it goes live
        )
    )
    register_kind(
        ModeratedKind(
            name="campaign_update",
            label=_l("Campaign update"),
            load=lambda object_id: db.session.get(CampaignUpdate, object_id),
            load_many=load_by_ids(CampaignUpdate),
            author_of=_author_of_update,
            process_of=lambda update: _process_of_campaign(update.campaign),
            url_of=lambda update: url_for("crowdfunding.detail", campaign_id=update.campaign_id),
            excerpt_of=lambda update: f"{update.title} — {text_of_html(update.body_html)}"[:500],
            is_visible=lambda update: update.campaign.status in CAMPAIGN_PUBLIC,
            visibility_changed=_update_visibility,
        )
    )
