"""Pledges and their money: card (Stripe) and bank transfer with a structured communication.

Every status change goes through `move_pledge`, checked against states.PLEDGE_TRANSITIONS and
logged as an append-only PledgeTransaction row. Functions flush and never commit.
"""
from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm.attributes import set_committed_value

from participation.core.errors import DomainError, NotAllowed
from participation.core.models import utcnow
from participation.core.text import clean_plain
from participation.crowdfunding import iban, states, structured
from participation.crowdfunding.amounts import AmountProblem, format_euros, parse_euros
from participation.crowdfunding.models import Campaign, Pledge, PledgeTransaction, RewardTier
from participation.crowdfunding.services import AMOUNT_MESSAGES, as_utc, external_link
from participation.crowdfunding.stripe_gateway import (
    CardPaymentsDisabled,
    GatewayUnavailable,
    Intent,
    PaymentDeclined,
    StripeGateway,
    card_payments_enabled,
    idempotency_key,
)
from participation.extensions import db
from participation.notifications.mail import send_mail


class InvalidPledge(DomainError):
    pass


class CampaignNotOpen(DomainError):
    pass


class InvalidPledgeTransition(DomainError):
    pass


def move_pledge(
    pledge: Pledge,
    new_status: str,
    *,
    kind: str,
    actor=None,
    note: str = "",
    amount_cents: int | None = None,
    stripe_object_id: str | None = None,
) -> PledgeTransaction:
    old_status = pledge.status
    if not states.pledge_can_change(old_status, new_status):
        from participation.crowdfunding.labels import PLEDGE_STATUS_LABELS as labels

        raise InvalidPledgeTransition(_l("This pledge cannot go from “%(old)s” to “%(new)s”.", old=labels[old_status], new=labels[new_status]))
    # Conditional UPDATE: of two processes moving the same pledge at once (two staff members marking
    # the same refund, a webhook and close-due), exactly one wins; the other changes nothing.
    moved = db.session.execute(
        update(Pledge)
        .where(Pledge.id == pledge.id, Pledge.status == old_status)
        .values(status=new_status)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        db.session.expire(pledge, ["status"])
        raise InvalidPledgeTransition(_l("Someone else changed this pledge at the same moment. Reload the page to see what happened."))
    set_committed_value(pledge, "status", new_status)
    db.session.expire(pledge, ["updated_at"])
    return _log(pledge, kind, old_status, new_status, actor=actor, note=note, amount_cents=amount_cents, stripe_object_id=stripe_object_id)


def _log(pledge, kind, from_status, to_status, *, actor=None, note="", amount_cents=None, stripe_object_id=None) -> PledgeTransaction:
    row = PledgeTransaction(
        pledge=pledge,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        amount_cents=amount_cents,
        stripe_object_id=stripe_object_id,
        actor_id=actor.id if actor is not None else None,
        note=note,
    )
    db.session.add(row)
    db.session.flush()
    return row


def _metadata(pledge: Pledge) -> dict[str, str]:
    return {"pledge_id": str(pledge.id), "pledge_key": pledge.gateway_key, "campaign_id": str(pledge.campaign_id)}


def _key(pledge: Pledge, purpose: str) -> str:
    return idempotency_key(pledge.id, pledge.gateway_key, purpose)


# --- Pledging -----------------------------------------------------------------------------


def parse_pledge_amount(text: str | None) -> int:
    config = current_app.config
    try:
        return parse_euros(text, minimum_cents=config["PLEDGE_MIN_CENTS"], maximum_cents=config["PLEDGE_MAX_CENTS"])
    except AmountProblem as problem:
        if problem.code == "too_large":
            message = _l(
                "You can pledge at most %(max)s euro online. Contact the city for a larger gift.",
                max=config["PLEDGE_MAX_CENTS"] // 100,
            )
        elif problem.code == "too_small":
            message = _l("The smallest pledge is %(min)s euro.", min=config["PLEDGE_MIN_CENTS"] // 100)
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
    _log(pledge, "pledged", None, pledge.status, actor=backer, amount_cents=amount_cents)
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
    if pledge.status not in ("pending", "authorised", "awaiting_transfer", "action_required"):
        raise NotAllowed(_l("This pledge can no longer be withdrawn."))
    move_pledge(pledge, "cancelled", kind="cancelled", actor=actor, note=clean_plain(note))


def cancel_open_pledges(campaign: Campaign, *, actor=None, note: str = "") -> list[Pledge]:
    """When a campaign fails or is cancelled: nobody is charged. Returns the pledges cancelled now."""
    pledges = db.session.scalars(
        select(Pledge).where(
            Pledge.campaign_id == campaign.id,
            Pledge.status.in_(("pending", "authorised", "awaiting_transfer", "action_required")),
        )
    ).all()
    for pledge in pledges:
        move_pledge(pledge, "cancelled", kind="cancelled", actor=actor, note=note)
    return list(pledges)


# --- Cards ----------------------------------------------------------------------------------
#
# Every card is first saved with a SetupIntent (Stripe.js confirms it in the browser), then charged
# off-session by the server: at the deadline for all-or-nothing, at once for keep-it-all, and at once
# when a backer replaces a card whose charge failed. One path for every case, and the browser never
# decides that money was paid: the server asks Stripe.


def prepare_card_payment(pledge: Pledge, gateway: StripeGateway) -> Intent:
    """Make sure Stripe holds a SetupIntent the browser can confirm; return it.

    Raises GatewayUnavailable when Stripe is unreachable: the pledge stays as it is and can be retried.
    """
    if pledge.method != "card" or pledge.status not in ("pending", "action_required"):
        raise NotAllowed(_l("This pledge does not need a card any more."))
    if pledge.stripe_customer_id is None:
        backer = pledge.backer
        pledge.stripe_customer_id = gateway.create_customer(
            email=backer.email, name=backer.display_name, key=_key(pledge, "customer"), metadata=_metadata(pledge)
        )
        db.session.flush()
    if pledge.setup_intent_id:
        intent = gateway.retrieve_setup_intent(pledge.setup_intent_id)
        if intent.status not in ("canceled", "succeeded"):
            return intent
        if intent.status == "succeeded" and pledge.status == "pending":
            return intent  # saved, but the browser did not report back: sync_card_pledge will pick it up
        pledge.attempts += 1
    intent = gateway.create_setup_intent(
        customer_id=pledge.stripe_customer_id, key=_key(pledge, f"setup-{pledge.attempts}"), metadata=_metadata(pledge)
    )
    pledge.setup_intent_id = intent.id
    _log(pledge, "setup_started", pledge.status, pledge.status, stripe_object_id=intent.id)
    return intent


def open_setup_intent(pledge: Pledge, gateway: StripeGateway) -> Intent | None:
    """The SetupIntent the browser can still confirm for this pledge, or None (read-only)."""
    if pledge.method != "card" or pledge.status not in ("pending", "action_required") or not pledge.setup_intent_id:
        return None
    intent = gateway.retrieve_setup_intent(pledge.setup_intent_id)
    return intent if intent.status not in ("canceled", "succeeded") else None


def apply_setup_intent(pledge: Pledge, intent: Intent) -> bool:
    """A saved card makes the pledge 'authorised'. Idempotent; returns whether anything changed."""
    if intent.status != "succeeded" or not intent.payment_method_id:
        return False
    if pledge.status not in ("pending", "action_required") or intent.id != pledge.setup_intent_id:
        return False  # old news: this card was already recorded, or an earlier attempt reports late
    pledge.payment_method_id = intent.payment_method_id
    pledge.payment_due_at = None
    move_pledge(pledge, "authorised", kind="card_saved", stripe_object_id=intent.id)
    return True


def apply_payment_intent(pledge: Pledge, intent: Intent) -> bool:
    """A succeeded PaymentIntent makes the pledge 'charged' exactly once; repeats and stale news are no-ops."""
    if intent.status != "succeeded":
        return False
    if pledge.status in ("charged", "refunded"):
        return False  # already known: the webhook and the synchronous answer both report the same charge
    if pledge.status not in ("charging", "action_required"):
        current_app.logger.warning("Pledge %s is %s but Stripe reports %s succeeded", pledge.id, pledge.status, intent.id)
        return False
    pledge.payment_intent_id = intent.id
    pledge.payment_due_at = None
    move_pledge(pledge, "charged", kind="charged", amount_cents=pledge.amount_cents, stripe_object_id=intent.id)
    if pledge.campaign.status in ("succeeded", "failed"):
        from participation.crowdfunding.outcomes import tell_backer

        tell_backer(pledge, pledge.campaign.status)  # charged after the campaign ended: the backer hears once
    return True


def is_due_for_charging(pledge: Pledge) -> bool:
    campaign = pledge.campaign
    if campaign.status == "succeeded":
        return True
    return not campaign.is_all_or_nothing and campaign.status in ("live", "failed")


def claim_for_charging(pledge: Pledge, now: datetime, stale_after: timedelta = timedelta(minutes=15)) -> bool:
    """authorised (or a claim abandoned by a crashed run) -> charging, won by exactly one runner.

    The check and the change are one conditional UPDATE, so two runners can never both win."""
    previous = pledge.status
    result = db.session.execute(
        update(Pledge)
        .where(
            Pledge.id == pledge.id,
            or_(Pledge.status == "authorised", (Pledge.status == "charging") & (Pledge.charge_claimed_at <= now - stale_after)),
        )
        .values(status="charging", charge_claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(pledge)
    _log(pledge, "charge_claimed", previous, "charging", amount_cents=pledge.amount_cents)
    return True


def charge_claimed_pledge(pledge: Pledge, gateway: StripeGateway, now: datetime) -> str:
    """Charge a claimed pledge off-session. Returns 'charged', 'action_required' or 'retry_later'.

    The idempotency key is the same for every attempt, so a retry after a timeout or a crash gets
    Stripe's first answer instead of a second charge."""
    if pledge.status != "charging":
        raise InvalidPledgeTransition(_l("This pledge is not being charged."))
    try:
        intent = gateway.charge_off_session(
            amount_cents=pledge.amount_cents,
            customer_id=pledge.stripe_customer_id,
            payment_method_id=pledge.payment_method_id,
            key=_key(pledge, f"charge-{pledge.payment_method_id}"),
            metadata=_metadata(pledge),
        )
    except GatewayUnavailable:
        move_pledge(pledge, "authorised", kind="charge_retry", note="payment service unreachable")
        return "retry_later"
    except PaymentDeclined as declined:
        ask_backer_to_pay(pledge, now, declined.code)
        return "action_required"
    except DomainError as error:
        ask_backer_to_pay(pledge, now, str(error))
        return "action_required"
    if intent.status == "succeeded":
        apply_payment_intent(pledge, intent)
        return "charged"
    # requires_action (the bank wants the backer to confirm) or requires_payment_method
    ask_backer_to_pay(pledge, now, intent.error_code or intent.status, intent.id)
    return "action_required"


def charge_now_if_due(pledge: Pledge, gateway: StripeGateway, now: datetime | None = None) -> str | None:
    """After a card was saved: keep-it-all pledges, and replacements of a failed card, are charged at once."""
    now = now or utcnow()
    if pledge.status != "authorised" or not is_due_for_charging(pledge):
        return None
    if not claim_for_charging(pledge, now):
        return None
    return charge_claimed_pledge(pledge, gateway, now)


def ask_backer_to_pay(pledge: Pledge, now: datetime, reason: str | None, intent_id: str | None = None) -> None:
    """The off-session charge did not go through: the backer gets a link to pay with a card on the site."""
    if pledge.status != "charging":
        return  # a webhook already settled it
    pledge.payment_due_at = grace_deadline(now)
    move_pledge(pledge, "action_required", kind="charge_failed", note=reason or "", stripe_object_id=intent_id)
    backer = pledge.backer
    send_mail(
        backer.email,
        _l("Please complete your payment for “%(title)s”", title=pledge.campaign.title),
        "crowdfunding_payment_action",
        kind="crowdfunding_pledge",
        locale=backer.language,
        pledge=pledge,
        campaign=pledge.campaign,
        backer=backer,
        due=pledge.payment_due_at,
        link=external_link("crowdfunding.pledge", pledge_id=pledge.id),
    )


def sync_card_pledge(pledge: Pledge, gateway: StripeGateway, now: datetime | None = None) -> Pledge:
    """After the browser confirmed the card: ask Stripe what happened (never trust the browser),
    then charge at once when the pledge is due."""
    if pledge.status in ("pending", "action_required") and pledge.setup_intent_id:
        apply_setup_intent(pledge, gateway.retrieve_setup_intent(pledge.setup_intent_id))
    charge_now_if_due(pledge, gateway, now)
    return pledge


# --- Bank transfers -------------------------------------------------------------------------


def mark_transfer_received(pledge: Pledge, actor, note: str = "") -> None:
    if pledge.method != "bank_transfer":
        raise NotAllowed(_l("Only bank transfer pledges can be marked as received."))
    if pledge.status == "received":
        return
    if pledge.status != "awaiting_transfer":
        raise NotAllowed(_l("This pledge is not waiting for a transfer."))
    move_pledge(pledge, "received", kind="transfer_received", actor=actor, note=clean_plain(note), amount_cents=pledge.amount_cents)


@dataclass
class StatementReport:
    received: list[Pledge] = field(default_factory=list)
    already_received: list[Pledge] = field(default_factory=list)
    wrong_amount: list[tuple[int, Pledge, int]] = field(default_factory=list)  # (line, pledge, amount paid)
    not_waiting: list[tuple[int, Pledge]] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (line, communication)
    without_reference: list[int] = field(default_factory=list)


AMOUNT_COLUMNS = ("amount", "bedrag", "montant")


def import_bank_statement(text: str, actor) -> StatementReport:
    """Match the lines of a bank statement (CSV, ; or , separated, with a header) on their structured
    communication and mark those transfers received. Lines for an unknown reference or with a different
    amount are reported, never guessed."""
    report = StatementReport()
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";"
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise InvalidPledge(_l("The file is empty."), field="statement")
    lowered = [cell.strip().lower() for cell in header]
    amount_column = next((i for i, name in enumerate(lowered) if name in AMOUNT_COLUMNS), None)
    if amount_column is None:
        raise InvalidPledge(_l("The first line must name the columns, with one called “amount” or “bedrag”."), field="statement")
    for line_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        references = [ref for cell in row for ref in structured.find_communications(cell)]
        if not references:
            report.without_reference.append(line_number)
            continue
        reference = references[0]
        pledge = db.session.scalar(select(Pledge).where(Pledge.structured_reference == reference))
        if pledge is None:
            report.unknown.append((line_number, structured.format_communication(reference)))
            continue
        try:
            paid = parse_euros(row[amount_column] if amount_column < len(row) else "")
        except AmountProblem:
            paid = 0
        if pledge.status == "received":
            report.already_received.append(pledge)
        elif pledge.status != "awaiting_transfer":
            report.not_waiting.append((line_number, pledge))
        elif paid != pledge.amount_cents:
            report.wrong_amount.append((line_number, pledge, paid))
        else:
            mark_transfer_received(pledge, actor, note=f"bank statement line {line_number}")
            own_account = current_app.config.get("CROWDFUNDING_IBAN")
            pledge.payer_iban = next((found for cell in row if (found := iban.find_iban(cell, except_for=own_account))), None)
            report.received.append(pledge)
    return report


# --- Refunds --------------------------------------------------------------------------------


def refund_pledge(pledge: Pledge, actor, reason: str, gateway: StripeGateway | None = None) -> None:
    """Give the money back. Cards through Stripe (idempotent); transfers are paid back by the city's
    accounting, this records that it was done."""
    reason = clean_plain(reason)
    if not reason:
        raise InvalidPledge(_l("Give a reason for the refund."), field="reason")
    if pledge.status == "refunded":
        raise NotAllowed(_l("This pledge was already refunded."))
    if pledge.status not in ("charged", "received"):
        raise NotAllowed(_l("Only collected pledges can be refunded."))
    refund_id = None
    if pledge.method == "card":
        if gateway is None:
            raise CardPaymentsDisabled(_l("Card payments are not available on this site."))
        refund_id = gateway.refund(payment_intent_id=pledge.payment_intent_id, key=_key(pledge, "refund"), metadata=_metadata(pledge))
    move_pledge(pledge, "refunded", kind="refunded", actor=actor, note=reason, amount_cents=-pledge.amount_cents, stripe_object_id=refund_id)
    send_mail(
        pledge.backer.email,
        _l("Your pledge for “%(title)s” is refunded", title=pledge.campaign.title),
        "crowdfunding_refund",
        kind="crowdfunding_pledge",
        locale=pledge.backer.language,
        pledge=pledge,
        campaign=pledge.campaign,
        backer=pledge.backer,
        reason=reason,
    )


def refunds_due() -> list[Pledge]:
    """Bank transfers the city received for campaigns that will not use them (all-or-nothing campaigns
    that failed, cancelled campaigns): the city owes these backers their money back. Oldest first."""
    from participation.crowdfunding.models import Campaign

    owed = (Campaign.status == "cancelled") | ((Campaign.status == "failed") & (Campaign.funding_model == "all_or_nothing"))
    return list(
        db.session.scalars(
            select(Pledge)
            .join(Campaign, Campaign.id == Pledge.campaign_id)
            .where(Pledge.method == "bank_transfer", Pledge.status == "received", owed)
            .options(contains_eager(Pledge.campaign))
            .order_by(Campaign.closed_at, Pledge.id)
        )
    )


def apply_refund_notice(pledge: Pledge, refund_or_charge_id: str | None) -> bool:
    """Stripe says the charge was refunded (perhaps from Stripe's dashboard): record it once."""
    if pledge.status != "charged":
        return False
    move_pledge(pledge, "refunded", kind="refunded", note="reported by Stripe", amount_cents=-pledge.amount_cents, stripe_object_id=refund_or_charge_id)
    return True


def grace_deadline(now: datetime) -> datetime:
    return now + timedelta(days=current_app.config["PAYMENT_GRACE_DAYS"])
