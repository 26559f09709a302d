"""Who may change the municipality's profile. Used by routes (abort 403) and templates."""
from __future__ import annotations


def can_edit_profile(user) -> bool:
    """Only administrators: the profile names and brands the whole installation."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_role("admin")
