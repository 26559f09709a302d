"""The bell's list of notifications, and the unsubscribe pages that work from an email without logging in."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext as _, lazy_gettext as _l, ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.core.forms import ActionForm
from participation.core.i18n import explicit_language
from participation.core.transactions import perform_action
from participation.extensions import csrf, db
from participation.notifications import bp, service
from participation.notifications.forms import UndoUnsubscribeForm, UnsubscribeForm
from participation.notifications.kinds import ALL, kind_description, kind_label
from participation.notifications.models import Notification

PER_PAGE = 20


@bp.app_context_processor
def notification_globals() -> dict:
    def notification_unread_count() -> int:
        """Loaded with the signed-in user (no query of its own); nothing for visitors."""
        if not current_user.is_authenticated:
            return 0
        return current_user.unread_notification_count or 0

    def notification_bell_label(count: int) -> str:
        if not count:
            return _("Notifications")
        return ngettext("Notifications, %(num)d unread", "Notifications, %(num)d unread", count)

    return {
        "notification_unread_count": notification_unread_count,
        "notification_bell_label": notification_bell_label,
        "notification_nav_label": _l("Notifications"),
    }


# --- The list -------------------------------------------------------------------------------


@bp.get("/meldingen")
@login_required
def index():
    statement = (
        select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    page = db.paginate(statement, per_page=PER_PAGE, error_out=False)
    return render_template("notifications/index.html", page=page, action_form=ActionForm())


@bp.post("/meldingen/alles-gelezen")
@login_required
def mark_all_read():
    perform_action(lambda: service.mark_all_read(current_user), _l("All notifications are marked as read."))
    return redirect(url_for("notifications.index"))


@bp.post("/meldingen/<int:notification_id>/openen")
@login_required
def open_notification(notification_id: int):
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)  # someone else's notification does not exist for you
    if not ActionForm().validate_on_submit():
        abort(400)
    service.mark_read(notification)
    return redirect(_local_path(notification.url))


def _local_path(url: str) -> str:
    """Only paths on this site: a notification never sends anyone elsewhere."""
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return url_for("notifications.index")


# --- Unsubscribe (no login: the signed token is the authentication) ----------------------------


def _load_token(token: str):
    from participation.accounts.models import User

    data = service.read_unsubscribe_token(token)
    user = db.session.get(User, data[0]) if data else None
    if user is None:
        return None, None
    return user, data[1]


def _page_language(user) -> str:
    """The account's language (the link came in its mail), unless the visitor picked one with the switcher."""
    return explicit_language() or user.language


def _invalid_link():
    return render_template("notifications/unsubscribe_invalid.html"), 404


@bp.route("/meldingen/uitschrijven/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: the mail client POSTs without a CSRF token; the browser form checks its own
def unsubscribe(token: str):
    user, kind = _load_token(token)
    if user is None:
        return _invalid_link()
    if request.method == "POST" and request.form.get("List-Unsubscribe") == "One-Click":
        service.opt_out(user, kind)
        return "Unsubscribed\n", 200, {"Content-Type": "text/plain; charset=utf-8"}
    with force_locale(_page_language(user)):
        form = UnsubscribeForm()
        if kind != ALL:
            form.scope.choices = [("kind", _("Only emails about: %(kind)s", kind=kind_label(kind))),
                                  ("all", _("All notification emails"))]
        if request.method == "POST":
            if not form.validate_on_submit():
                abort(400)
            scope = ALL if kind == ALL or form.scope.data == "all" else kind
            previous = user.notification_frequency
            service.opt_out(user, scope)
            flash(_("You are unsubscribed. You still see your notifications on the website."), "success")
            return redirect(url_for("notifications.unsubscribe", token=token, was=previous))
        return render_template(
            "notifications/unsubscribe.html",
            user=user,
            kind=kind,
            kind_label=kind_label(kind) if kind != ALL else None,
            kind_description=kind_description(kind) if kind != ALL else None,
            receives_all=user.notification_frequency != "never",
            receives_kind=service.receives_email(user, kind),
            form=form,
            undo_form=UndoUnsubscribeForm(
                scope="all" if user.notification_frequency == "never" else kind,
                frequency=request.args.get("was", "immediate"),
            ),
            token=token,
        )


@bp.post("/meldingen/uitschrijven/<token>/ongedaan")
def undo_unsubscribe(token: str):
    user, kind = _load_token(token)
    if user is None:
        return _invalid_link()
    form = UndoUnsubscribeForm()
    if not form.validate_on_submit() or form.scope.data not in {kind, ALL}:
        abort(400)
    service.opt_in(user, form.scope.data, frequency=form.frequency.data or "immediate")
    with force_locale(_page_language(user)):
        flash(_("Done: you receive these emails again."), "success")
    return redirect(url_for("notifications.unsubscribe", token=token))
