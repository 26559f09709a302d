"""Moderation rules. Services flush and never commit; they raise DomainError subclasses that routes
turn into messages. Split by concept, one import for routes and features:

- items.py          the moderation record of an object or person and move_item, the optimistic-locking
                    state change every other module goes through
- audit.py          the audit trail every change writes
- contributions.py  track_contribution, contribution_edited (features' hooks) and sync_pending
- reports.py        reports from the public and hiding by enough of them
- decisions.py      a moderator's decision on one item or a batch
- blocking.py       blocking and unblocking a person
- appeals.py        lodging and deciding appeals
- moderators.py     which processes a moderator moderates, and their daily digest

Read-only lookups (item_for, is_public, is_blocked, hidden_object_ids...) live one level down in
moderation/visibility.py, so antiabuse can use them without importing these rules.
"""
from participation.moderation.services.appeals import (  # noqa: F401
    AlreadyAppealed,
    InvalidAppeal,
    SameModerator,
    decide_appeal,
    lodge_appeal,
)
from participation.moderation.services.audit import record_audit  # noqa: F401
from participation.moderation.services.blocking import block_user, unblock_user  # noqa: F401
from participation.moderation.services.contributions import (  # noqa: F401
    contribution_edited,
    sync_pending,
    track_contribution,
)
from participation.moderation.services.decisions import ReasonRequired, bulk_decide, decide  # noqa: F401
from participation.moderation.services.items import (  # noqa: F401
    AlreadyDecided,
    InvalidTransition,
    UnknownKind,
    ensure_item,
    kind_named,
    user_state,
)
from participation.moderation.services.moderators import assign_moderator, send_digests, set_digest  # noqa: F401
from participation.moderation.services.reports import (  # noqa: F401
    AlreadyReported,
    CannotReportOwn,
    InvalidReport,
    is_own_contribution,
    report,
    report_threshold,
)
from participation.moderation.visibility import (  # noqa: F401
    hidden_object_ids,
    is_blocked,
    is_public,
    item_for,
    notice_for,
    notices_for,
    public_clause,
)
