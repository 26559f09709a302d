"""Campaign rules: drafting, vetting by city staff, launching, cancelling, volunteers and updates.

Functions flush and never commit; refusals (errors.py) are DomainErrors the routes show to the user.
Cancelling orchestrates what lies below: pledges (payments/), the city's match (matching.py), backers'
mail (outcomes.py) and announcements (news.py), none of which imports this module. Reading lives in
queries.py; closing at the deadline (closing.py) sits above and uses change_status from here.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import IO

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from participation.core.errors import NotAllowed
from participation.core.i18n import written_in
from participation.core.images import ALT_WITHOUT_IMAGE, store_image
from participation.core.models import utcnow
from participation.core.text import clean_plain, clean_rich, fitting, text_of_html
from participation.crowdfunding import matching, news, outcomes, states
from participation.crowdfunding.amount_input import parse_amount
from participation.crowdfunding.dates import as_utc, city_timezone, deadline_day, end_of_day
from participation.crowdfunding.errors import InvalidCampaign, InvalidTransition
from participation.crowdfunding.labels import CAMPAIGN_STATUS_LABELS
from participation.notifications.service import external_link
from participation.crowdfunding.models import Campaign, CampaignEvent, CampaignUpdate, Need, Pledge, VolunteerSignup
from participation.crowdfunding.payments.pledges import cancel_open_pledges
from participation.extensions import db
from participation.moderation.antiabuse import is_repeated_post
from participation.moderation.labels import REPEATED_POST_MESSAGE
from participation.moderation.services import contribution_edited, track_contribution
from participation.notifications.mail import send_mail

MAX_GOAL_CENTS = 100_000_000  # one million euro


# --- Status changes -----------------------------------------------------------------------


def change_status(campaign: Campaign, new_status: str, *, actor, reason: str = "") -> CampaignEvent:
    """The one way to change a campaign's status: checked against the transition table, logged.

    The change itself is a conditional UPDATE (… WHERE status = the status we read), so when two
    processes change the same campaign at once (two close-due runs, staff cancelling while the
    deadline passes) exactly one wins; the other gets InvalidTransition and changes nothing."""
    old_status = campaign.status
    labels = CAMPAIGN_STATUS_LABELS
    if not states.campaign_can_change(old_status, new_status):
        raise InvalidTransition(_l("This campaign cannot go from “%(old)s” to “%(new)s”.", old=labels[old_status], new=labels[new_status]))
    changed = db.session.execute(
        update(Campaign)
        .where(Campaign.id == campaign.id, Campaign.status == old_status)
        .values(status=new_status)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        db.session.expire(campaign, ["status"])
        raise InvalidTransition(_l("Someone else changed this campaign at the same moment. Reload the page and try again."))
    set_committed_value(campaign, "status", new_status)
    db.session.expire(campaign, ["updated_at"])
    entry = CampaignEvent(
        campaign=campaign,
        actor_id=actor.id if actor is not None else None,
        from_status=old_status,
        to_status=new_status,
        reason=clean_plain(reason, multiline=True),
    )
    db.session.add(entry)
    db.session.flush()
    return entry


MIN_RUN_DAYS = 15
MAX_RUN_DAYS = 90


def check_deadline(deadline: date | None, today: date) -> None:
    """A campaign runs 15 to 90 days (the last day included)."""
    if deadline is None:
        raise InvalidCampaign(_l("Choose the last day of the campaign."), field="deadline")
    if deadline < today + timedelta(days=MIN_RUN_DAYS) or deadline > today + timedelta(days=MAX_RUN_DAYS):
        raise InvalidCampaign(
            lazy_ngettext("The campaign must run at least %(min)s and at most %(num)s day: choose a last day between %(first)s and %(last)s.",
                          "The campaign must run at least %(min)s and at most %(num)s days: choose a last day between %(first)s and %(last)s.",
                          MAX_RUN_DAYS, min=MIN_RUN_DAYS, first=format_date(today + timedelta(days=MIN_RUN_DAYS)),
               last=format_date(today + timedelta(days=MAX_RUN_DAYS))),
            field="deadline",
        )


def save_campaign(
    campaign: Campaign | None,
    *,
    owner,
    title: str,
    organisation_name: str | None,
    summary: str,
    story: str,
    goal: str,
    deadline: date | None,
    funding_model: str,
    idea_id: int | None = None,
    image: IO[bytes] | None = None,
    image_alt: str | None = None,
    remove_image: bool = False,
    today: date | None = None,
    language: str | None = None,
) -> Campaign:
    """Create (campaign=None) or edit a campaign. Only drafts and campaigns sent back for changes can be edited."""
    if campaign is not None and campaign.status not in states.CAMPAIGN_EDITABLE:
        raise NotAllowed(_l("A campaign can only be changed while it is a draft or when the city asked for changes."))
    title = clean_plain(title)
    if not title:
        raise InvalidCampaign(_l("Give the campaign a title."), field="title")
    fitting(title, 160, error=InvalidCampaign, field="title")
    organisation_name = fitting(clean_plain(organisation_name), 160, error=InvalidCampaign, field="organisation_name")
    summary = fitting(clean_plain(summary, multiline=True), 300, error=InvalidCampaign, field="summary")
    image_alt = fitting(clean_plain(image_alt), 200, error=InvalidCampaign, field="image_alt")
    if funding_model not in states.FUNDING_MODELS:
        raise InvalidCampaign(_l("Choose how the money is collected."), field="funding_model")
    goal_cents = parse_amount(goal, field="goal", error=InvalidCampaign, minimum_cents=100 * 100, maximum_cents=MAX_GOAL_CENTS)
    today = today or datetime.now(city_timezone()).date()
    check_deadline(deadline, today)
    if idea_id:
        from participation.ideas.models import Idea

        if db.session.get(Idea, idea_id) is None:
            raise InvalidCampaign(_l("There is no idea with this number."), field="idea_id")
    story_html = clean_rich(story)
    moderated_text = f"{title}\n{summary}\n{text_of_html(story_html)}"
    if campaign is None and is_repeated_post(owner, moderated_text):
        raise InvalidCampaign(REPEATED_POST_MESSAGE, field="title")
    image_name = None
    if image is not None:
        if not image_alt:
            raise InvalidCampaign(_l("Describe the image for people who cannot see it."), field="image_alt")
        image_name = store_image(image)
    elif image_alt and not (campaign is not None and campaign.image_filename):
        raise InvalidCampaign(ALT_WITHOUT_IMAGE, field="image_alt")
    if campaign is None:
        campaign = Campaign(owner_id=owner.id, status="draft")
        db.session.add(campaign)
    campaign.title = title
    campaign.organisation_name = organisation_name or None
    campaign.summary = summary
    campaign.story_source = story or ""
    campaign.story_html = story_html
    campaign.goal_cents = goal_cents
    campaign.deadline_at = end_of_day(deadline)
    campaign.funding_model = funding_model
    campaign.idea_id = idea_id or None
    campaign.language = written_in(moderated_text, chosen=language, fallback=campaign.language or owner.language)
    if image_name:
        campaign.image_filename = image_name
        campaign.image_alt = image_alt
    elif remove_image:
        campaign.image_filename = None
        campaign.image_alt = None
    elif image_alt:
        campaign.image_alt = image_alt  # a new description of the current image
    db.session.flush()
    if not campaign.events:
        db.session.add(CampaignEvent(campaign=campaign, actor_id=owner.id, from_status=None, to_status="draft"))
        db.session.flush()
        track_contribution("campaign", campaign, text=moderated_text)  # a listed word or a new account's link: a moderator looks first
    else:
        contribution_edited("campaign", campaign, text=moderated_text)
    return campaign


def submit_campaign(campaign: Campaign, actor, today: date | None = None) -> None:
    if not campaign.story_html:
        raise InvalidCampaign(_l("Tell the story of the project before you send it to the city."))
    # A draft saved weeks ago may no longer leave 15 days: the owner picks a new last day first.
    check_deadline(deadline_day(campaign), today or datetime.now(city_timezone()).date())
    change_status(campaign, "submitted", actor=actor)


def _notify_owner(campaign: Campaign, subject, decision: str, reason: str = "") -> None:
    owner = campaign.owner
    send_mail(
        owner.email,
        subject,
        "crowdfunding_decision",
        kind="crowdfunding_decision",
        locale=owner.language,
        campaign=campaign,
        owner=owner,
        decision=decision,
        reason=reason,
        link=external_link("crowdfunding.detail", campaign_id=campaign.id),
    )


def approve_campaign(campaign: Campaign, staff, reason: str = "") -> None:
    reason = clean_plain(reason, multiline=True)  # as stored, also in the owner's mail
    change_status(campaign, "approved", actor=staff, reason=reason)
    _notify_owner(campaign, _l("Your crowdfunding campaign is approved"), "approved", reason)


def request_changes(campaign: Campaign, staff, reason: str) -> None:
    reason = clean_plain(reason, multiline=True)
    if not reason:
        raise InvalidCampaign(_l("Explain what the owner should change."), field="reason")
    change_status(campaign, "changes_requested", actor=staff, reason=reason)
    _notify_owner(campaign, _l("The city asks for changes to your crowdfunding campaign"), "changes_requested", reason)


def reject_campaign(campaign: Campaign, staff, reason: str) -> None:
    reason = clean_plain(reason, multiline=True)
    if not reason:
        raise InvalidCampaign(_l("Explain why the campaign is rejected."), field="reason")
    change_status(campaign, "rejected", actor=staff, reason=reason)
    _notify_owner(campaign, _l("Your crowdfunding campaign was not accepted"), "rejected", reason)


def launch_campaign(campaign: Campaign, actor, now: datetime | None = None) -> None:
    now = now or utcnow()
    if as_utc(campaign.deadline_at) <= now + timedelta(days=1):
        raise InvalidCampaign(_l("The last day of the campaign has (almost) passed. Ask the city to change it."))
    change_status(campaign, "live", actor=actor)
    campaign.launched_at = now
    db.session.flush()
    news.announce_launch(campaign, actor)


def cancel_campaign(campaign: Campaign, actor, reason: str) -> None:
    """Stop a campaign. Nobody is charged; money already collected is refunded by staff, backers are mailed."""
    reason = clean_plain(reason, multiline=True)
    if not reason:
        raise InvalidCampaign(_l("Give a reason for cancelling the campaign."), field="reason")
    was_live = campaign.status == "live"
    change_status(campaign, "cancelled", actor=actor, reason=reason)
    campaign.closed_at = utcnow()
    if was_live:
        cancelled = cancel_open_pledges(campaign, actor=actor, note=reason)
        paid = db.session.scalars(
            select(Pledge).where(Pledge.campaign_id == campaign.id, Pledge.status.in_(("charged", "received"))).order_by(Pledge.id)
        ).all()
        # Backers who paid hear that the city pays them back (staff: the refunds page); the others that nobody is charged.
        outcomes.tell_backers([p for p in cancelled if p.method == "bank_transfer" or p.payment_method_id] + list(paid), "cancelled")
    matching.release_match(campaign)
    db.session.flush()
    if was_live:
        news.announce_outcome(campaign)


# --- Volunteers, updates (rewards and needs: rewards.py) --------------------------------------------------


def sign_up_for_need(need: Need, user, quantity: int = 1) -> VolunteerSignup:
    if need.campaign.status != "live":
        raise NotAllowed(_l("You can only offer help while the campaign is running."))
    if quantity < 1 or need.promised + quantity > need.quantity:
        raise InvalidCampaign(_l("That is more than is still needed."), field="quantity")
    already = select(VolunteerSignup.id).where(VolunteerSignup.need_id == need.id, VolunteerSignup.user_id == user.id)
    if db.session.scalar(already) is not None:
        raise InvalidCampaign(_l("You already offered help for this."))
    signup = VolunteerSignup(need_id=need.id, user_id=user.id, quantity=quantity)
    try:
        with db.session.begin_nested():
            db.session.add(signup)
            db.session.flush()
    except IntegrityError:  # the same person clicking twice at the same moment
        raise InvalidCampaign(_l("You already offered help for this.")) from None
    db.session.expire(need, ["signups"])
    return signup


def post_update(campaign: Campaign, author, *, title: str, body: str) -> CampaignUpdate:
    if campaign.status not in states.CAMPAIGN_PUBLIC:
        raise NotAllowed(_l("Updates can be posted once the campaign is live."))
    title = clean_plain(title)
    if not title:
        raise InvalidCampaign(_l("Give the update a title."), field="title")
    body_html = clean_rich(body)
    moderated_text = f"{title}\n{text_of_html(body_html)}"
    if is_repeated_post(author, moderated_text):
        raise InvalidCampaign(REPEATED_POST_MESSAGE, field="title")
    update = CampaignUpdate(campaign=campaign, author_id=author.id, title=title, body_html=body_html)
    db.session.add(update)
    db.session.flush()
    item = track_contribution("campaign_update", update, text=moderated_text)
    if item.state == "published":  # an update held for a moderator is not announced to backers and followers
        news.announce_update(update)
    return update
