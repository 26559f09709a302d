"""From stored ballots to results with tally.py, and rounds to and from Pabulib files.

Amounts go to the engine in euros as exact fractions (cents / 100), so its log reads in euros and
MES completion raises every voter's budget by one euro per step.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date, datetime, timezone
from fractions import Fraction

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.budgeting import pabulib
from participation.budgeting.models import Ballot, BallotChoice, BudgetRound, CensusEntry, Project
from participation.budgeting.outcomes import tell_winning_ideas
from participation.budgeting.services import (
    InvalidRound,
    ballot_projects,
    has_voting_closed,
    record_event,
    rounds_of,
)
from participation.budgeting.tally import RuleSpec, TallyError, run_rule
from participation.core.errors import DomainError
from participation.core.text import clean_plain
from participation.extensions import db
from participation.processes.models import Process
from participation.municipality.profile import city_name

PABULIB_VOTE_TYPES = {"knapsack": "approval", "approval": "approval", "cumulative": "cumulative"}
MES_UTILITY = {"knapsack": "cost", "approval": "cost", "cumulative": "points"}


class ResultsRefused(DomainError):
    pass


def _euros(cents: int) -> int | Fraction:
    value = Fraction(cents, 100)
    return value.numerator if value.denominator == 1 else value


def _cents(value) -> int:
    scaled = Fraction(value) * 100
    if scaled.denominator != 1:
        raise ValueError("not a whole number of cents")
    return int(scaled)


def spec_for(round_: BudgetRound, rule: str) -> RuleSpec:
    if rule == "greedy":
        return RuleSpec("greedy")
    return RuleSpec("mes", utility=MES_UTILITY[round_.vote_method], completion="add1", top_up=False)


def election_of(round_: BudgetRound) -> pabulib.Election:
    """The round as a Pabulib election: feasible projects, and identical ballots merged."""
    projects = ballot_projects(round_)
    on_ballot = {p.id for p in projects}
    rows = db.session.execute(
        select(BallotChoice.ballot_id, BallotChoice.project_id, BallotChoice.points)
        .join(Ballot).where(Ballot.round_id == round_.id).order_by(BallotChoice.ballot_id, BallotChoice.project_id)
    ).all()
    per_ballot: dict[int, list[tuple[int, int]]] = {}
    for ballot_id, project_id, points in rows:
        if project_id in on_ballot:
            per_ballot.setdefault(ballot_id, []).append((project_id, points))
    points_type = round_.vote_method == "cumulative"
    groups = Counter(
        (tuple(str(pid) for pid, _ in entries), tuple(pts for _, pts in entries) if points_type else None)
        for entries in per_ballot.values()
    )
    ballots = [pabulib.BallotGroup(ids, pts, count) for (ids, pts), count in sorted(groups.items(), key=lambda item: item[0][0])]
    meta = {
        "description": round_.title,
        "country": "Belgium",
        "unit": city_name(),
        "instance": str(round_.process.slug),
        "district": round_.district.name if round_.district else "",
        "num_projects": str(len(projects)),
        "num_votes": str(sum(groups.values())),
        "budget": pabulib.format_number(_euros(round_.budget_cents)),
        "vote_type": PABULIB_VOTE_TYPES[round_.vote_method],
        "rule": "equalshares/add1" if round_.tally_rule == "mes" else "greedy",
        "currency": "EUR",
    }
    if round_.vote_method == "knapsack":
        meta["max_sum_cost"] = meta["budget"]
        if round_.min_spend_cents:
            meta["min_sum_cost"] = pabulib.format_number(_euros(round_.min_spend_cents))
    if round_.vote_method == "approval":
        meta["min_length"] = str(max(round_.min_choices, 1))
        if round_.max_choices:
            meta["max_length"] = str(round_.max_choices)
    if points_type:
        meta["max_sum_points"] = str(round_.points_total)
        if round_.points_per_project:
            meta["max_points"] = str(round_.points_per_project)
    phase = next((ph for ph in round_.process.phases if ph.kind == "voting"), None)
    if phase:
        meta["date_begin"], meta["date_end"] = phase.starts_on.strftime("%d.%m.%Y"), phase.ends_on.strftime("%d.%m.%Y")
    meta = {k: v for k, v in meta.items() if v != ""}
    election_projects = {
        str(p.id): pabulib.Project(str(p.id), _euros(p.cost_cents), p.title, {"name": p.title})
        for p in projects
    }
    return pabulib.Election(meta, election_projects, ballots, project_columns=["project_id", "cost", "name"])


def compute(round_: BudgetRound, rule: str) -> dict:
    if rule not in ("greedy", "mes"):
        raise ResultsRefused(_l("Choose greedy or the Method of Equal Shares."), field="rule")
    election = election_of(round_)
    try:
        result = run_rule(election, spec_for(round_, rule), seed=round_.id)
    except TallyError as error:  # pragma: no cover - options are fixed above
        raise ResultsRefused(str(error)) from None
    votes: Counter = Counter()
    scores: Counter = Counter()
    for group in election.ballots:
        points = group.points or (1,) * len(group.projects)
        for pid, pts in zip(group.projects, points):
            votes[pid] += group.count
            scores[pid] += pts * group.count
    projects = []
    for project in ballot_projects(round_):
        key = str(project.id)
        support = result.support.get(key)
        projects.append({
            "id": project.id, "title": project.title, "cost_cents": project.cost_cents,
            "votes": votes[key], "score": int(scores[key]), "selected": key in result.selected,
            "effective_support": float(support.effective_support) if support and support.effective_support is not None else None,
            "stage": support.stage if support else None,
        })
    projects.sort(key=lambda p: (not p["selected"], -p["score"], p["cost_cents"]))
    return {
        "rule": rule,
        "rule_name": result.rule,
        "selected": [int(pid) for pid in result.selected],
        "total_cost_cents": _cents(result.total_cost),
        "budget_cents": round_.budget_cents,
        "voters": election.voter_count,
        "projects": projects,
        "log": result.log,
        "computed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def publish_results(round_: BudgetRound, rule: str, actor: User, today: date) -> dict:
    if round_.status not in ("published", "results_published") and not round_.is_imported:
        raise ResultsRefused(_l("Publish the round before its results."))
    if not has_voting_closed(round_, today):
        raise ResultsRefused(_l("Results can be published once voting has closed."))
    result = compute(round_, rule)
    round_.tally_rule = rule
    round_.result_json = json.dumps(result, ensure_ascii=False)
    round_.results_published_at = datetime.now(timezone.utc)
    round_.status = "results_published"
    record_event(round_, actor, "results", rule)
    db.session.flush()
    tell_winning_ideas(round_, result["selected"], actor)
    return result


def published_result(round_: BudgetRound) -> dict | None:
    if round_.status != "results_published" or not round_.result_json:
        return None
    return json.loads(round_.result_json)


def results_overview(process: Process) -> dict:
    """Every voting round of a process side by side: the city-wide round(s) and one row per district.

    Turnout is ballots over the residents on the round's census. Three queries whatever the number
    of rounds: the rounds, the ballots per round, the census per round (winners come from the stored result).
    """
    rounds = [r for r in rounds_of(process) if not r.is_imported]
    ids = [r.id for r in rounds]
    ballots = dict(db.session.execute(
        select(Ballot.round_id, func.count(Ballot.id)).where(Ballot.round_id.in_(ids)).group_by(Ballot.round_id)
    ).all()) if ids else {}
    census = dict(db.session.execute(
        select(CensusEntry.round_id, func.count(CensusEntry.id)).where(CensusEntry.round_id.in_(ids)).group_by(CensusEntry.round_id)
    ).all()) if ids else {}
    rows = []
    for round_ in rounds:
        result = published_result(round_)
        voters, eligible = ballots.get(round_.id, 0), census.get(round_.id, 0)
        rows.append({
            "round": round_,
            "is_published": result is not None,
            "ballots": voters,
            "eligible": eligible,
            "turnout_percent": round(100 * voters / eligible, 1) if eligible else None,
            "budget_cents": round_.budget_cents,
            "used_cents": result["total_cost_cents"] if result else None,
            "rule": result["rule"] if result else None,
            "winners": [p["title"] for p in result["projects"] if p["selected"]] if result else [],
        })
    published = [row for row in rows if row["is_published"]]
    return {
        "city": [row for row in rows if row["round"].district_id is None],
        "districts": sorted((row for row in rows if row["round"].district_id is not None), key=lambda row: row["round"].district.name),
        "total_budget_cents": sum(row["budget_cents"] for row in published),
        "total_used_cents": sum(row["used_cents"] for row in published),
        "total_ballots": sum(row["ballots"] for row in rows),
        "has_results": bool(published),
    }


# --------------------------------------------------------------------------- Pabulib


def export_pb(round_: BudgetRound) -> str:
    return pabulib.dump_election(election_of(round_))


def import_pb(process: Process, text: str, actor: User, *, title: str = "") -> BudgetRound:
    """Create a round (marked imported, no voting) from a .pb file, for what-if analysis."""
    try:
        election = pabulib.parse_election(text, source="upload")
    except pabulib.ParseError as error:
        raise InvalidRound(_l("This is not a readable Pabulib file: %(problem)s", problem=str(error)), field="file") from None
    vote_type = election.vote_type
    if vote_type in pabulib.POINTS_TYPES:
        method = "cumulative"
    elif vote_type in pabulib.APPROVAL_TYPES:
        method = "knapsack" if election.meta.get("max_sum_cost") else "approval"
    else:
        raise InvalidRound(_l("Only approval and cumulative Pabulib files can be imported."), field="file")
    try:
        budget_cents = _cents(election.budget)
        costs = {pid: _cents(p.cost) for pid, p in election.projects.items()}
    except (ValueError, KeyError):
        raise InvalidRound(_l("The budget and the costs must be amounts in whole cents."), field="file") from None
    points_total = None
    if method == "cumulative":
        max_points = max((sum(g.points or ()) for g in election.ballots), default=1)
        points_total = int(election.meta.get("max_sum_points") or max(1, int(max_points)))
    round_ = BudgetRound(
        process_id=process.id, process=process,
        title=clean_plain(title) or clean_plain(election.meta.get("description", "")) or "Pabulib import",
        vote_method=method, budget_cents=budget_cents, points_total=points_total,
        min_choices=0, status="draft", is_imported=True, census_key="national_number", min_age=0,
    )
    db.session.add(round_)
    db.session.flush()
    ids = {}
    for pid, project in election.projects.items():
        row = Project(round_id=round_.id, title=clean_plain(project.name or project.fields.get("name", "")) or pid,
                      cost_cents=costs[pid], feasibility="feasible", external_id=pid[:80],
                      feasibility_explanation="")
        db.session.add(row)
        ids[pid] = row
    db.session.flush()
    ballot_rows, number = [], 0
    for group in election.ballots:
        points = group.points or (1,) * len(group.projects)
        entries = [(ids[pid].id, int(pts)) for pid, pts in zip(group.projects, points) if pts > 0]
        for _ in range(group.count):
            number += 1
            token = hashlib.sha256(f"import|{round_.id}|{number}".encode()).hexdigest()
            ballot_rows.append((token, entries))
    for start in range(0, len(ballot_rows), 2000):
        chunk = ballot_rows[start:start + 2000]
        ballots = [Ballot(round_id=round_.id, voter_token=token, receipt_hash="import:" + token[:60], channel="import") for token, _ in chunk]
        db.session.add_all(ballots)
        db.session.flush()
        choices = [{"ballot_id": b.id, "project_id": pid, "points": pts} for b, (_, entries) in zip(ballots, chunk) for pid, pts in entries]
        if choices:
            db.session.execute(BallotChoice.__table__.insert(), choices)
    record_event(round_, actor, "imported", f"{len(ids)} projects, {number} ballots")
    db.session.flush()
    return round_
