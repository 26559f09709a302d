"""Who may do what with budget rounds. Routes abort with 403/404 on False; templates hide buttons."""
from __future__ import annotations

from participation.budgeting.models import BudgetRound


def can_manage_rounds(user) -> bool:
    """Create and edit rounds and projects, publish results, import and export."""
    return bool(user.is_authenticated and user.has_role("staff"))


def can_manage_electorate(user) -> bool:
    """Upload the census and generate letter codes: personal data, so admins only."""
    return bool(user.is_authenticated and user.has_role("admin"))


def can_record_paper_ballots(user) -> bool:
    return bool(user.is_authenticated and user.has_role("staff"))


def can_review_feasibility(user, round_: BudgetRound) -> bool:
    """Staff, or someone appointed as reviewer for this round."""
    from participation.budgeting.services import can_review

    return can_review(user, round_)


def can_view_round(user, round_: BudgetRound) -> bool:
    """Draft rounds (and rounds of draft processes) are a staff preview."""
    if can_manage_rounds(user):
        return True
    return round_.status != "draft" and round_.process.status != "draft"


def can_view_results(user, round_: BudgetRound) -> bool:
    return round_.status == "results_published" and can_view_round(user, round_) or can_manage_rounds(user)
