"""Anti-abuse rules for posting: what must wait for a moderator, repeated posts, and rate limits.

Features call these before they save a contribution:

    from participation.moderation.antiabuse import limit_posting, is_repeated_post, needs_premoderation

    @bp.route(...)
    @login_required
    @limit_posting                       # POSTING_RATE_LIMIT per user and POSTING_IP_RATE_LIMIT per address
    def new_idea(...): ...

and in the service: refuse when is_repeated_post(author, text); hold for approval when
needs_premoderation(author, text, process) (see services.contributions.track_contribution, which does this itself).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime, timedelta, timezone
from typing import Callable

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy import select

from participation.extensions import db, limiter
from participation.moderation.models import ModerationItem
from participation.moderation.visibility import is_blocked

LINK_PATTERN = re.compile(r"(https?://|www\.|\b[\w-]+\.(?:com|net|org|info|biz|be|nl|fr|eu|io|ru|xyz|top)\b)", re.IGNORECASE)


def normalise(text: str | None) -> str:
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", folded)).strip()


def fingerprint(text: str | None) -> str | None:
    normalised = normalise(text)
    return hashlib.sha256(normalised.encode()).hexdigest() if normalised else None


def has_link(text: str | None) -> bool:
    return bool(LINK_PATTERN.search(text or ""))


def word_list() -> list[str]:
    configured = current_app.config.get("MODERATION_WORD_LIST") or ()
    if isinstance(configured, str):
        configured = configured.split(",")
    return [normalise(word) for word in configured if normalise(word)]


def matches_word_list(text: str | None) -> bool:
    words = word_list()
    if not words:
        return False
    padded = f" {normalise(text)} "
    return any(f" {word} " in padded for word in words)


def is_new_account(author, now: datetime | None = None) -> bool:
    now = now or datetime.now(timezone.utc)
    created = author.created_at
    if created is None:
        return True
    if created.tzinfo is None:  # SQLite gives naive datetimes back
        created = created.replace(tzinfo=timezone.utc)
    return now - created < timedelta(days=current_app.config.get("NEW_ACCOUNT_DAYS", 7))


def needs_premoderation(author, text: str | None, process) -> bool:
    """True when a contribution must wait for a moderator, even in a post-moderated process."""
    if process is not None and getattr(process, "moderation_mode", "post") == "pre":
        return True
    if author is None:
        return True
    if author.has_role("staff"):
        return False
    if is_blocked(author):
        return True
    if has_link(text) and is_new_account(author):
        return True
    return matches_word_list(text)


def is_repeated_post(author, text: str | None, now: datetime | None = None) -> bool:
    """True when the author posted the same text (ignoring case, spacing, punctuation) recently."""
    digest = fingerprint(text)
    if author is None or digest is None:
        return False
    now = now or datetime.now(timezone.utc)
    since = now - timedelta(hours=current_app.config.get("REPEATED_POST_WINDOW_HOURS", 24))
    statement = (
        select(ModerationItem.id)
        .where(
            ModerationItem.author_id == author.id,
            ModerationItem.text_fingerprint == digest,
            ModerationItem.created_at >= since,
        )
        .limit(1)
    )
    return db.session.scalar(statement) is not None


# Rate limits -----------------------------------------------------------------------------------------

def posting_rate_limit() -> str:
    return current_app.config["POSTING_RATE_LIMIT"]


def posting_ip_rate_limit() -> str:
    return current_app.config["POSTING_IP_RATE_LIMIT"]


def user_key() -> str:
    if current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


def limit_posting(view: Callable) -> Callable:
    """Limit POSTs of a view by user and by IP address. The budget is shared by every view that uses it
    (ideas, comments, campaigns, updates), so spreading spam over several forms does not help."""
    view = limiter.shared_limit(posting_rate_limit, scope="posting-user", key_func=user_key, methods=["POST"])(view)
    view = limiter.shared_limit(posting_ip_rate_limit, scope="posting-ip", key_func=get_remote_address, methods=["POST"])(view)
    return view
