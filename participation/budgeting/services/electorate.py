"""The electorate of a round: the census, letter codes for residents, and reissuing a lost code."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from participation.accounts.models import User
from participation.budgeting import eligibility
from participation.budgeting.models import BudgetRound, CensusEntry, LetterCode
from participation.budgeting.services.rules import (
    InvalidRound,
    VerificationRefused,
    record_event,
    voting_phase,
)
from participation.extensions import db


def _age_day(round_: BudgetRound, today: date) -> date:
    phase = voting_phase(round_)
    return phase.ends_on if phase else today


def upload_census(round_: BudgetRound, data: bytes, actor: User, today: date) -> dict:
    """Add the residents in a CSV to the round's census; rows already there are skipped and counted."""
    parsed = eligibility.read_census(data, round_.id, round_.census_key, round_.min_age, _age_day(round_, today))
    known = set(db.session.scalars(select(CensusEntry.identity_key).where(
        CensusEntry.round_id == round_.id, CensusEntry.identity_key.in_(parsed.keys))))
    new_keys = [key for key in parsed.keys if key not in known]
    if new_keys:
        db.session.execute(CensusEntry.__table__.insert(), [{"round_id": round_.id, "identity_key": key} for key in new_keys])
    summary = {"added": len(new_keys), "already": len(known), "under_age": parsed.under_age,
               "duplicates": parsed.duplicates_in_file, "problems": parsed.problems}
    record_event(round_, actor, "census", f"added {len(new_keys)}, already {len(known)}, under age {parsed.under_age}, "
                 f"duplicates {parsed.duplicates_in_file}, problems {len(parsed.problems)}")
    db.session.flush()
    return summary


def census_size(round_: BudgetRound) -> int:
    return db.session.scalar(select(func.count(CensusEntry.id)).where(CensusEntry.round_id == round_.id)) or 0


@dataclass
class LetterBatch:
    """New letter codes to print: one row per resident (the code, then the address columns), shown once."""

    address_columns: list[str]
    letters: list[dict[str, str]]
    already_coded: int = 0
    not_in_census: int = 0
    duplicates: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def generate_letter_codes(round_: BudgetRound, data: bytes, actor: User) -> LetterBatch:
    """A one-time code for every resident in the CSV who is on the round's census and has no code yet.

    The file has the census columns (to find the resident's census entry) plus the columns that
    address the letter. Each code is stored hashed, bound to its census entry, so redeeming it gives
    the same identity as typing that resident's details. Residents with a code already are skipped
    (never a second code for one person); residents not on the census get none.
    """
    parsed = eligibility.read_letter_file(data, round_.id, round_.census_key)
    entries = dict(db.session.execute(
        select(CensusEntry.identity_key, CensusEntry.id).where(CensusEntry.round_id == round_.id)
    ).all()) if parsed.residents else {}
    coded = set(db.session.scalars(select(LetterCode.census_entry_id).where(
        LetterCode.round_id == round_.id, LetterCode.census_entry_id.isnot(None))))
    batch = LetterBatch(address_columns=parsed.address_columns, letters=[], duplicates=parsed.duplicates_in_file,
                        problems=parsed.problems)
    rows = []
    for key, address in parsed.residents:
        entry_id = entries.get(key)
        if entry_id is None:
            batch.not_in_census += 1
        elif entry_id in coded:
            batch.already_coded += 1
        else:
            code = eligibility.new_letter_code()
            rows.append({"round_id": round_.id, "census_entry_id": entry_id, "code_hash": eligibility.code_hash(round_.id, code)})
            batch.letters.append({"code": code, **address})
    if rows:
        try:
            with db.session.begin_nested():
                db.session.execute(LetterCode.__table__.insert(), rows)
        except IntegrityError:
            raise InvalidRound(_l("Someone else is generating letter codes for these residents right now. Try again in a minute.")) from None
    record_event(round_, actor, "letter_codes", f"new {len(rows)}, already {batch.already_coded}, "
                 f"not in census {batch.not_in_census}, problems {len(batch.problems)}")
    db.session.flush()
    return batch


@dataclass
class ReissuedCode:
    """A replacement letter code, shown once to the admin who asked for it."""

    code: str
    old_code_was_used: bool
    had_code: bool


def reissue_letter_code(round_: BudgetRound, actor: User, **fields) -> ReissuedCode:
    """A new letter code for a census resident who lost theirs: the old code stops working at once.

    The resident is found by their details (as for the census); the code row keeps its census entry
    and gets a new hash, so the new code stands for the same identity key, and a resident who voted
    already (with the old code, their details or on paper) still has exactly one ballot.
    The audit trail says that a code was reissued, never for whom.
    """
    if round_.is_imported:
        raise InvalidRound(_l("An imported round has no voters."))
    key = eligibility.identity_key(round_.id, round_.census_key, **fields)
    entry_id = db.session.scalar(select(CensusEntry.id).where(CensusEntry.round_id == round_.id, CensusEntry.identity_key == key))
    if entry_id is None:
        raise VerificationRefused(_l("This person is not on the list of residents who may vote in this round."))
    letter = db.session.scalar(
        select(LetterCode).where(LetterCode.round_id == round_.id, LetterCode.census_entry_id == entry_id).with_for_update()
    )
    code = eligibility.new_letter_code()
    had_code = letter is not None
    was_used = bool(letter is not None and letter.redeemed_at is not None)
    if letter is None:
        db.session.add(LetterCode(round_id=round_.id, census_entry_id=entry_id, code_hash=eligibility.code_hash(round_.id, code)))
    else:
        letter.code_hash = eligibility.code_hash(round_.id, code)
        letter.redeemed_at = None
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise InvalidRound(_l("Someone else is changing this resident's letter code right now. Try again in a minute.")) from None
    record_event(round_, actor, "letter_code_reissued",
                 "replaced a used code" if was_used else ("replaced an unused code" if had_code else "first code"))
    db.session.flush()
    return ReissuedCode(code=code, old_code_was_used=was_used, had_code=had_code)


def letter_code_counts(round_: BudgetRound) -> tuple[int, int]:
    bound = (LetterCode.round_id == round_.id, LetterCode.census_entry_id.isnot(None))
    total = db.session.scalar(select(func.count(LetterCode.id)).where(*bound)) or 0
    used = db.session.scalar(select(func.count(LetterCode.id)).where(*bound, LetterCode.redeemed_at.isnot(None))) or 0
    return total, used
