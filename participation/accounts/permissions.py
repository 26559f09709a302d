from __future__ import annotations

from participation.accounts.models import User


def can_manage_roles(user: User) -> bool:
    return user.is_authenticated and user.has_role("admin")
