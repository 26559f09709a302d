"""Reporting a contribution: open to everyone signed in, for whatever the public can see."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.core.errors import DomainError
from participation.core.forms import show_domain_error
from participation.core.transactions import all_or_nothing
from participation.moderation import bp, permissions, services, states
from participation.moderation.forms import ReportForm
from participation.moderation.registry import get_kind


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
    if services.is_own_contribution(current_user, kind, obj):
        # Checked before the form too, so the author never fills one in to be told no at the end.
        flash(str(services.CannotReportOwn.own_message), "info")
        return redirect(adapter.url_of(obj) or url_for("processes.index"))
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
