"""Rules of budget rounds: rounds, projects, feasibility, the electorate and casting ballots.

Services flush and never commit; they raise DomainError subclasses the routes show.

Ballot secrecy and changing a ballot — the trade-off
----------------------------------------------------
A RoundVoter row says that an account is verified as resident X (X = keyed hash of census data;
a letter code is bound to one census entry and stands for that entry's X, so the letter, the
typed details and a paper ballot of one resident all give the same X). A Ballot row holds the
choices and `voter_token` = HMAC(secret, round, X); it has no user id, no timestamp, and no
screen or export joins the two. The unique constraint on (round, voter_token) is what makes the
database refuse a second ballot of the same person across every channel, and the token is also
how a voter's own ballot is found again to change it.
Consequence: someone holding both the database and the platform secret can recompute tokens and
link ballots to residents; without the secret (a database dump, an export, any page) they cannot.
Stronger secrecy (blind signatures, or no changes allowed) would cost the "change until closing"
rule or the one-ballot guarantee across paper and online, which the city wanted more.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from participation.accounts.models import User
from participation.budgeting import eligibility
from participation.budgeting.ballots import BallotRefused, Rules, check_choices
from participation.budgeting.outcomes import PROJECT_READY_STATUSES, idea_became_project
from participation.budgeting.models import (
    CENSUS_KEYS,
    FEASIBILITY,
    VOTE_METHODS,
    Ballot,
    BallotChoice,
    BudgetRound,
    CensusEntry,
    LetterCode,
    Project,
    RoundEvent,
    RoundReviewer,
    RoundVoter,
)
from participation.core.errors import DomainError, NotAllowed
from participation.core.text import clean_plain, clean_rich
from participation.extensions import db
from participation.ideas.models import Idea
from participation.processes.models import Process


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


# Which status a round may move to from which. Publishing results has its own service.
ROUND_TRANSITIONS = {
    "draft": {"published"},
    "published": {"draft"},
    "results_published": {"published"},
}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def record_event(round_: BudgetRound, actor: User | None, action: str, detail: str = "") -> None:
    db.session.add(RoundEvent(round_id=round_.id, actor_id=actor.id if actor else None, action=action, detail=detail))


# --------------------------------------------------------------------------- rounds


def rounds_of(process: Process, *, include_drafts: bool = False) -> list[BudgetRound]:
    query = (select(BudgetRound).where(BudgetRound.process_id == process.id).options(selectinload(BudgetRound.district))
             .order_by(BudgetRound.district_id.isnot(None), BudgetRound.id))
    if not include_drafts:
        query = query.where(BudgetRound.status != "draft")
    return list(db.session.scalars(query))


def voting_phase(round_: BudgetRound):
    return next((phase for phase in round_.process.phases if phase.kind == "voting"), None)


def is_voting_open(round_: BudgetRound, today: date) -> bool:
    phase = round_.process.phase_on(today)
    return (
        not round_.is_imported
        and round_.status == "published"
        and round_.process.status == "published"
        and phase is not None
        and phase.kind == "voting"
    )


def has_voting_closed(round_: BudgetRound, today: date) -> bool:
    if round_.is_imported:
        return True
    phase = voting_phase(round_)
    return phase is not None and today > phase.ends_on


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
               census_key: str = "national_number") -> BudgetRound:
    title = clean_plain(title)
    if not title:
        raise InvalidRound(_l("Give the round a title."), field="title")
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
    db.session.flush()
    record_event(round_, actor, "saved")
    return round_


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


# --------------------------------------------------------------------------- projects


def ballot_projects(round_: BudgetRound) -> list[Project]:
    return list(db.session.scalars(
        select(Project).where(Project.round_id == round_.id, Project.feasibility == "feasible")
        .options(selectinload(Project.district)).order_by(Project.cost_cents, Project.id)
    ))


def ballot_count(round_: BudgetRound) -> int:
    return db.session.scalar(select(func.count(Ballot.id)).where(Ballot.round_id == round_.id)) or 0


def _editable(round_: BudgetRound) -> None:
    if round_.is_imported:
        raise InvalidProject(_l("An imported round cannot be changed."))
    if ballot_count(round_):
        raise InvalidProject(_l("People have voted in this round: its projects can no longer change."))


def accepted_ideas(process: Process) -> list:
    """Ideas of the process that passed the city's review and may become a budget project."""
    return list(db.session.scalars(select(Idea).where(
        Idea.process_id == process.id, Idea.status.in_(PROJECT_READY_STATUSES)).order_by(Idea.title)))


