"""Who may see and do what on the outcome pages. Used by routes (abort 403/404) and templates."""
from __future__ import annotations

from participation.outcomes.models import ClosingReport
from participation.processes.models import Process
from participation.processes.permissions import can_view_process


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_staff(user) -> bool:
    return _signed_in(user) and user.has_role("staff")


def can_manage_reports(user) -> bool:
    """City staff write, publish and withdraw closing reports."""
    return is_staff(user)


def can_view_results(user, process: Process) -> bool:
    return can_view_process(user, process)


def can_view_report(user, report: ClosingReport | None) -> bool:
    """A published report is public; a draft is for staff only."""
    if report is None:
        return False
    return report.is_published or can_manage_reports(user)


def can_view_dashboard(user) -> bool:
    return is_staff(user)
