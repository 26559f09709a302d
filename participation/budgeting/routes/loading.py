"""Load what a URL names (404 when missing or hidden from the visitor), refuse with 403, fill shared form choices."""
from __future__ import annotations

from flask import abort
from flask_babel import get_locale
from flask_login import current_user

from participation.budgeting.models import BudgetRound, Project
from participation.budgeting.permissions import can_view_round
from participation.city.services import offered_districts
from participation.extensions import db


def load_round(round_id: int) -> BudgetRound:
    round_ = db.session.get(BudgetRound, round_id)
    if round_ is None or not can_view_round(current_user, round_):
        abort(404)
    return round_


def load_project(project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None:
        abort(404)
    return project


def require(allowed: bool) -> None:
    if not allowed:
        abort(403)


def district_choices(form_field, none_label, current_id: int | None = None) -> None:
    """The districts a round or project may lie in: archived ones only when it already does."""
    locale = str(get_locale())
    form_field.choices = [(0, none_label)] + [(d.id, d.label(locale)) for d in offered_districts(current_id)]
