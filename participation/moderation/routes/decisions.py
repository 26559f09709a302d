"""One item's page for moderators and the decision they take on it."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import show_domain_error
from participation.core.transactions import all_or_nothing
from participation.extensions import db
from participation.moderation import bp, queries, services, states
from participation.moderation.forms import BlockForm, DecisionForm, UnblockForm
from participation.moderation.labels import AUDIT_LABELS
from participation.moderation.models import ModerationItem
from participation.moderation.registry import get_kind
from participation.moderation.routes.loading import chosen_template, load_item, with_templates


def _render_item(item: ModerationItem, form: DecisionForm | None = None, status: int = 200):
    kind = get_kind(item.kind)
    obj = kind.load(item.object_id) if kind else None
    if form is None:
        form = DecisionForm(version=item.version)
        with_templates(form)
    block_form = BlockForm()
    unblock_form = UnblockForm()
    with_templates(block_form, states.BLOCK)
    with_templates(unblock_form, states.UNBLOCK)
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
    return _render_item(load_item(item_id))


@bp.post("/moderatie/items/<int:item_id>/beslissen")
@role_required("moderator")
def decide(item_id: int):
    item = load_item(item_id)
    form = DecisionForm()
    templates = with_templates(form)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.decide(current_user, item, form.action.data, reason=form.reason.data,
                                template=chosen_template(form, templates), expected_version=form.version.data)
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
