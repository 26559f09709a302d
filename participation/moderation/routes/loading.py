"""Loading what moderators act on (or 404/403), and the standard reasons offered on their forms."""
from __future__ import annotations

from flask import abort
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from participation.extensions import db
from participation.moderation import permissions
from participation.moderation.models import ModerationItem, ReasonTemplate


def load_item(item_id: int) -> ModerationItem:
    item = db.session.get(ModerationItem, item_id) or abort(404)
    if not permissions.can_moderate_item(current_user, item):
        abort(403)
    return item


def load_user(user_id: int):
    from participation.accounts.models import User

    return db.session.get(User, user_id) or abort(404)


def _template_choices(action: str | None = None) -> tuple[list, dict[int, ReasonTemplate]]:
    language = str(get_locale() or "nl")
    statement = select(ReasonTemplate).where(ReasonTemplate.is_active.is_(True)).order_by(ReasonTemplate.id)
    templates = {t.id: t for t in db.session.scalars(statement) if action is None or t.action in (None, action)}
    choices = [(0, _("No standard reason: I write one"))] + [(t.id, t.text_in(language)) for t in templates.values()]
    return choices, templates


def with_templates(form, action: str | None = None):
    form.template_id.choices, templates = _template_choices(action)
    return templates


def chosen_template(form, templates) -> ReasonTemplate | None:
    return templates.get(form.template_id.data or 0)
