"""Accounting for moderation: the admins' audit log and the public transparency figures of a process."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from participation.core.decorators import role_required
from participation.core.inputs import db_int
from participation.extensions import db
from participation.moderation import bp, queries
from participation.moderation.labels import AUDIT_LABELS


@bp.get("/moderatie/audit")
@role_required("admin")
def audit():
    filters = {
        "kind": request.args.get("kind") or None,
        "object_id": request.args.get("object", type=db_int),
        "actor_id": request.args.get("actor", type=db_int),
    }
    page = db.paginate(queries.audit_statement(**filters), per_page=100, error_out=False)
    return render_template("moderation/audit.html", page=page, audit_labels=AUDIT_LABELS, filters=filters)


@bp.get("/trajecten/<slug>/transparantie")
def transparency(slug: str):
    from participation.processes import services as process_services
    from participation.processes.permissions import can_view_process

    process = process_services.get_process_by_slug(slug) or abort(404)
    if not can_view_process(current_user, process):
        abort(404)
    return render_template(
        "moderation/transparency.html", process=process, figures=queries.transparency(process.id),
    )
