"""The campaign and pledge state machines: which status may follow which. Pure, no Flask.

Every change of status goes through these tables (services.campaigns.change_status and
services of pledges) and writes a timeline row (CampaignEvent, PledgeTransaction).
"""
from __future__ import annotations

CAMPAIGN_STATUSES = (
    "draft", "submitted", "changes_requested", "approved", "rejected", "live", "succeeded", "failed", "cancelled",
)
CAMPAIGN_TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"submitted", "cancelled"}),
    "submitted": frozenset({"changes_requested", "approved", "rejected", "cancelled"}),
    "changes_requested": frozenset({"submitted", "cancelled"}),
    "approved": frozenset({"live", "cancelled"}),
    "live": frozenset({"succeeded", "failed", "cancelled"}),
    "rejected": frozenset(),
    "succeeded": frozenset(),
    "failed": frozenset(),
    "cancelled": frozenset(),
}
# Statuses in which the owner may still change the text, rewards and needs.
CAMPAIGN_EDITABLE = frozenset({"draft", "changes_requested"})
CAMPAIGN_PUBLIC = frozenset({"live", "succeeded", "failed"})
CAMPAIGN_FINAL = frozenset(status for status, nexts in CAMPAIGN_TRANSITIONS.items() if not nexts)

FUNDING_MODELS = ("all_or_nothing", "keep_it_all")
PLEDGE_METHODS = ("card", "bank_transfer")

PLEDGE_STATUSES = (
    "pending", "authorised", "charging", "action_required", "charged", "failed",
    "awaiting_transfer", "received", "refunded", "cancelled",
)
PLEDGE_TRANSITIONS: dict[str, frozenset[str]] = {
    # card: waiting for the backer to save a card (a SetupIntent confirmed by Stripe.js)
    "pending": frozenset({"authorised", "cancelled"}),
    # card saved: charged off-session at the deadline (all-or-nothing) or at once (keep-it-all)
    "authorised": frozenset({"charging", "cancelled"}),
    # claimed by close-due: exactly one runner talks to Stripe about this pledge
    "charging": frozenset({"charged", "action_required", "authorised"}),
    # the off-session charge failed or needs the bank's confirmation: the backer has a grace period
    # to save a (new) card, which is then charged at once
    "action_required": frozenset({"authorised", "charged", "failed", "cancelled"}),
    "charged": frozenset({"refunded"}),
    "failed": frozenset(),
    # bank transfer with a structured communication
    "awaiting_transfer": frozenset({"received", "cancelled"}),
    "received": frozenset({"refunded"}),
    "refunded": frozenset(),
    "cancelled": frozenset(),
}
# Money the crowd has promised and that still counts towards the goal.
PLEDGE_COUNTED = frozenset({"authorised", "charging", "action_required", "charged", "received"})
# Money that actually reached the city.
PLEDGE_COLLECTED = frozenset({"charged", "received"})
PLEDGE_FAILED = frozenset({"failed"})


def can_change(table: dict[str, frozenset[str]], current: str, new: str) -> bool:
    return new in table.get(current, frozenset())


def campaign_can_change(current: str, new: str) -> bool:
    return can_change(CAMPAIGN_TRANSITIONS, current, new)


def pledge_can_change(current: str, new: str) -> bool:
    return can_change(PLEDGE_TRANSITIONS, current, new)


def crowd_target_cents(goal_cents: int, match_cents: int) -> int:
    """What the crowd must raise: the goal minus what the city's match fund adds."""
    return max(goal_cents - match_cents, 0)


def match_amount_cents(goal_cents: int, percent: int, cap_cents: int | None) -> int:
    """The city's share: percent of the goal, never more than the cap."""
    amount = goal_cents * percent // 100
    return min(amount, cap_cents) if cap_cents else amount
