"""Reward tiers and non-monetary needs (volunteers, materials): adding, changing and removing them.

While a campaign is a draft, or the city asked for changes, the owner may change anything. Once the
city approved it, and while it runs, backers and volunteers rely on what the page promised, so only
changes that cannot hurt them are accepted: new rewards and needs, clearer titles and descriptions,
a lower minimum for a reward, more of something needed. Removing a reward somebody chose, asking more
for it, or needing fewer than people already offered are refused with a message that says why.
Functions flush and never commit.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import func, select, update

from participation.core.errors import NotAllowed
from participation.core.text import clean_plain, fitting
from participation.crowdfunding import states
from participation.crowdfunding.amount_input import parse_amount
from participation.core.money import format_euros
from participation.crowdfunding.errors import InvalidCampaign
from participation.crowdfunding.models import Campaign, Need, Pledge, RewardTier, VolunteerSignup
from participation.extensions import db

# Approved and running campaigns: additions and clarifications only.
CAMPAIGN_ADDITIONS_ONLY = frozenset({"approved", "live"})
NEED_KINDS = ("volunteers", "materials")


def _mode(campaign: Campaign) -> str:
    """'free' (anything goes) or 'additions' (nothing that hurts backers); refuses otherwise."""
    if campaign.status in states.CAMPAIGN_EDITABLE:
        return "free"
    if campaign.status in CAMPAIGN_ADDITIONS_ONLY:
        return "additions"
    if campaign.status == "submitted":
        raise NotAllowed(_l("The city is reviewing the campaign. You can change rewards and needs again if it asks for changes."))
    raise NotAllowed(_l("This campaign has ended: its rewards and needs can no longer be changed."))


def can_change_offers(campaign: Campaign) -> bool:
    return campaign.status in states.CAMPAIGN_EDITABLE | CAMPAIGN_ADDITIONS_ONLY


def _chosen_by(tier: RewardTier) -> tuple[int, int]:
    """How many pledges that still count chose this reward, and the smallest of them in cents."""
    count, smallest = db.session.execute(
        select(func.count(Pledge.id), func.min(Pledge.amount_cents)).where(
            Pledge.reward_tier_id == tier.id, Pledge.status != "cancelled"
        )
    ).one()
    return int(count), int(smallest or 0)


def _tier_values(title: str, description: str, min_amount: str) -> tuple[str, str, int]:
    title = clean_plain(title)
    if not title:
        raise InvalidCampaign(_l("Give the reward a title."), field="title")
    cents = parse_amount(min_amount, field="min_amount", error=InvalidCampaign)
    title = fitting(title, 120, error=InvalidCampaign, field="title")
    description = fitting(clean_plain(description, multiline=True), 500, error=InvalidCampaign, field="description")
    return title, description, cents


def add_reward_tier(campaign: Campaign, *, title: str, description: str, min_amount: str) -> RewardTier:
    _mode(campaign)  # a new reward never hurts anyone
    title, description, cents = _tier_values(title, description, min_amount)
    tier = RewardTier(campaign=campaign, title=title, description=description, min_amount_cents=cents)
    db.session.add(tier)
    db.session.flush()
    return tier


def update_reward_tier(tier: RewardTier, *, title: str, description: str, min_amount: str) -> RewardTier:
    mode = _mode(tier.campaign)
    title, description, cents = _tier_values(title, description, min_amount)
    if mode == "additions" and cents > tier.min_amount_cents:
        chosen, _smallest = _chosen_by(tier)
        if chosen:
            raise InvalidCampaign(
                _l("Backers already chose this reward for %(amount)s: you cannot ask more for it now. "
                   "You can lower the amount or add a new reward.", amount=format_euros(tier.min_amount_cents)),
                field="min_amount",
            )
    tier.title, tier.description, tier.min_amount_cents = title, description, cents
    db.session.flush()
    return tier


def remove_reward_tier(tier: RewardTier) -> None:
    mode = _mode(tier.campaign)
    if mode == "additions":
        chosen, _smallest = _chosen_by(tier)
        if chosen:
            raise NotAllowed(_l("Backers chose this reward, so it cannot be removed. You can make its description clearer."))
    # Withdrawn pledges may still point at it: they keep their history, without the reward.
    db.session.execute(
        update(Pledge).where(Pledge.reward_tier_id == tier.id).values(reward_tier_id=None).execution_options(synchronize_session=False)
    )
    campaign = tier.campaign
    db.session.delete(tier)
    db.session.flush()
    db.session.expire(campaign, ["reward_tiers"])


def _need_values(kind: str, title: str, quantity: int | None) -> tuple[str, str, int]:
    if kind not in NEED_KINDS:
        raise InvalidCampaign(_l("Choose volunteers or materials."), field="kind")
    title = clean_plain(title)
    if not title:
        raise InvalidCampaign(_l("Describe what is needed."), field="title")
    if not quantity or quantity < 1 or quantity > 10_000:
        raise InvalidCampaign(_l("Enter how many are needed, between 1 and 10000."), field="quantity")
    return kind, fitting(title, 160, error=InvalidCampaign, field="title"), quantity


def _promised(need: Need) -> int:
    return int(db.session.scalar(select(func.coalesce(func.sum(VolunteerSignup.quantity), 0)).where(VolunteerSignup.need_id == need.id)))


def add_need(campaign: Campaign, *, kind: str, title: str, quantity: int | None) -> Need:
    _mode(campaign)
    kind, title, quantity = _need_values(kind, title, quantity)
    need = Need(campaign=campaign, kind=kind, title=title, quantity=quantity)
    db.session.add(need)
    db.session.flush()
    return need


def update_need(need: Need, *, kind: str, title: str, quantity: int | None) -> Need:
    mode = _mode(need.campaign)
    kind, title, quantity = _need_values(kind, title, quantity)
    if mode == "additions":
        promised = _promised(need)
        if quantity < promised:
            raise InvalidCampaign(
                lazy_ngettext(
                    "%(num)s is already promised: you cannot need fewer than that.",
                    "%(num)s are already promised: you cannot need fewer than that.",
                    promised,
                ), field="quantity"
            )
        if kind != need.kind and promised:
            raise InvalidCampaign(_l("People already offered this help, so its kind cannot change."), field="kind")
    need.kind, need.title, need.quantity = kind, title, quantity
    db.session.flush()
    return need


def remove_need(need: Need) -> None:
    mode = _mode(need.campaign)
    if mode == "additions" and _promised(need):
        raise NotAllowed(_l("People already offered to help with this, so it cannot be removed. You can make its description clearer."))
    campaign = need.campaign
    db.session.delete(need)
    db.session.flush()
    db.session.expire(campaign, ["needs"])
