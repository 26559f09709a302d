"""Blocking and unblocking a person, from their profile item's page."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import flash_form_errors
from participation.core.transactions import all_or_nothing
from participation.moderation import bp, permissions, services, states
from participation.moderation.forms import BlockForm, UnblockForm
from participation.moderation.routes.loading import chosen_template, load_user, with_templates

if TYPE_CHECKING:
    from participation.accounts.models import User


@bp.post("/moderatie/gebruikers/<int:user_id>/blokkeren")
@role_required("moderator")
def block(user_id: int):
    return _change_block(user_id, BlockForm, states.BLOCK, services.block_user,
                         lambda user: _("%(name)s is blocked and their contributions are hidden.", name=user.display_name))


@bp.post("/moderatie/gebruikers/<int:user_id>/deblokkeren")
@role_required("moderator")
def unblock(user_id: int):
    return _change_block(user_id, UnblockForm, states.UNBLOCK, services.unblock_user,
                         lambda user: _("%(name)s is unblocked.", name=user.display_name))


def _change_block(user_id: int, form_class, action: str, service, done: Callable[[User], str]):
    """Block or unblock: the same permission, form, reason templates and answer; only the service differs."""
    user = load_user(user_id)
    if not permissions.can_block_users(current_user):
        abort(403)
    form = form_class()
    templates = with_templates(form, action)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                decision = service(current_user, user, reason=form.reason.data, template=chosen_template(form, templates))
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(done(user), "success")
            return redirect(url_for("moderation.item", item_id=decision.item_id))
    else:
        flash_form_errors(form)
    profile = services.ensure_item("profile", user)
    return redirect(url_for("moderation.item", item_id=profile.id))
