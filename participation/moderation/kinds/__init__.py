"""Adapters that plug each kind of contribution into moderation (see registry.py)."""
from __future__ import annotations


def register_builtin_kinds() -> None:
    from participation.moderation.kinds import profile

    profile.register()
    try:
        import participation.ideas.models  # noqa: F401
    except ImportError:  # a build without the ideas package
        pass
    else:
        from participation.moderation.kinds import ideas

        ideas.register()
    try:
        import participation.crowdfunding.models  # noqa: F401
    except ImportError:  # a build without crowdfunding
        pass
    else:
        from participation.moderation.kinds import crowdfunding

        crowdfunding.register()
