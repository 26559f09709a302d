"""A backer's promise: recording it (by card or bank transfer), withdrawing it, and dropping the open
ones when a campaign ends without using them. Functions flush and never commit."""
from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select

from participation.core.errors import NotAllowed
from participation.core.models import utcnow
from participation.core.text import clean_plain
from participation.crowdfunding import states, structured
from participation.core.money import AMOUNT_MESSAGES, AmountProblem, format_euros, parse_euros
from participation.crowdfunding.dates import as_utc
from participation.crowdfunding.errors import CampaignNotOpen, InvalidPledge
from participation.notifications.service import external_link
from participation.crowdfunding.models import Campaign, Pledge, RewardTier
from participation.crowdfunding.payments.transitions import log_transaction, move_pledge
from participation.crowdfunding.stripe_gateway import CardPaymentsDisabled, card_payments_enabled
from participation.extensions import db
from participation.notifications.mail import send_mail

OPEN_STATUSES = ("pending", "authorised", "awaiting_transfer", "action_required")


def parse_pledge_amount(text: str | None) -> int:
    config = current_app.config
    try:
        return parse_euros(text, minimum_cents=config["PLEDGE_MIN_CENTS"], maximum_cents=config["PLEDGE_MAX_CENTS"])
    except AmountProblem as problem:
        if problem.code == "too_large":
            message = lazy_ngettext(
                "You can pledge at most %(num)s euro online. Contact the city for a larger gift.",
                "You can pledge at most %(num)s euro online. Contact the city for a larger gift.",
                config["PLEDGE_MAX_CENTS"] // 100,
            )
        elif problem.code == "too_small":
            message = lazy_ngettext("The smallest pledge is %(num)s euro.", "The smallest pledge is %(num)s euro.", config["PLEDGE_MIN_CENTS"] // 100)
        else:
            message = AMOUNT_MESSAGES[problem.code]
        raise InvalidPledge(message, field="amount") from None


def _new_reference() -> str:
    for _attempt in range(10):
        digits = structured.digits_for(secrets.randbelow(structured.MAX_BASE) + 1)
        if db.session.scalar(select(Pledge.id).where(Pledge.structured_reference == digits)) is None:
            return digits
    raise RuntimeError("could not find a free structured communication")


def record_pledge(
    campaign: Campaign,
    backer,
    *,
    amount: str | None,
    method: str,
    is_anonymous: bool = False,
    reward_tier_id: int | None = None,
    now: datetime | None = None,
) -> Pledge:
    """Record a backer's promise. Card pledges start 'pending' until the card is saved (or charged,
    for keep-it-all); bank transfers wait for the money with a structured communication."""
    now = now or utcnow()
    if campaign.status != "live" or as_utc(campaign.deadline_at) <= now:
        raise CampaignNotOpen(_l("This campaign does not accept pledges (any more)."))
    if method not in states.PLEDGE_METHODS:
        raise InvalidPledge(_l("Choose how you want to pay."), field="method")
    if method == "card" and not card_payments_enabled():
        raise CardPaymentsDisabled(
            _l("Card payments are not available on this site. You can support the project by bank transfer."), field="method"
        )
    amount_cents = parse_pledge_amount(amount)
    tier = None
    if reward_tier_id:
        tier = db.session.get(RewardTier, reward_tier_id)
        if tier is None or tier.campaign_id != campaign.id:
            raise InvalidPledge(_l("Choose one of the rewards of this campaign."), field="reward_tier_id")
        if amount_cents < tier.min_amount_cents:
            raise InvalidPledge(_l("This reward needs a pledge of at least %(min)s.", min=format_euros(tier.min_amount_cents)), field="amount")
    pledge = Pledge(
        campaign=campaign,
        backer_id=backer.id,
        amount_cents=amount_cents,
        method=method,
        is_anonymous=bool(is_anonymous),
        reward_tier=tier,
        gateway_key=secrets.token_hex(8),
        status="pending" if method == "card" else "awaiting_transfer",
    )
    if method == "bank_transfer":
        pledge.structured_reference = _new_reference()
    db.session.add(pledge)
    db.session.flush()
    log_transaction(pledge, "pledged", None, pledge.status, actor=backer, amount_cents=amount_cents)
    if method == "bank_transfer":
        send_mail(
            backer.email,
            _l("How to pay your pledge for “%(title)s”", title=campaign.title),
            "crowdfunding_bank_transfer",
            kind="crowdfunding_pledge",
            locale=backer.language,
            pledge=pledge,
            campaign=campaign,
            backer=backer,
            communication=structured.format_communication(pledge.structured_reference),
            iban=current_app.config["CROWDFUNDING_IBAN"],
            link=external_link("crowdfunding.pledge", pledge_id=pledge.id),
        )
    return pledge


def cancel_pledge(pledge: Pledge, actor, note: str = "") -> None:
    """The backer withdraws while the campaign runs, or the system drops a pledge that never completed."""
    if pledge.status not in OPEN_STATUSES:
        raise NotAllowed(_l("This pledge can no longer be withdrawn."))
    move_pledge(pledge, "cancelled", kind="cancelled", actor=actor, note=clean_plain(note, multiline=True))


def cancel_open_pledges(campaign: Campaign, *, actor=None, note: str = "") -> list[Pledge]:
    """When a campaign fails or is cancelled: nobody is charged. Returns the pledges cancelled now."""
    pledges = db.session.scalars(
        select(Pledge).where(Pledge.campaign_id == campaign.id, Pledge.status.in_(OPEN_STATUSES))
    ).all()
    for pledge in pledges:
        move_pledge(pledge, "cancelled", kind="cancelled", actor=actor, note=clean_plain(note, multiline=True))
    return list(pledges)
