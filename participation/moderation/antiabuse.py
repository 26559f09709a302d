"""Anti-abuse rules for posting: what must wait for a moderator, repeated posts, and rate limits.

Features call these before they save a contribution:

    from participation.moderation.antiabuse import limit_posting, is_repeated_post, needs_premoderation

    @bp.route(...)
    @login_required
    @limit_posting                       # POSTING_RATE_LIMIT per user and POSTING_IP_RATE_LIMIT per address
    def new_idea(...):
        ... with all_or_nothing(): refuse_when_over_limit(); submit_idea(...)   (core.ratelimits)

and in the service: refuse when is_repeated_post(author, text); hold for approval when
needs_premoderation(author, text, process) (see services.contributions.track_contribution, which does this itself).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime, timedelta, timezone

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy import select

from participation.core.ratelimits import Budget, limited_form
from participation.extensions import db
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
# Through core.ratelimits: only accepted posts count, and a post over a limit is shown again with what
# was typed. The limits fit who posts and how:
# - POSTING_RATE_LIMIT, per citizen account: one person (or a script on a stolen or throwaway account)
#   flooding processes with ideas, reactions, campaigns or updates faster than moderators can read.
# - POSTING_IP_RATE_LIMIT, per address: many throwaway accounts from one machine. Higher, since a
#   library, school or community centre puts many honest people behind one address.
# - STAFF_POSTING_RATE_LIMIT, per staff account (staff, admins): a hijacked staff session or a runaway
#   script; staff answer many reactions in a row, so it is far higher, and there is no IP budget,
#   since city hall sits behind one address.
# - OFFLINE_ENTRY_RATE_LIMIT, per staff account entering paper ideas (a channel of its own): a whole
#   box of forms is typed in one sitting, so it never shares the citizens' budget; it only stops a
#   runaway script or a double-submitting browser from filling a process.
# The budget of a scope is shared by every view that uses it, so spreading spam over several forms
# does not help.

def posting_budgets() -> list[Budget]:
    if current_user and current_user.is_authenticated:
        if current_user.has_role("staff"):
            return [Budget("posting-staff", "STAFF_POSTING_RATE_LIMIT", f"user:{current_user.id}")]
        user_budget = Budget("posting-user", "POSTING_RATE_LIMIT", f"user:{current_user.id}")
    else:
        user_budget = Budget("posting-user", "POSTING_RATE_LIMIT", f"ip:{get_remote_address()}")
    return [user_budget, Budget("posting-ip", "POSTING_IP_RATE_LIMIT", get_remote_address())]


def offline_entry_budgets() -> list[Budget]:
    return [Budget("offline-entry", "OFFLINE_ENTRY_RATE_LIMIT", f"user:{current_user.id}")]


limit_posting = limited_form(posting_budgets)
"""Decorate a posting view; it calls core.ratelimits.refuse_when_over_limit() before its service."""

limit_offline_entry = limited_form(offline_entry_budgets)
