from __future__ import annotations

from participation.processes.models import Process


def can_manage_processes(user) -> bool:
    return bool(user.is_authenticated and user.has_role("staff"))


def can_view_process(user, process: Process) -> bool:
    """Drafts are a staff preview; published and archived processes are public."""
    return process.status != "draft" or can_manage_processes(user)
