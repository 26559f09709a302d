"""Casting ballots online and on paper, changing them until voting closes, receipts and participation counts."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from participation.accounts.models import User
from participation.budgeting import eligibility
from participation.budgeting.ballots import BallotRefused, Rules, check_choices
from participation.budgeting.models import Ballot, BallotChoice, BudgetRound, CensusEntry, Project, RoundVoter
from participation.budgeting.services.rules import NotVerified, VerificationRefused, require_open
from participation.budgeting.services.voters import find_letter_code, mark_redeemed, voter_of
from participation.extensions import db
from participation.municipality.profile import city_name


def _ballot_costs(round_: BudgetRound) -> dict[int, int]:
    return dict(db.session.execute(
        select(Project.id, Project.cost_cents).where(Project.round_id == round_.id, Project.feasibility == "feasible")
    ).all())


def _store_ballot(round_: BudgetRound, identity: str, choices: dict[int, int], channel: str) -> str:
    check_choices(Rules.of(round_), _ballot_costs(round_), choices)
    choices = {pid: pts for pid, pts in choices.items() if pts > 0}
    token = eligibility.voter_token(round_.id, identity)
    receipt = eligibility.new_receipt_code()
    ballot = db.session.scalar(
        select(Ballot).where(Ballot.round_id == round_.id, Ballot.voter_token == token).with_for_update()
    )
    if ballot is not None:
        if channel == "paper":
            raise BallotRefused(_l("This person has already voted in this round."))
        if ballot.channel == "paper":
            raise BallotRefused(_l("Your ballot was recorded on paper at a polling point; it cannot be changed online."))
        db.session.execute(BallotChoice.__table__.delete().where(BallotChoice.ballot_id == ballot.id))
        ballot.receipt_hash = eligibility.receipt_hash(receipt)
        db.session.expire(ballot, ["choices"])
        db.session.execute(BallotChoice.__table__.insert(), [
            {"ballot_id": ballot.id, "project_id": pid, "points": pts} for pid, pts in sorted(choices.items())])
        db.session.flush()
        return receipt
    try:
        with db.session.begin_nested():
            ballot = Ballot(round_id=round_.id, voter_token=token, receipt_hash=eligibility.receipt_hash(receipt), channel=channel)
            db.session.add(ballot)
            db.session.flush()
            db.session.execute(BallotChoice.__table__.insert(), [
                {"ballot_id": ballot.id, "project_id": pid, "points": pts} for pid, pts in sorted(choices.items())])
    except IntegrityError:
        if channel == "paper":
            raise BallotRefused(_l("This person has already voted in this round.")) from None
        raise BallotRefused(_l("Your ballot was sent twice at the same moment. One was recorded; check it below before changing it.")) from None
    return receipt


def has_voted(round_: BudgetRound, voter: RoundVoter | None) -> bool:
    if voter is None:
        return False
    token = eligibility.voter_token(round_.id, voter.identity_key)
    return db.session.scalar(select(Ballot.id).where(Ballot.round_id == round_.id, Ballot.voter_token == token)) is not None


def current_choices(round_: BudgetRound, voter: RoundVoter | None) -> dict[int, int]:
    """The voter's own saved ballot, for them to review or change."""
    if voter is None:
        return {}
    token = eligibility.voter_token(round_.id, voter.identity_key)
    return dict(db.session.execute(
        select(BallotChoice.project_id, BallotChoice.points).join(Ballot)
        .where(Ballot.round_id == round_.id, Ballot.voter_token == token)
    ).all())


def cast_ballot(round_: BudgetRound, user: User, choices: dict[int, int], today: date) -> str:
    """Store or replace the user's ballot; return a new receipt code (the old one stops working)."""
    require_open(round_, today)
    voter = voter_of(round_, user)
    if voter is None:
        raise NotVerified(_l("Verify that you live in %(city)s before you vote.", city=city_name()))
    return _store_ballot(round_, voter.identity_key, choices, "online")


def record_paper_ballot(round_: BudgetRound, staff: User, choices: dict[int, int], today: date, *,
                        code: str = "", **fields) -> str:
    """A polling-point ballot of a resident whose identity staff checked; refused if they voted already."""
    require_open(round_, today)
    if code.strip():
        # The code's resident, with the same identity as their details: a ballot they cast online blocks this one.
        code_id, identity = find_letter_code(round_, code)
        mark_redeemed(code_id)
    else:
        identity = eligibility.identity_key(round_.id, round_.census_key, **fields)
        if db.session.scalar(select(CensusEntry.id).where(CensusEntry.round_id == round_.id, CensusEntry.identity_key == identity)) is None:
            raise VerificationRefused(_l("This person is not on the list of residents who may vote in this round."))
    return _store_ballot(round_, identity, choices, "paper")


def receipt_is_counted(round_: BudgetRound, code: str) -> bool:
    hashed = eligibility.receipt_hash(code)
    return db.session.scalar(select(Ballot.id).where(Ballot.round_id == round_.id, Ballot.receipt_hash == hashed)) is not None


def participation_counts(round_: BudgetRound) -> dict:
    rows = dict(db.session.execute(select(Ballot.channel, func.count(Ballot.id)).where(Ballot.round_id == round_.id).group_by(Ballot.channel)).all())
    return {"online": rows.get("online", 0), "paper": rows.get("paper", 0), "import": rows.get("import", 0), "total": sum(rows.values())}