def save_project(project: Project | None, *, round_: BudgetRound, actor: User, title: str, description: str,
                 cost_cents: int, district_id: int | None = None, idea_id: int | None = None,
                 latitude: float | None = None, longitude: float | None = None,
                 image=None, image_alt: str | None = None) -> Project:
    _editable(round_)
    title = clean_plain(title)
    if not title:
        raise InvalidProject(_l("Give the project a title."), field="title")
    if cost_cents is None or cost_cents < 0:
        raise InvalidProject(_l("The cost cannot be negative."), field="cost")
    if (latitude is None) != (longitude is None):
        raise InvalidProject(_l("Give both the latitude and the longitude, or neither."), field="latitude")
    if round_.district_id is not None:
        if district_id not in (None, round_.district_id):
            raise InvalidProject(_l("A project in a district round lies in that district."), field="district_id")
        district_id = round_.district_id
    idea = None
    if idea_id and (project is None or project.idea_id != idea_id):
        idea = next((i for i in accepted_ideas(round_.process) if i.id == idea_id), None)
        if idea is None:
            raise InvalidProject(_l("Only accepted ideas of this process can become projects."), field="idea_id")
    if image is not None and not (image_alt or "").strip():
        raise InvalidProject(_l("Describe the image for people who cannot see it."), field="image_alt")
    if project is None:
        project = Project(round_id=round_.id, round=round_)
        db.session.add(project)
    project.title = title
    project.description_source = description or ""
    project.description_html = clean_rich(description)
    project.cost_cents = cost_cents
    project.district_id = district_id
    project.idea_id = idea_id or None
    project.latitude, project.longitude = latitude, longitude
    if image is not None:
        from participation.core.images import store_image

        project.image_filename = store_image(image)
        project.image_alt = clean_plain(image_alt)
    db.session.flush()
    if idea is not None:
        idea_became_project(project, idea, actor)
    return project


def can_review(user, round_: BudgetRound) -> bool:
    if not user.is_authenticated:
        return False
    if user.has_role("staff"):
        return True
    return db.session.scalar(select(RoundReviewer.id).where(RoundReviewer.round_id == round_.id, RoundReviewer.user_id == user.id)) is not None


def projects_to_review(user) -> list[tuple[BudgetRound, list[Project]]]:
    """The rounds a person may review (appointed, or every non-imported round for staff) with their projects."""
    if not user.is_authenticated:
        return []
    query = select(BudgetRound).where(BudgetRound.is_imported.is_(False)).options(selectinload(BudgetRound.projects))
    if not user.has_role("staff"):
        query = query.join(RoundReviewer, RoundReviewer.round_id == BudgetRound.id).where(RoundReviewer.user_id == user.id)
    rounds = list(db.session.scalars(query.order_by(BudgetRound.id.desc())))
    return [(round_, list(round_.projects)) for round_ in rounds]


def reviewers_of(round_: BudgetRound) -> list[User]:
    return list(db.session.scalars(
        select(User).join(RoundReviewer, RoundReviewer.user_id == User.id).where(RoundReviewer.round_id == round_.id).order_by(User.display_name)
    ))


def appoint_reviewer(round_: BudgetRound, email: str, actor: User) -> RoundReviewer:
    from participation.accounts.services import find_user_by_email

    user = find_user_by_email(email or "")
    if user is None:
        raise InvalidRound(_l("Nobody has an account with this email address."), field="email")
    existing = db.session.scalar(select(RoundReviewer).where(RoundReviewer.round_id == round_.id, RoundReviewer.user_id == user.id))
    if existing is not None:
        return existing
    reviewer = RoundReviewer(round_id=round_.id, user_id=user.id)
    db.session.add(reviewer)
    record_event(round_, actor, "reviewer", user.email)
    db.session.flush()
    return reviewer


