"""Reading campaigns for the pages: lists, totals from the pledge rows, the public backers list.

Each function is one query, whatever the number of campaigns or pledges; nothing here imports a service,
so every service and route can read through it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import selectinload

from participation.crowdfunding import states
from participation.crowdfunding.models import Campaign, Pledge
from participation.extensions import db
from participation.moderation.visibility import public_clause


@dataclass(frozen=True)
class Totals:
    pledged_cents: int = 0  # promised and still counting towards the goal
    collected_cents: int = 0  # charged cards and received transfers
    failed_cents: int = 0
    awaiting_transfer_cents: int = 0
    backers: int = 0


def campaign_totals(campaign_ids: Iterable[int]) -> dict[int, Totals]:
    """Totals of many campaigns from the pledge rows in one grouped query."""
    ids = list(campaign_ids)
    if not ids:
        return {}

    def sum_of(statuses) -> object:
        return func.coalesce(func.sum(case((Pledge.status.in_(statuses), Pledge.amount_cents), else_=0)), 0)

    rows = db.session.execute(
        select(
            Pledge.campaign_id,
            sum_of(states.PLEDGE_COUNTED),
            sum_of(states.PLEDGE_COLLECTED),
            sum_of(states.PLEDGE_FAILED),
            sum_of({"awaiting_transfer"}),
            func.count(distinct(case((Pledge.status.in_(states.PLEDGE_COUNTED | {"awaiting_transfer"}), Pledge.backer_id)))),
        )
        .where(Pledge.campaign_id.in_(ids))
        .group_by(Pledge.campaign_id)
    )
    totals = {campaign_id: Totals() for campaign_id in ids}
    for campaign_id, pledged, collected, failed, awaiting, backers in rows:
        totals[campaign_id] = Totals(int(pledged), int(collected), int(failed), int(awaiting), int(backers))
    return totals


def public_campaigns() -> list[Campaign]:
    return list(
        db.session.scalars(
            select(Campaign)
            .where(Campaign.status.in_(states.CAMPAIGN_PUBLIC), public_clause("campaign", Campaign.id))
            .options(selectinload(Campaign.match))
            .order_by(case((Campaign.status == "live", 0), else_=1), Campaign.deadline_at)
        )
    )


def campaigns_owned_by(user) -> list[Campaign]:
    return list(db.session.scalars(select(Campaign).where(Campaign.owner_id == user.id).order_by(Campaign.id.desc())))


def vetting_queue() -> list[Campaign]:
    return list(
        db.session.scalars(
            select(Campaign).where(Campaign.status.in_(("submitted", "changes_requested", "approved"))).order_by(Campaign.updated_at)
        )
    )


def staff_overview() -> list[Campaign]:
    return list(
        db.session.scalars(
            select(Campaign)
            .where(Campaign.status.in_(("live", "succeeded", "failed", "cancelled")))
            .options(selectinload(Campaign.match))
            .order_by(Campaign.deadline_at.desc())
        )
    )


def pledges_of(campaign: Campaign) -> list[Pledge]:
    """Every pledge of a campaign, oldest first: the staff review page lists them all."""
    return list(db.session.scalars(select(Pledge).where(Pledge.campaign_id == campaign.id).order_by(Pledge.id)))


@dataclass(frozen=True)
class PublicBacker:
    """One line of a campaign's public backers list."""

    name: str | None  # None: the backer chose to stay anonymous


def public_backers(campaign: Campaign, limit: int = 50) -> list[PublicBacker]:
    """The latest backers as the public may see them, in one query: anonymous pledges without a name, and
    a profile that moderation hid shown as such (as everywhere else its name would appear)."""
    from participation.accounts.models import User
    from participation.moderation.kinds.profile import HIDDEN_NAME
    from participation.moderation.queries import hidden_clause

    rows = db.session.execute(
        select(Pledge.is_anonymous, User.display_name, hidden_clause("profile", Pledge.backer_id))
        .join(User, User.id == Pledge.backer_id)
        .where(Pledge.campaign_id == campaign.id, Pledge.status.in_(states.PLEDGE_COUNTED | {"awaiting_transfer"}))
        .order_by(Pledge.id.desc())
        .limit(limit)
    ).all()
    return [PublicBacker(None if anonymous else str(HIDDEN_NAME) if hidden else name) for anonymous, name, hidden in rows]
