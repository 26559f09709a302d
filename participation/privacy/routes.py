"""The public statement, the page where a signed-in person accepts a new version, and the admins' page
that publishes one."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import show_domain_error
from participation.core.transactions import all_or_nothing
from participation.municipality.profile import current_profile
from participation.privacy import bp, retention, services
from participation.privacy.forms import AcceptForm, PublishForm


def _mail_provider() -> str | None:
    server = current_app.config.get("MAIL_SERVER")
    if not server:
        return None
    return urlsplit(server).hostname if "//" in server else server.split(":")[0]


@bp.get("/privacy")
def statement():
    config = current_app.config
    return render_template(
        "privacy/statement.html",
        profile=current_profile(),
        version=services.current_version(),
        periods=[(period.kind, retention.duration_text(period.number, period.unit)) for period in retention.periods()],
        mail_provider=_mail_provider(),
        session_cookie=config.get("SESSION_COOKIE_NAME") or "session",
        remember_cookie=config.get("REMEMBER_COOKIE_NAME") or "remember_token",
        remember_days=int(config["REMEMBER_COOKIE_DURATION"].total_seconds() if hasattr(config["REMEMBER_COOKIE_DURATION"], "total_seconds") else config["REMEMBER_COOKIE_DURATION"]) // 86400,
    )


@bp.route("/privacy/aanvaarden", methods=["GET", "POST"])
@login_required
def accept():
    form = AcceptForm()
    if form.validate_on_submit():
        with all_or_nothing():
            services.record_consent(current_user)
        flash(_("Thank you: you accepted version %(version)d of the privacy statement.", version=services.current_version()), "success")
        return redirect(url_for("privacy.accept"))
    latest = services.latest_consent(current_user) or services.FIRST_VERSION
    return render_template(
        "privacy/accept.html",
        form=form,
        version=services.current_version(),
        needed=services.needs_consent(current_user),
        changes=services.changes_since(latest),
        consents=services.consents_of(current_user),
    )


@bp.route("/beheer/privacy", methods=["GET", "POST"])
@role_required("admin")
def manage():
    form = PublishForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                row = services.publish_version(current_user, form.changelog.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Version %(version)d of the privacy statement is published. Everyone who signs in is asked to accept it.", version=row.version), "success")
            return redirect(url_for("privacy.manage"))
    status = 422 if form.errors else 200
    return render_template(
        "privacy/manage.html", form=form, version=services.current_version(), versions=services.published_versions()
    ), status
