"""Login sessions: one server-side row per login, so logging out really ends a session.

The signed session cookie and the remember-me cookie both carry "<user id>:<login token>"
(User.get_id()); the user loader accepts them only while the login's row exists. Logout deletes
this device's row, "sign out everywhere" and a new password delete all of them, so a copied
cookie stops working at once instead of living on until it expires.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import undefer

from participation.accounts.models import User, UserSession
from participation.core.models import utcnow
from participation.extensions import db

# last_seen_at is for the person's overview, not an audit trail: one write per few minutes is enough,
# so ordinary page views do not each update a row.
LAST_SEEN_RESOLUTION = timedelta(minutes=5)
USER_AGENT_LENGTH = 200


def hash_login_token(token: str) -> str:
    """What user_sessions stores: a database dump must not be a pile of valid cookies."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, user_agent: str = "") -> UserSession:
    """Record a new login for `user`; get_id() then names it, for login_user() to put in the cookies."""
    token = secrets.token_urlsafe(32)
    login = UserSession(user_id=user.id, token_hash=hash_login_token(token), user_agent=(user_agent or "")[:USER_AGENT_LENGTH])
    db.session.add(login)
    db.session.flush()
    user.login_token, user.login_session_id = token, login.id
    return login


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login's user loader: the user of a login that is still open, or None."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None  # no login token: a cookie from before server-side sessions, or a forged one
    # The bell's unread count comes in the same query (notifications.models adds it, deferred elsewhere).
    row = db.session.execute(
        select(User, UserSession)
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == hash_login_token(token), User.id == int(user_id))
        .options(undefer(User.unread_notification_count))
        .execution_options(populate_existing=True)
    ).first()
    if row is None:
        return None  # logged out, signed out everywhere or password changed since this cookie was issued
    user, login = row
    user.login_token, user.login_session_id = token, login.id
    now = utcnow()
    last_seen = login.last_seen_at if login.last_seen_at.tzinfo else login.last_seen_at.replace(tzinfo=now.tzinfo)
    if now - last_seen > LAST_SEEN_RESOLUTION:
        login.last_seen_at = now
    return user


def end_session(user: User) -> None:
    """End the login `user` was loaded for (this device); other devices stay logged in."""
    if user.login_session_id is not None:
        db.session.execute(delete(UserSession).where(UserSession.id == user.login_session_id))
    user.login_token = user.login_session_id = None
    db.session.flush()


def end_all_sessions(user: User, *, keep_current: bool = False) -> int:
    """End every login of `user` (all devices), or every other one with keep_current; returns how many."""
    statement = delete(UserSession).where(UserSession.user_id == user.id)
    if keep_current and user.login_session_id is not None:
        statement = statement.where(UserSession.id != user.login_session_id)
    ended = db.session.execute(statement).rowcount or 0
    if not keep_current:
        user.login_token = user.login_session_id = None
    db.session.flush()
    return ended


def count_sessions(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(UserSession).where(UserSession.user_id == user.id)) or 0
