"""Budgeting pages. Thin: load or 404, check permission or 403, validate the form, call one service.

- public.py      the rounds of a process, a round page, results, calculation log, Pabulib export
- voting.py      verification, the ballot, receipts, paper ballots
- rounds.py      staff: rounds, their status, reviewers, results, Pabulib import
- projects.py    staff: projects; reviewers: feasibility
- electorate.py  admins: census, letter codes
- loading.py     load-or-404 and 403 helpers the others share
"""
from __future__ import annotations

from participation.budgeting import bp
from participation.budgeting.ballots import euros
from participation.budgeting.forms import (
    CENSUS_KEY_LABELS,
    FEASIBILITY_LABELS,
    RULE_LABELS,
    RULE_SHORT_LABELS,
    STATUS_LABELS,
    VOTE_METHOD_LABELS,
)


@bp.app_context_processor
def labels() -> dict:
    return {
        "vote_method_labels": VOTE_METHOD_LABELS,
        "feasibility_labels": FEASIBILITY_LABELS,
        "round_status_labels": STATUS_LABELS,
        "census_key_labels": CENSUS_KEY_LABELS,
        "rule_labels": RULE_LABELS,
        "rule_short_labels": RULE_SHORT_LABELS,
        "euros": euros,
    }


from participation.budgeting.routes import electorate, projects, public, rounds, voting  # noqa: E402,F401
