"""What a campaign tells others: its backers and followers (notifications.notify, kind "campaign"),
and the citizen idea it grew out of (that idea's timeline, through ideas.services.record_idea_outcome).

Every notify() call carries an event key per campaign event, so calling it again (a retried request,
a second close-due run) tells nobody twice. Functions flush and never commit.
"""
from __future__ import annotations

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.crowdfunding import states
from participation.crowdfunding.models import Campaign, CampaignFollow, CampaignUpdate, Pledge
from participation.extensions import db
from participation.notifications.service import notify


def campaign_path(campaign: Campaign, anchor: str = "") -> str:
    """A site path (also from close-due on the command line, where url_for would otherwise be absolute)."""
    return url_for("crowdfunding.detail", campaign_id=campaign.id, _external=False, _anchor=anchor or None)


def backers_of(campaign: Campaign) -> list:
    """Everyone whose pledge still stands or was paid (withdrawn pledges do not count), once each."""
    from participation.accounts.models import User

    standing = states.PLEDGE_COUNTED | {"awaiting_transfer"}
    return list(db.session.scalars(
        select(User).where(User.id.in_(
            select(Pledge.backer_id).where(Pledge.campaign_id == campaign.id, Pledge.status.in_(standing))
        )).order_by(User.id)
    ))


def followers_of(campaign: Campaign) -> list:
    from participation.accounts.models import User

    return list(db.session.scalars(
        select(User).join(CampaignFollow, CampaignFollow.user_id == User.id).where(CampaignFollow.campaign_id == campaign.id).order_by(User.id)
    ))


def is_following(campaign: Campaign, user) -> bool:
    if not user.is_authenticated:
        return False
    return db.session.scalar(
        select(CampaignFollow.id).where(CampaignFollow.campaign_id == campaign.id, CampaignFollow.user_id == user.id)
    ) is not None


def follow_campaign(campaign: Campaign, user) -> None:
    if not is_following(campaign, user):
        db.session.add(CampaignFollow(campaign_id=campaign.id, user_id=user.id))
        db.session.flush()


def unfollow_campaign(campaign: Campaign, user) -> None:
    row = db.session.scalar(select(CampaignFollow).where(CampaignFollow.campaign_id == campaign.id, CampaignFollow.user_id == user.id))
    if row is not None:
        db.session.delete(row)
        db.session.flush()


def announce_update(update: CampaignUpdate) -> int:
    """An owner's update reaches the campaign's backers and followers once; after funding it also
    continues the idea's timeline (a delivery report)."""
    campaign = update.campaign
    if getattr(update, "is_hidden", False):
        return 0  # held or hidden by moderation: nobody is told
    told = notify(
        event_key=f"campaign:{campaign.id}:update:{update.id}",
        recipients=[*backers_of(campaign), *followers_of(campaign)],
        kind="campaign",
        subject=_l("New update on “%(title)s”: %(update)s"),
        url=campaign_path(campaign, f"update-{update.id}"),
        actor=update.author,
        title=campaign.title,
        update=update.title,
    )
    if campaign.status == "succeeded":
        _on_idea_timeline(campaign, None, _l("Update of the crowdfunding campaign: %(update)s", update=update.title),
                          by=update.author, anchor=f"update-{update.id}")
    return told


def announce_outcome(campaign: Campaign) -> int:
    """Followers who did not back the campaign hear how it ended (backers get a mail about their own
    pledge from outcomes.py); the idea's timeline records it."""
    backers = {user.id for user in backers_of(campaign)}
    subjects = {
        "succeeded": _l("“%(title)s” reached its goal"),
        "failed": _l("“%(title)s” did not reach its goal"),
        "cancelled": _l("“%(title)s” is cancelled"),
    }
    told = notify(
        event_key=f"campaign:{campaign.id}:outcome",
        recipients=[user for user in followers_of(campaign) if user.id not in backers],
        kind="campaign",
        subject=subjects[campaign.status],
        url=campaign_path(campaign),
        title=campaign.title,
    )
    if campaign.status == "succeeded":
        _on_idea_timeline(campaign, None, _l("The crowdfunding campaign “%(title)s” reached its goal.", title=campaign.title))
    else:
        # The idea goes back to the city's review (the transition table allows crowdfunded -> under review).
        from participation.ideas import states as idea_states

        if campaign.status == "failed":
            message = _l("The crowdfunding campaign “%(title)s” did not reach its goal.", title=campaign.title)
        else:
            message = _l("The crowdfunding campaign “%(title)s” was cancelled.", title=campaign.title)
        _on_idea_timeline(campaign, idea_states.UNDER_REVIEW, message)
    return told


def announce_launch(campaign: Campaign, actor) -> None:
    """A campaign made from an idea went live: the idea becomes 'crowdfunded' and links to the campaign."""
    from participation.ideas import states as idea_states

    _on_idea_timeline(campaign, idea_states.CROWDFUNDED, _l("The crowdfunding campaign “%(title)s” is live.", title=campaign.title), by=actor)


def _on_idea_timeline(campaign: Campaign, status: str | None, message, *, by=None, anchor: str = "") -> None:
    if campaign.idea_id is None:
        return
    from participation.ideas.models import Idea
    from participation.ideas.services import record_idea_outcome

    idea = db.session.get(Idea, campaign.idea_id)
    if idea is None:
        return
    # The timeline keeps plain text: written in the platform's language, like staff notes.
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "nl")):
        note = str(message)
    record_idea_outcome(idea, status or idea.status, by, note, link_url=campaign_path(campaign, anchor))
