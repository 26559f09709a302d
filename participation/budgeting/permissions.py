"""Who may do what with budget rounds. Routes abort with 403/404 on False; templates hide buttons."""
from __future__ import annotations

from sqlalchemy import select

from participation.budgeting.models import BudgetRound, RoundReviewer
from participation.extensions import db


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
    if not user.is_authenticated:
        return False
    if user.has_role("staff"):
        return True
    return db.session.scalar(select(RoundReviewer.id).where(RoundReviewer.round_id == round_.id, RoundReviewer.user_id == user.id)) is not None


def can_view_round(user, round_: BudgetRound) -> bool:
    """Draft rounds (and rounds of draft processes) are a staff preview."""
    if can_manage_rounds(user):
        return True
    return round_.status != "draft" and round_.process.status != "draft"


def can_view_results(user, round_: BudgetRound) -> bool:
    return round_.status == "results_published" and can_view_round(user, round_) or can_manage_rounds(user)
