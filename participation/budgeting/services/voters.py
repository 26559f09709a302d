"""Verifying an account as a resident of the round: with census details or a letter code, once per resident."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from participation.accounts.models import User
from participation.budgeting import eligibility
from participation.budgeting.models import BudgetRound, CensusEntry, LetterCode, RoundVoter
from participation.budgeting.services.rules import VerificationRefused, now, require_open
from participation.extensions import db


def voter_of(round_: BudgetRound, user) -> RoundVoter | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(RoundVoter).where(RoundVoter.round_id == round_.id, RoundVoter.user_id == user.id))


def _claim(round_: BudgetRound, user: User, key: str, channel: str) -> RoundVoter:
    existing = voter_of(round_, user)
    if existing is not None:
        if existing.identity_key == key:
            return existing
        raise VerificationRefused(_l("Your account is already verified for this round."))
    taken = db.session.scalar(select(RoundVoter.id).where(RoundVoter.round_id == round_.id, RoundVoter.identity_key == key))
    if taken is not None:
        raise VerificationRefused(_l("These details were already used to verify another account. If that was not you, contact the city."))
    voter = RoundVoter(round_id=round_.id, user_id=user.id, identity_key=key, channel=channel)
    try:
        with db.session.begin_nested():
            db.session.add(voter)
            db.session.flush()
    except IntegrityError:
        raise VerificationRefused(_l("These details were already used to verify another account. If that was not you, contact the city.")) from None
    return voter


def verify_with_census(round_: BudgetRound, user: User, today: date, **fields) -> RoundVoter:
    require_open(round_, today)
    key = eligibility.identity_key(round_.id, round_.census_key, **fields)
    if db.session.scalar(select(CensusEntry.id).where(CensusEntry.round_id == round_.id, CensusEntry.identity_key == key)) is None:
        raise VerificationRefused(_l("We could not find these details among the residents who may vote in this round. Check what you typed, or contact the city."))
    return _claim(round_, user, key, "census")


def find_letter_code(round_: BudgetRound, code: str) -> tuple[int, str]:
    """The letter code's id and the identity key of the census entry it was sent to."""
    found = db.session.execute(
        select(LetterCode.id, CensusEntry.identity_key).join(CensusEntry, CensusEntry.id == LetterCode.census_entry_id)
        .where(LetterCode.round_id == round_.id, LetterCode.code_hash == eligibility.code_hash(round_.id, code))
    ).first()
    if found is None:
        raise VerificationRefused(_l("This code is not valid for this round. Check what you typed."), field="code")
    return found.id, found.identity_key


def mark_redeemed(code_id: int) -> bool:
    """Mark a letter code used; True only for the one request that did (even under concurrent requests)."""
    return db.session.execute(
        update(LetterCode).where(LetterCode.id == code_id, LetterCode.redeemed_at.is_(None)).values(redeemed_at=now())
        .execution_options(synchronize_session=False)
    ).rowcount == 1


def _redeem(round_: BudgetRound, code: str) -> str:
    """Use a letter code once and return the identity key of its resident (the census one)."""
    code_id, key = find_letter_code(round_, code)
    if not mark_redeemed(code_id):
        raise VerificationRefused(_l("This code has already been used."), field="code")
    return key


def redeem_letter_code(round_: BudgetRound, user: User, code: str, today: date) -> RoundVoter:
    require_open(round_, today)
    if voter_of(round_, user) is not None:
        raise VerificationRefused(_l("Your account is already verified for this round."), field="code")
    return _claim(round_, user, _redeem(round_, code), "letter")
