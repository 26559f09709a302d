"""Moderation of every kind of contribution: queues, reports, decisions, appeals, audit, transparency.

Plugging a feature in (see registry.py and kinds/ideas.py for a complete adapter):

1. Register an adapter in kinds/ (register_kind(ModeratedKind(name=..., load=..., hide=..., ...))).
2. When a contribution is created: refuse `antiabuse.is_repeated_post(author, text)`, choose the
   feature's own initial status with `antiabuse.needs_premoderation(author, text, process)`, then call
   `services.track_contribution(kind, obj, text=text)`; after an author's edit call
   `services.contribution_edited(kind, obj, text=text)` (a request for changes becomes a resubmission).
3. Decorate posting views with `antiabuse.limit_posting` (POSTING_RATE_LIMIT per user,
   POSTING_IP_RATE_LIMIT per address, STAFF_POSTING_RATE_LIMIT for staff, shared by every view that
   uses it; only accepted posts count) and call `core.ratelimits.refuse_when_over_limit()` before
   the service, inside the try that shows a refusal on the form.
4. In templates: `{% from "moderation/_report.html" import report_link %}{{ report_link(kind, obj.id) }}`,
   `public_name(user)` instead of `user.display_name`, and leave out
   `services.hidden_object_ids(kind, ids)` where the feature has no visibility column of its own.
"""
from flask import Blueprint

bp = Blueprint("moderation", __name__)

from participation.moderation import routes  # noqa: E402,F401

