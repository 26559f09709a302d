"""Budget rounds: listing, saving with their voting rules, and moving between draft and published."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.accounts.models import User
from participation.budgeting.models import CENSUS_KEYS, VOTE_METHODS, BudgetRound
from participation.budgeting.services.projects import ballot_projects
from participation.budgeting.services.rules import (
    InvalidRound,
    InvalidTransition,
    ballot_count,
    is_voting_open,
    now,
    record_event,
)
from participation.core.text import clean_plain, clean_rich, fitting
from participation.core.translated import Translations
from participation.extensions import db
from participation.processes.models import Process


def rounds_of(process: Process, *, include_drafts: bool = False) -> list[BudgetRound]:
    query = (select(BudgetRound).where(BudgetRound.process_id == process.id).options(selectinload(BudgetRound.district))
             .order_by(BudgetRound.district_id.isnot(None), BudgetRound.id))
    if not include_drafts:
        query = query.where(BudgetRound.status != "draft")
    return list(db.session.scalars(query))


def _check_rules(vote_method: str, budget_cents: int, min_spend_cents: int, min_choices: int,
                 max_choices: int | None, points_total: int | None, points_per_project: int | None) -> None:
    if vote_method not in VOTE_METHODS:
        raise InvalidRound(_l("Choose a vote method."), field="vote_method")
    if budget_cents <= 0:
        raise InvalidRound(_l("The budget must be more than zero."), field="budget")
    if min_spend_cents < 0 or min_spend_cents > budget_cents:
        raise InvalidRound(_l("The minimum spend must lie between zero and the budget."), field="min_spend")
    if min_choices < 0 or (max_choices is not None and max_choices < max(min_choices, 1)):
        raise InvalidRound(_l("The most projects a voter may choose must be at least the fewest."), field="max_choices")
    if vote_method == "cumulative":
        if not points_total or points_total <= 0:
            raise InvalidRound(_l("Give every voter a number of points."), field="points_total")
        if points_per_project is not None and points_per_project <= 0:
            raise InvalidRound(_l("The most points per project must be more than zero."), field="points_per_project")


def save_round(round_: BudgetRound | None, *, process: Process, actor: User, title: str, description: str,
               district_id: int | None, vote_method: str, budget_cents: int, min_spend_cents: int = 0,
               min_choices: int = 0, max_choices: int | None = None, points_total: int | None = None,
               points_per_project: int | None = None, min_age: int = 16,
               census_key: str = "national_number", translations: Translations | None = None) -> BudgetRound:
    title = clean_plain(title)
    if not title:
        raise InvalidRound(_l("Give the round a title."), field="title")
    fitting(title, 160, error=InvalidRound, field="title")
    if census_key not in CENSUS_KEYS:
        raise InvalidRound(_l("Choose how residents are identified."), field="census_key")
    if not 0 <= min_age <= 120:
        raise InvalidRound(_l("Enter a minimum age between 0 and 120."), field="min_age")
    _check_rules(vote_method, budget_cents, min_spend_cents, min_choices, max_choices, points_total, points_per_project)
    if round_ is not None and round_.id is not None and ballot_count(round_):
        changed = (vote_method, budget_cents, min_spend_cents, min_choices, max_choices, points_total, points_per_project, census_key, district_id) != (
            round_.vote_method, round_.budget_cents, round_.min_spend_cents, round_.min_choices, round_.max_choices,
            round_.points_total, round_.points_per_project, round_.census_key, round_.district_id)
        if changed:
            raise InvalidRound(_l("People have voted in this round: its rules can no longer change."))
    if round_ is None:
        round_ = BudgetRound(process_id=process.id, process=process)
        db.session.add(round_)
    round_.title = title
    round_.description_source = description or ""
    round_.description_html = clean_rich(description)
    round_.district_id = district_id
    round_.vote_method = vote_method
    round_.budget_cents = budget_cents
    round_.min_spend_cents = min_spend_cents if vote_method == "knapsack" else 0
    round_.min_choices = min_choices if vote_method != "cumulative" else 0
    round_.max_choices = max_choices if vote_method != "cumulative" else None
    round_.points_total = points_total if vote_method == "cumulative" else None
    round_.points_per_project = points_per_project if vote_method == "cumulative" else None
    round_.min_age = min_age
    round_.census_key = census_key
    if translations is not None:
        translations.apply(round_)
    db.session.flush()
    record_event(round_, actor, "saved")
    return round_


# Which status a round may move to from which. Publishing results has its own service.
ROUND_TRANSITIONS = {
    "draft": {"published"},
    "published": {"draft"},
    "results_published": {"published"},
}


def change_round_status(round_: BudgetRound, new_status: str, actor: User) -> None:
    if new_status not in ROUND_TRANSITIONS.get(round_.status, set()):
        raise InvalidTransition(_l("The round cannot move to that status from its current one."))
    if new_status == "published" and round_.status == "draft" and not ballot_projects(round_):
        raise InvalidTransition(_l("A round needs at least one feasible project before it is published."))
    if new_status == "draft" and ballot_count(round_):
        raise InvalidTransition(_l("People have voted in this round: it cannot go back to draft."))
    if round_.status == "results_published":
        round_.results_published_at = None
    round_.status = new_status
    record_event(round_, actor, "status", new_status)
    db.session.flush()


def close_voting(round_: BudgetRound, actor: User, today: date) -> int:
    """End voting in this round now, before its voting phase ends; returns the ballots it counts.

    Ballots stored before this moment count as they were last saved; a ballot being filled in is refused
    when it is sent (require_open). The phase's dates stay: other rounds of the process may still vote.
    Taking no more ballots cannot be undone here, so results are computed on a fixed set."""
    if round_.voting_closed_at is not None:
        raise InvalidTransition(_l("Voting in this round is already closed."))
    if not is_voting_open(round_, today):
        raise InvalidTransition(_l("Voting in this round is not open, so it cannot be closed."))
    round_.voting_closed_at = now()
    db.session.flush()  # the UPDATE takes the row lock: ballots being stored finish first
    counted = ballot_count(round_)
    record_event(round_, actor, "voting_closed", f"{counted} ballots")
    db.session.flush()
    return counted
