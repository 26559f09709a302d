"""What the other budgeting services share: the domain errors, the round's audit trail and its voting window."""
from __future__ import annotations

from datetime import date, datetime, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.budgeting.models import Ballot, BudgetRound, RoundEvent
from participation.core.errors import DomainError
from participation.extensions import db


class InvalidRound(DomainError):
    pass


class InvalidProject(DomainError):
    pass


class InvalidTransition(DomainError):
    pass


class VotingClosed(DomainError):
    pass


class NotVerified(DomainError):
    pass


class VerificationRefused(DomainError):
    pass


def now() -> datetime:
    return datetime.now(timezone.utc)


def record_event(round_: BudgetRound, actor: User | None, action: str, detail: str = "") -> None:
    db.session.add(RoundEvent(round_id=round_.id, actor_id=actor.id if actor else None, action=action, detail=detail))


def voting_phase(round_: BudgetRound):
    return next((phase for phase in round_.process.phases if phase.kind == "voting"), None)


def is_voting_open(round_: BudgetRound, today: date) -> bool:
    phase = round_.process.phase_on(today)
    return (
        not round_.is_imported
        and round_.voting_closed_at is None
        and round_.status == "published"
        and round_.process.status == "published"
        and phase is not None
        and phase.kind == "voting"
    )


def has_voting_closed(round_: BudgetRound, today: date) -> bool:
    if round_.is_imported or round_.voting_closed_at is not None:
        return True
    phase = voting_phase(round_)
    return phase is not None and today > phase.ends_on


def require_open(round_: BudgetRound, today: date) -> None:
    """Before a ballot is stored. The round's row is read again, with a share lock on PostgreSQL, so a
    ballot and "close voting now" cannot cross: the close waits for ballots being stored, and a ballot
    that comes after it sees the closing moment (SQLite writes one transaction at a time anyway)."""
    closed_at = db.session.scalar(
        select(BudgetRound.voting_closed_at).where(BudgetRound.id == round_.id).with_for_update(read=True)
    )
    if closed_at is not None:
        raise VotingClosed(_l("Voting in this round was closed early by the city. Your ballot was not recorded."))
    if not is_voting_open(round_, today):
        raise VotingClosed(_l("Voting in this round is closed."))


def ballot_count(round_: BudgetRound) -> int:
    return db.session.scalar(select(func.count(Ballot.id)).where(Ballot.round_id == round_.id)) or 0
