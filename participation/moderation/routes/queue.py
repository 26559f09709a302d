"""The moderators' queue: filters, bulk decisions and the daily digest switch."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import flash_form_errors
from participation.core.inputs import db_int
from participation.core.transactions import all_or_nothing
from participation.extensions import db
from participation.moderation import bp, permissions, queries, services, states
from participation.moderation.forms import BulkDecisionForm, DigestForm
from participation.moderation.models import ModerationItem
from participation.moderation.registry import all_kinds, get_kind
from participation.moderation.routes.loading import chosen_template, with_templates


def _queue_filters() -> dict:
    args = request.args
    kind = args.get("kind") if get_kind(args.get("kind", "")) else None
    state = args.get("state") if args.get("state") in states.STATES else None
    reason = args.get("reason") if args.get("reason") in states.REPORT_REASONS else None
    sort = args.get("sort") if args.get("sort") in queries.SORTS else "reports"
    process_id = args.get("process", type=db_int)
    return {"kind": kind, "state": state, "reason": reason, "sort": sort, "process_id": process_id}


@bp.get("/moderatie")
@role_required("moderator")
def queue():
    from participation.processes.models import Process

    filters = _queue_filters()
    page = db.paginate(queries.queue_statement(current_user, **filters), per_page=50, error_out=False)
    items = list(page.items)
    form = BulkDecisionForm()
    with_templates(form)
    state = services.user_state(current_user)
    digest_form = DigestForm(wants_digest=bool(state and state.wants_digest))
    scope = permissions.moderated_process_ids(current_user)
    process_query = select(Process).order_by(Process.title)
    if scope is not None:
        process_query = process_query.where(Process.id.in_(scope or {-1}))
    kinds = {kind.name: kind for kind in all_kinds()}
    return render_template(
        "moderation/queue.html",
        page=page,
        items=items,
        objects=queries.objects_of(items, kinds),
        kinds=kinds,
        reasons=queries.open_report_reasons([item.id for item in items]),
        counts=queries.queue_counts(current_user),
        filters=filters,
        processes=db.session.scalars(process_query).all(),
        form=form,
        digest_form=digest_form,
    )


@bp.post("/moderatie/bulk")
@role_required("moderator")
def bulk():
    form = BulkDecisionForm()
    templates = with_templates(form)
    if not form.validate_on_submit():
        flash_form_errors(form, _("Choose a decision and give a reason."))
        return redirect(url_for("moderation.queue"))
    choices = []
    for value in request.form.getlist("item"):
        item_id, _sep, version = value.partition(":")
        if not (item_id.isdigit() and version.isdigit()):
            continue
        try:
            item_id, version = db_int(item_id), db_int(version)
        except ValueError:  # more digits than an id column holds
            continue
        item = db.session.get(ModerationItem, item_id)
        if item is None or not permissions.can_moderate_item(current_user, item):
            abort(403)
        choices.append((item, version))
    if not choices:
        flash(_("Select at least one item."), "error")
        return redirect(url_for("moderation.queue"))
    try:
        done, skipped = services.bulk_decide(
            current_user, choices, form.action.data, reason=form.reason.data, template=chosen_template(form, templates)
        )
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("moderation.queue"))
    if done:
        flash(ngettext("Decision applied to %(num)d item.", "Decision applied to %(num)d items.", len(done)), "success")
    for item, message in skipped:
        flash(_("Item %(id)d was not changed: %(message)s", id=item.id, message=message), "warning")
    return redirect(url_for("moderation.queue"))


@bp.post("/moderatie/overzicht-per-mail")
@role_required("moderator")
def digest():
    form = DigestForm()
    if form.validate_on_submit():
        with all_or_nothing():
            services.set_digest(current_user, bool(form.wants_digest.data))
        if form.wants_digest.data:
            flash(_("You will receive a daily email when items are waiting."), "success")
        else:
            flash(_("You will no longer receive the daily email."), "success")
    return redirect(url_for("moderation.queue"))
