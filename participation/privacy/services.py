"""The statement's versions and people's consents. Version 1 is the statement as the code first wrote it
and has no row; an admin's publication adds the next version, the highest being the current one."""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participation.core.errors import DomainError
from participation.core.text import clean_plain
from participation.extensions import db
from participation.privacy.models import ConsentRecord, PrivacyStatementVersion

if TYPE_CHECKING:  # accounts imports this module for the registration's consent
    from participation.accounts.models import User

FIRST_VERSION = 1


class EmptyChangelog(DomainError):
    pass


def current_version() -> int:
    highest = db.session.scalar(select(func.max(PrivacyStatementVersion.version)))
    return highest or FIRST_VERSION


def latest_consent(user: User) -> int | None:
    return db.session.scalar(select(func.max(ConsentRecord.version)).where(ConsentRecord.user_id == user.id))


def needs_consent(user: User) -> bool:
    """A newer version than the person's latest consent exists. Accounts older than the statement have
    no consent at all: they are asked from the first published change on, as everyone else."""
    current = current_version()
    if current == FIRST_VERSION:
        return False
    return (latest_consent(user) or FIRST_VERSION) < current


def record_consent(user: User, version: int | None = None) -> ConsentRecord | None:
    """Store that the person accepted `version` (the current one by default); once per version."""
    version = version or current_version()
    existing = db.session.scalar(select(ConsentRecord).where(ConsentRecord.user_id == user.id, ConsentRecord.version == version))
    if existing is not None:
        return existing
    record = ConsentRecord(user_id=user.id, version=version)
    db.session.add(record)
    db.session.flush()
    return record


def publish_version(admin: User, changelog: str) -> PrivacyStatementVersion:
    text = clean_plain(changelog or "", multiline=True)
    if not text:
        raise EmptyChangelog(_l("Describe what changed, so people know what they accept."), field="changelog")
    row = PrivacyStatementVersion(version=current_version() + 1, changelog_nl=text, published_by_id=admin.id)
    db.session.add(row)
    db.session.flush()
    return row


def published_versions() -> list[PrivacyStatementVersion]:
    return list(db.session.scalars(select(PrivacyStatementVersion).order_by(PrivacyStatementVersion.version.desc())))


def changes_since(version: int) -> list[PrivacyStatementVersion]:
    query = select(PrivacyStatementVersion).where(PrivacyStatementVersion.version > version)
    return list(db.session.scalars(query.order_by(PrivacyStatementVersion.version)))


def consents_of(user: User) -> list[ConsentRecord]:
    query = select(ConsentRecord).where(ConsentRecord.user_id == user.id).order_by(ConsentRecord.version.desc())
    return list(db.session.scalars(query))
