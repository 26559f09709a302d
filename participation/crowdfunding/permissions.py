"""Who may do what with campaigns and pledges. Used by routes (403/404) and templates (hide buttons)."""
from __future__ import annotations

from participation.crowdfunding import states
from participation.crowdfunding.models import Campaign, Pledge


def is_staff(user) -> bool:
    return bool(user.is_authenticated and user.has_role("staff"))


def is_owner(user, campaign: Campaign) -> bool:
    return bool(user.is_authenticated and campaign.owner_id == user.id)


def can_view_campaign(user, campaign: Campaign) -> bool:
    """Public once live; before that only its owner and city staff see it."""
    return campaign.status in states.CAMPAIGN_PUBLIC or is_owner(user, campaign) or is_staff(user)


def can_see_despite_moderation(user, kind: str, object_id: int, author_id: int | None) -> bool:
    """What moderation keeps from the public (hidden, rejected, waiting) stays visible to its author and
    to the moderators of its process, so they can see what the decision was about."""
    from participation.moderation.services import item_for
    from participation.moderation.states import is_public

    item = item_for(kind, object_id)
    return item is None or is_public(item.state) or may_see_moderated(user, item, author_id)


def may_see_moderated(user, item, author_id: int | None) -> bool:
    """For a contribution moderation keeps from the public (its ModerationItem already loaded)."""
    from participation.moderation import permissions as moderation_permissions

    return bool(user.is_authenticated and (author_id == user.id or moderation_permissions.can_moderate_item(user, item)))


def can_see_hidden_updates(user, campaign: Campaign) -> bool:
    from participation.moderation.kinds.crowdfunding import process_id_of_campaign
    from participation.moderation.permissions import can_moderate_process

    return is_owner(user, campaign) or can_moderate_process(user, process_id_of_campaign(campaign))


def can_edit_campaign(user, campaign: Campaign) -> bool:
    return is_owner(user, campaign) and campaign.status in states.CAMPAIGN_EDITABLE


def can_submit_campaign(user, campaign: Campaign) -> bool:
    return is_owner(user, campaign) and campaign.status in ("draft", "changes_requested")


def can_launch_campaign(user, campaign: Campaign) -> bool:
    return (is_owner(user, campaign) or is_staff(user)) and campaign.status == "approved"


def can_post_update(user, campaign: Campaign) -> bool:
    return (is_owner(user, campaign) or is_staff(user)) and campaign.status in states.CAMPAIGN_PUBLIC


def can_change_offers(user, campaign: Campaign) -> bool:
    """Rewards and needs: freely while drafting, additions and clarifications once approved or live (rewards.py)."""
    return is_owner(user, campaign) and campaign.status in states.CAMPAIGN_EDITABLE | {"approved", "live"}


def can_pledge(user, campaign: Campaign) -> bool:
    return campaign.status == "live"


def can_view_pledge(user, pledge: Pledge) -> bool:
    return bool(user.is_authenticated and (pledge.backer_id == user.id or is_staff(user)))


def can_vet(user) -> bool:
    return is_staff(user)
