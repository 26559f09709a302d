"""People's profiles as a moderated kind. The users table is not touched: a hidden profile is a
hidden moderation item, and pages show public_name(user) instead of the display name."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.extensions import db
from participation.moderation.registry import ModeratedKind, load_by_ids, register_kind

HIDDEN_NAME = _l("Hidden profile")


def _load(user_id: int):
    from participation.accounts.models import User

    return db.session.get(User, user_id)


def public_name(user) -> str:
    """The name to show the public: blank (“Hidden profile”) when moderation hid the profile."""
    if user is None:
        return ""
    from participation.moderation import states
    from participation.moderation.visibility import item_for

    item = item_for("profile", user.id)
    if item is not None and item.state != states.PUBLISHED:
        return str(HIDDEN_NAME)
    return user.display_name


def register() -> None:
    from participation.accounts.models import User

    register_kind(
        ModeratedKind(
            name="profile",
            label=_l("Profile"),
            load=_load,
            load_many=load_by_ids(User),
            author_of=lambda user: user,
            process_of=lambda user: None,
            url_of=lambda user: None,
            excerpt_of=lambda user: user.display_name,
        )
    )