def review_project(project: Project, reviewer: User, *, verdict: str, explanation: str, cost_cents: int) -> None:
    _editable(project.round)
    if verdict not in FEASIBILITY or verdict == "pending":
        raise InvalidProject(_l("Choose feasible or not feasible."), field="verdict")
    explanation = clean_plain(explanation)
    if not explanation:
        raise InvalidProject(_l("Explain the decision: everyone can read it."), field="explanation")
    if cost_cents is None or cost_cents < 0:
        raise InvalidProject(_l("The cost cannot be negative."), field="cost")
    project.feasibility = verdict
    project.feasibility_explanation = explanation
    project.cost_cents = cost_cents
    project.reviewed_by_id = reviewer.id
    project.reviewed_at = _now()
    db.session.flush()


# --------------------------------------------------------------------------- the electorate


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


def voter_of(round_: BudgetRound, user) -> RoundVoter | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(RoundVoter).where(RoundVoter.round_id == round_.id, RoundVoter.user_id == user.id))


def _require_open(round_: BudgetRound, today: date) -> None:
    if not is_voting_open(round_, today):
        raise VotingClosed(_l("Voting in this round is closed."))


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
    _require_open(round_, today)
    key = eligibility.identity_key(round_.id, round_.census_key, **fields)
    if db.session.scalar(select(CensusEntry.id).where(CensusEntry.round_id == round_.id, CensusEntry.identity_key == key)) is None:
        raise VerificationRefused(_l("We could not find these details among the residents who may vote in this round. Check what you typed, or contact the city."))
    return _claim(round_, user, key, "census")


def _letter(round_: BudgetRound, code: str) -> tuple[int, str]:
    """The letter code's id and the identity key of the census entry it was sent to."""
    found = db.session.execute(
        select(LetterCode.id, CensusEntry.identity_key).join(CensusEntry, CensusEntry.id == LetterCode.census_entry_id)
        .where(LetterCode.round_id == round_.id, LetterCode.code_hash == eligibility.code_hash(round_.id, code))
    ).first()
    if found is None:
        raise VerificationRefused(_l("This code is not valid for this round. Check what you typed."), field="code")
    return found.id, found.identity_key


def _mark_redeemed(code_id: int) -> bool:
    """Mark a letter code used; True only for the one request that did (even under concurrent requests)."""
    return db.session.execute(
        update(LetterCode).where(LetterCode.id == code_id, LetterCode.redeemed_at.is_(None)).values(redeemed_at=_now())
        .execution_options(synchronize_session=False)
    ).rowcount == 1


def _redeem(round_: BudgetRound, code: str) -> str:
    """Use a letter code once and return the identity key of its resident (the census one)."""
    code_id, key = _letter(round_, code)
    if not _mark_redeemed(code_id):
        raise VerificationRefused(_l("This code has already been used."), field="code")
    return key


def redeem_letter_code(round_: BudgetRound, user: User, code: str, today: date) -> RoundVoter:
    _require_open(round_, today)
    if voter_of(round_, user) is not None:
        raise VerificationRefused(_l("Your account is already verified for this round."), field="code")
    return _claim(round_, user, _redeem(round_, code), "letter")


# --------------------------------------------------------------------------- ballots


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
    _require_open(round_, today)
    voter = voter_of(round_, user)
    if voter is None:
        raise NotVerified(_l("Verify that you live in Ghent before you vote."))
    return _store_ballot(round_, voter.identity_key, choices, "online")


def record_paper_ballot(round_: BudgetRound, staff: User, choices: dict[int, int], today: date, *,
                        code: str = "", **fields) -> str:
    """A polling-point ballot of a resident whose identity staff checked; refused if they voted already."""
    _require_open(round_, today)
    if code.strip():
        # The code's resident, with the same identity as their details: a ballot they cast online blocks this one.
        code_id, identity = _letter(round_, code)
        _mark_redeemed(code_id)
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
