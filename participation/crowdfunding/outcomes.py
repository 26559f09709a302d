"""Telling backers what the end of a campaign means for their pledge: charged, counted, still to
transfer, nobody charged, or a transfer to be paid back.

Transactional mail (notifications.mail.send_mail) in the backer's language, exactly once per pledge
per outcome: a PledgeNotice row with a unique (pledge, outcome) is written in a savepoint before the
mail is queued. A second close-due run finds the row; a second process at the same moment is blocked
by the database until the first commits and then fails the insert, so it queues nothing (mail jobs
are only released after a commit). Functions flush and never commit.
"""
from __future__ import annotations

from typing import Iterable

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from participation.crowdfunding import structured
from participation.crowdfunding.models import Pledge, PledgeNotice
from participation.notifications.service import external_link
from participation.extensions import db
from participation.notifications.mail import send_mail

OUTCOMES = ("succeeded", "failed", "cancelled")


def _subject(outcome: str, title: str):
    if outcome == "succeeded":
        return _l("“%(title)s” reached its goal", title=title)
    if outcome == "failed":
        return _l("“%(title)s” did not reach its goal", title=title)
    return _l("“%(title)s” is cancelled", title=title)


def situation(pledge: Pledge, outcome: str) -> str | None:
    """What the mail says about this pledge, or None when there is nothing to tell yet."""
    campaign = pledge.campaign
    if outcome == "succeeded":
        return {
            "charged": "charged",
            "received": "counted",
            "awaiting_transfer": "transfer_awaited",
        }.get(pledge.status)  # saved cards hear it once they are charged (payments.cards.apply_payment_intent)
    if pledge.status == "cancelled":
        return "nobody_charged"
    if outcome == "failed" and not campaign.is_all_or_nothing and pledge.status in ("charged", "received"):
        return "kept"  # keep it all: the project keeps the money
    if pledge.status in ("charged", "received"):
        return "refund_due"
    return None


def tell_backer(pledge: Pledge, outcome: str) -> bool:
    """Mail the backer about the campaign's outcome for this pledge, once. Returns whether a mail was queued."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    what = situation(pledge, outcome)
    if what is None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(PledgeNotice(pledge_id=pledge.id, outcome=outcome))
            db.session.flush()
    except IntegrityError:
        return False  # already told (by an earlier run or by another process)
    backer, campaign = pledge.backer, pledge.campaign
    send_mail(
        backer.email,
        _subject(outcome, campaign.title),
        "crowdfunding_outcome",
        kind="crowdfunding_pledge",
        locale=backer.language,
        pledge=pledge,
        campaign=campaign,
        backer=backer,
        outcome=outcome,
        situation=what,
        communication=structured.format_communication(pledge.structured_reference) if pledge.structured_reference else None,
        iban=current_app.config["CROWDFUNDING_IBAN"],
        link=external_link("crowdfunding.pledge", pledge_id=pledge.id),
    )
    return True


def tell_backers(pledges: Iterable[Pledge], outcome: str) -> int:
    return sum(1 for pledge in pledges if tell_backer(pledge, outcome))
