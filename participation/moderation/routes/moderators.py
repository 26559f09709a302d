"""Who moderates which process: the staff page that assigns moderators to processes."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.transactions import all_or_nothing, perform_action
from participation.extensions import db
from participation.moderation import bp, queries, services
from participation.moderation.forms import AssignForm
from participation.moderation.routes.loading import load_user


def _process_choices() -> list[tuple[int, str]]:
    from participation.processes.models import Process

    return [(process.id, process.title) for process in db.session.scalars(select(Process).order_by(Process.title))]


def _load_moderator(user_id: int):
    user = load_user(user_id)
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
    from participation.processes.models import Process

    user = _load_moderator(user_id)
    process = db.session.get(Process, process_id) or abort(404)
    perform_action(lambda: services.assign_moderator(user, process, assigned=False, actor=current_user),
                   _("%(name)s no longer moderates %(process)s.", name=user.display_name, process=process.title))
    return redirect(url_for("moderation.moderators"))
