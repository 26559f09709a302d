"""Moderation pages. Thin: load, authorise, validate, call one service, flash and redirect."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import show_domain_error
from participation.core.transactions import all_or_nothing
from participation.extensions import db
from participation.moderation import bp, permissions, queries, services, states
from participation.moderation.forms import (
    AppealDecisionForm,
    AppealForm,
    AssignForm,
    BlockForm,
    BulkDecisionForm,
    DecisionForm,
    DigestForm,
    ReportForm,
    UnblockForm,
)
from participation.moderation.labels import (
    ACTION_LABELS,
    APPEAL_STATE_LABELS,
    AUDIT_LABELS,
    REASON_LABELS,
    STATE_LABELS,
)
from participation.moderation.models import Appeal, Decision, ModerationItem, ReasonTemplate
from participation.moderation.registry import all_kinds, get_kind


@bp.app_context_processor
def moderation_globals() -> dict:
    from flask_babel import lazy_gettext as _l

    from participation.moderation.kinds.profile import public_name

    def moderation_queue_count() -> int:
        if not permissions.is_moderator(current_user):
            return 0
        return queries.queue_counts(current_user)["total"]

    return {
        "moderation_state_labels": STATE_LABELS,
        "moderation_reason_labels": REASON_LABELS,
        "moderation_action_labels": ACTION_LABELS,
        "moderation_permissions": permissions,
        "moderation_queue_count": moderation_queue_count,
        "public_name": public_name,
        # For an author's page of something not public: why (see templates/moderation/_notice.html).
        "moderation_notice_for": services.notice_for,
        # The main menu link: its text lives in this feature's catalogue, not the core one.
        "moderation_nav_label": _l("Moderation"),
    }


def _load_item(item_id: int) -> ModerationItem:
    item = db.session.get(ModerationItem, item_id) or abort(404)
    if not permissions.can_moderate_item(current_user, item):
        abort(403)
    return item


def _template_choices(action: str | None = None) -> tuple[list, dict[int, ReasonTemplate]]:
    language = str(get_locale() or "nl")
    statement = select(ReasonTemplate).where(ReasonTemplate.is_active.is_(True)).order_by(ReasonTemplate.id)
    templates = {t.id: t for t in db.session.scalars(statement) if action is None or t.action in (None, action)}
    choices = [(0, _("No standard reason: I write one"))] + [(t.id, t.text_in(language)) for t in templates.values()]
    return choices, templates


def _with_templates(form, action: str | None = None):
    form.template_id.choices, templates = _template_choices(action)
    return templates


def _chosen_template(form, templates) -> ReasonTemplate | None:
    return templates.get(form.template_id.data or 0)


def _queue_filters() -> dict:
    args = request.args
    kind = args.get("kind") if get_kind(args.get("kind", "")) else None
    state = args.get("state") if args.get("state") in states.STATES else None
    reason = args.get("reason") if args.get("reason") in states.REPORT_REASONS else None
    sort = args.get("sort") if args.get("sort") in queries.SORTS else "reports"
    process_id = args.get("process", type=int)
    return {"kind": kind, "state": state, "reason": reason, "sort": sort, "process_id": process_id}


@bp.get("/moderatie")
@role_required("moderator")
def queue():
    from participation.processes.models import Process

    filters = _queue_filters()
    page = db.paginate(queries.queue_statement(current_user, **filters), per_page=50, error_out=False)
    items = list(page.items)
    form = BulkDecisionForm()
    _with_templates(form)
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
    templates = _with_templates(form)
    if not form.validate_on_submit():
        flash(_("Choose a decision and give a reason."), "error")
        return redirect(url_for("moderation.queue"))
    choices = []
    for value in request.form.getlist("item"):
        item_id, _sep, version = value.partition(":")
        if not (item_id.isdigit() and version.isdigit()):
            continue
        item = db.session.get(ModerationItem, int(item_id))
        if item is None or not permissions.can_moderate_item(current_user, item):
            abort(403)
        choices.append((item, int(version)))
    if not choices:
        flash(_("Select at least one item."), "error")
        return redirect(url_for("moderation.queue"))
    try:
        done, skipped = services.bulk_decide(
            current_user, choices, form.action.data, reason=form.reason.data, template=_chosen_template(form, templates)
        )
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("moderation.queue"))
    if done:
        flash(_("Decision applied to %(count)d items.", count=len(done)), "success")
    for item, message in skipped:
        flash(_("Item %(id)d was not changed: %(message)s", id=item.id, message=message), "warning")
    return redirect(url_for("moderation.queue"))


def _render_item(item: ModerationItem, form: DecisionForm | None = None, status: int = 200):
    kind = get_kind(item.kind)
    obj = kind.load(item.object_id) if kind else None
    if form is None:
        form = DecisionForm(version=item.version)
        _with_templates(form)
    block_form = BlockForm()
    unblock_form = UnblockForm()
    _with_templates(block_form, states.BLOCK)
    _with_templates(unblock_form, states.UNBLOCK)
    author = item.author
    return render_template(
        "moderation/item.html",
        item=item,
        kind=kind,
        obj=obj,
        excerpt=kind.excerpt_of(obj) if (kind and obj is not None) else "",
        link=kind.url_of(obj) if (kind and obj is not None) else None,
        edit_history=kind.history_of(obj) if (kind and obj is not None) else [],
        author=author,
        author_blocked=services.is_blocked(author),
        history=queries.author_history(item.author_id),
        allowed=states.allowed_actions(item.state),
        form=form,
        block_form=block_form,
        unblock_form=unblock_form,
        audit_labels=AUDIT_LABELS,
    ), status


@bp.get("/moderatie/items/<int:item_id>")
@role_required("moderator")
def item(item_id: int):
    return _render_item(_load_item(item_id))


@bp.post("/moderatie/items/<int:item_id>/beslissen")
@role_required("moderator")
def decide(item_id: int):
    item = _load_item(item_id)
    form = DecisionForm()
    templates = _with_templates(form)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.decide(current_user, item, form.action.data, reason=form.reason.data,
                                template=_chosen_template(form, templates), expected_version=form.version.data)
        except services.AlreadyDecided as error:
            db.session.refresh(item)
            flash(str(error), "warning")
            return redirect(url_for("moderation.item", item_id=item.id))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Decision saved. The author has been informed."), "success")
            return redirect(url_for("moderation.queue"))
    db.session.refresh(item)
    return _render_item(item, form, 422)


def _load_user(user_id: int):
    from participation.accounts.models import User

    return db.session.get(User, user_id) or abort(404)


@bp.post("/moderatie/gebruikers/<int:user_id>/blokkeren")
@role_required("moderator")
def block(user_id: int):
    user = _load_user(user_id)
    if not permissions.can_block_users(current_user):
        abort(403)
    form = BlockForm()
    templates = _with_templates(form, states.BLOCK)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                decision = services.block_user(current_user, user, reason=form.reason.data,
                                               template=_chosen_template(form, templates))
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("%(name)s is blocked and their contributions are hidden.", name=user.display_name), "success")
            return redirect(url_for("moderation.item", item_id=decision.item_id))
    profile = services.ensure_item("profile", user)
    return redirect(url_for("moderation.item", item_id=profile.id))


@bp.post("/moderatie/gebruikers/<int:user_id>/deblokkeren")
@role_required("moderator")
def unblock(user_id: int):
    user = _load_user(user_id)
    if not permissions.can_block_users(current_user):
        abort(403)
    form = UnblockForm()
    templates = _with_templates(form, states.UNBLOCK)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                decision = services.unblock_user(current_user, user, reason=form.reason.data,
                                                 template=_chosen_template(form, templates))
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("%(name)s is unblocked.", name=user.display_name), "success")
            return redirect(url_for("moderation.item", item_id=decision.item_id))
    profile = services.ensure_item("profile", user)
    return redirect(url_for("moderation.item", item_id=profile.id))


@bp.get("/moderatie/bezwaren")
@role_required("moderator")
def appeals():
    page = db.paginate(queries.appeals_statement(current_user), per_page=50, error_out=False)
    return render_template(
        "moderation/appeals.html",
        page=page,
        form=AppealDecisionForm(),
        kinds={kind.name: kind for kind in all_kinds()},
        appeal_state_labels=APPEAL_STATE_LABELS,
    )


@bp.post("/moderatie/bezwaren/<int:appeal_id>")
@role_required("moderator")
def decide_appeal(appeal_id: int):
    appeal = db.session.get(Appeal, appeal_id) or abort(404)
    if not permissions.can_moderate_item(current_user, appeal.decision.item):
        abort(403)
    form = AppealDecisionForm()
    if not form.validate_on_submit():
        flash(_("Choose an outcome and write an answer to the author."), "error")
        return redirect(url_for("moderation.appeals"))
    try:
        with all_or_nothing():
            services.decide_appeal(current_user, appeal, grant=form.outcome.data == "grant", answer=form.answer.data)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("Appeal decided. The author has been informed."), "success")
    return redirect(url_for("moderation.appeals"))


@bp.get("/moderatie/audit")
@role_required("admin")
def audit():
    filters = {
        "kind": request.args.get("kind") or None,
        "object_id": request.args.get("object", type=int),
        "actor_id": request.args.get("actor", type=int),
    }
    page = db.paginate(queries.audit_statement(**filters), per_page=100, error_out=False)
    return render_template("moderation/audit.html", page=page, audit_labels=AUDIT_LABELS, filters=filters)


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


# Who moderates which process (staff) ---------------------------------------------------------------

def _process_choices() -> list[tuple[int, str]]:
    from participation.processes.models import Process

    return [(process.id, process.title) for process in db.session.scalars(select(Process).order_by(Process.title))]


def _load_moderator(user_id: int):
    user = _load_user(user_id)
    if user.role != "moderator":
        abort(404)
    return user


@bp.get("/moderatie/moderatoren")
@role_required("staff")
def moderators():
    form = AssignForm()
    form.process_id.choices = _process_choices()
    return render_template("moderation/moderators.html", moderators=queries.moderators_with_processes(), form=form)


@bp.post("/moderatie/moderatoren/<int:user_id>/trajecten")
@role_required("staff")
def assign(user_id: int):
    from participation.processes.models import Process

    user = _load_moderator(user_id)
    form = AssignForm()
    form.process_id.choices = _process_choices()
    if not form.validate_on_submit():
        flash(_("Choose a process."), "error")
        return redirect(url_for("moderation.moderators"))
    process = db.session.get(Process, form.process_id.data) or abort(404)
    try:
        with all_or_nothing():
            services.assign_moderator(user, process, actor=current_user)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s now moderates %(process)s.", name=user.display_name, process=process.title), "success")
    return redirect(url_for("moderation.moderators"))


@bp.post("/moderatie/moderatoren/<int:user_id>/trajecten/<int:process_id>/verwijderen")
@role_required("staff")
def unassign(user_id: int, process_id: int):
    from participation.core.transactions import perform_action
    from participation.processes.models import Process

    user = _load_moderator(user_id)
    process = db.session.get(Process, process_id) or abort(404)
    perform_action(lambda: services.assign_moderator(user, process, assigned=False, actor=current_user),
                   _("%(name)s no longer moderates %(process)s.", name=user.display_name, process=process.title))
    return redirect(url_for("moderation.moderators"))


# For everyone: reporting, appealing, transparency ----------------------------------------------------

@bp.route("/melden/<kind>/<int:object_id>", methods=["GET", "POST"])
@login_required
def report(kind: str, object_id: int):
    adapter = get_kind(kind) or abort(404)
    obj = adapter.load(object_id) or abort(404)
    if adapter.is_visible is not None and not adapter.is_visible(obj):
        abort(404)  # a draft, a deleted reaction: the feature does not show it, so it cannot be reported
    existing = services.item_for(kind, object_id)
    if existing is not None and not states.is_public(existing.state) and not permissions.can_moderate_item(current_user, existing):
        abort(404)  # what the public cannot see cannot be reported either
    form = ReportForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.report(current_user, kind, obj, reason=form.reason.data, text=form.text.data or "")
        except (services.AlreadyReported, services.CannotReportOwn) as error:
            flash(str(error), "info")
            return redirect(adapter.url_of(obj) or url_for("processes.index"))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Thank you. A moderator will look at your report."), "success")
            return redirect(adapter.url_of(obj) or url_for("processes.index"))
    return render_template(
        "moderation/report.html", form=form, kind=adapter, obj=obj, excerpt=adapter.excerpt_of(obj)
    ), 200 if not form.errors else 422


@bp.route("/moderatie/beslissingen/<int:decision_id>/bezwaar", methods=["GET", "POST"])
@login_required
def appeal(decision_id: int):
    decision = db.session.get(Decision, decision_id) or abort(404)
    if decision.item.author_id != current_user.id:
        abort(403)
    kind = get_kind(decision.item.kind)
    if decision.appeal is not None:
        flash(_("You already appealed this decision. A decision can be appealed only once."), "info")
        return redirect(url_for("processes.index"))
    form = AppealForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.lodge_appeal(current_user, decision, form.text.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your appeal was sent. Another moderator will decide and let you know."), "success")
            return redirect(url_for("processes.index"))
    return render_template(
        "moderation/appeal.html", form=form, decision=decision, kind=kind,
        reason=decision.reason_in(current_user.language),
    ), 200 if not form.errors else 422


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
