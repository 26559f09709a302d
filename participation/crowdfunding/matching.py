"""The city's match fund: a yearly budget from which campaigns get 25, 50 or 75% of their goal
(capped), paid only when the crowd raises the rest. Commitments never exceed the budget, also when
two staff members match campaigns at the same moment: the check and the increment are one UPDATE,
and a CHECK constraint backs it up."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from participation.core.errors import DomainError, NotAllowed
from participation.crowdfunding import states
from participation.crowdfunding.models import Campaign, CampaignMatch, MatchFund
from participation.crowdfunding.amount_input import parse_amount
from participation.crowdfunding.dates import as_utc
from participation.extensions import db

MATCH_PERCENTS = (25, 50, 75)


class BudgetExceeded(DomainError):
    pass


class InvalidMatch(DomainError):
    pass


def match_fund_for(year: int) -> MatchFund | None:
    return db.session.scalar(select(MatchFund).where(MatchFund.year == year))


def all_match_funds() -> list[MatchFund]:
    return list(db.session.scalars(select(MatchFund).order_by(MatchFund.year.desc())))


def set_match_budget(year: int, budget: str) -> MatchFund:
    if year < 2000 or year > 2100:
        raise InvalidMatch(_l("Enter a year such as 2027."), field="year")
    budget_cents = parse_amount(budget, field="budget", error=InvalidMatch)  # at most MAX_CENTS: an INTEGER column
    fund = match_fund_for(year)
    if fund is None:
        fund = MatchFund(year=year, budget_cents=budget_cents, committed_cents=0)
        db.session.add(fund)
    else:
        if budget_cents < fund.committed_cents:
            raise BudgetExceeded(_l("The budget cannot be lower than what is already committed."), field="budget")
        fund.budget_cents = budget_cents
    db.session.flush()
    return fund


def _commit_cents(fund_id: int, cents: int) -> bool:
    """Atomically add `cents` to the fund's commitments if the budget allows it."""
    result = db.session.execute(
        update(MatchFund)
        .where(MatchFund.id == fund_id, MatchFund.committed_cents + cents <= MatchFund.budget_cents)
        .values(committed_cents=MatchFund.committed_cents + cents)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def attach_match(campaign: Campaign, *, percent: int, cap: str | None, staff) -> CampaignMatch:
    if campaign.status not in ("submitted", "approved", "live"):
        raise NotAllowed(_l("Only campaigns being vetted or running can be matched."))
    if campaign.match is not None and campaign.match.status != "released":
        raise InvalidMatch(_l("This campaign is already matched."))
    if percent not in MATCH_PERCENTS:
        raise InvalidMatch(_l("Choose 25, 50 or 75 percent."), field="percent")
    cap_cents = parse_amount(cap, field="cap", error=InvalidMatch) if cap and cap.strip() else None
    year = as_utc(campaign.deadline_at).year
    fund = match_fund_for(year)
    if fund is None:
        raise BudgetExceeded(_l("There is no match fund for %(year)s yet.", year=year), field="percent")
    amount = states.match_amount_cents(campaign.goal_cents, percent, cap_cents)
    if not _commit_cents(fund.id, amount):
        raise BudgetExceeded(_l("The match fund of %(year)s has not enough money left for this match.", year=year), field="percent")
    db.session.refresh(fund)
    if campaign.match is not None:  # a released match is replaced
        db.session.delete(campaign.match)
        db.session.flush()
    match = CampaignMatch(
        campaign=campaign, match_fund=fund, percent=percent, cap_cents=cap_cents, amount_cents=amount,
        status="committed", created_by_id=staff.id,
    )
    db.session.add(match)
    db.session.flush()
    return match


def release_match(campaign: Campaign) -> None:
    """Give the committed money back to the year's fund (campaign failed or cancelled)."""
    match = campaign.match
    if match is None or match.status != "committed":
        return
    db.session.execute(
        update(MatchFund)
        .where(MatchFund.id == match.match_fund_id)
        .values(committed_cents=MatchFund.committed_cents - match.amount_cents)
        .execution_options(synchronize_session=False)
    )
    match.status = "released"
    db.session.flush()
    db.session.expire(match.match_fund)


def pay_match(campaign: Campaign) -> None:
    if campaign.match is not None and campaign.match.status == "committed":
        campaign.match.status = "paid"
        db.session.flush()
