"""Two-factor sign-in pages: the second step of logging in, switching it on and off, and the gate in
front of the back office when STAFF_REQUIRE_2FA holds. The rules are in accounts.two_factor."""
from __future__ import annotations

from flask import abort, current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from participation.accounts import bp, two_factor
from participation.accounts.passwords import check_password
from participation.accounts.routes import _log_in
from participation.accounts.two_factor_forms import DisableForm, EnrolForm, NewCodesForm, SecondStepForm
from participation.accounts.models import User
from participation.core import decorators
from participation.core.decorators import role_required
from participation.extensions import db
from participation.core.errors import DomainError
from participation.core.forms import ActionForm, show_domain_error
from participation.core.ratelimits import Budget, limited_form, refuse_when_over_limit, refused
from participation.core.transactions import all_or_nothing, keep_changes_when_refused

ENROLLING = "two_factor_enrolling"
BACK_OFFICE_PATHS = ("/beheer", "/moderatie", "/antwoordsjablonen")


def _second_step_budgets() -> list[Budget]:
    pending = session.get(two_factor.PENDING) or {}
    return [Budget("two-factor", "TWO_FACTOR_RATE_LIMIT", f"user:{pending.get('user', 0)}")]


def _private(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/inloggen/tweede-stap", methods=["GET", "POST"])
@limited_form(_second_step_budgets, count_when=refused)
def second_step():
    found = two_factor.pending_user(session)
    if found is None:
        flash(_("Log in with your email address and password first."), "info")
        return redirect(url_for("accounts.login"))
    user, pending = found
    form = SecondStepForm()
    if form.validate_on_submit():
        try:
            refuse_when_over_limit()
            with all_or_nothing():
                used = two_factor.check_code(user, form.code.data)
        except DomainError as error:
            keep_changes_when_refused()
            show_domain_error(form, error)
        else:
            session.pop(two_factor.PENDING, None)
            _log_in(user, remember=pending.get("remember", False))
            flash(_("Welcome back, %(name)s.", name=user.display_name), "success")
            if used == "recovery":
                left = two_factor.unused_recovery_codes(user)
                flash(ngettext(
                    "You used a recovery code; %(num)s is left. Make new ones on your two-step verification page.",
                    "You used a recovery code; %(num)s are left. Make new ones on your two-step verification page.",
                    left,
                ), "info")
            return redirect(pending.get("next") or url_for("processes.index"))
    return _private(make_response(render_template("accounts/two_factor_step.html", form=form), 200 if not form.errors else 422))


@bp.route("/profiel/tweestapsverificatie", methods=["GET", "POST"])
@login_required
def two_factor_settings():
    user = current_user._get_current_object()
    if two_factor.is_enabled(user):
        return _private(make_response(render_template(
            "accounts/two_factor.html", enabled=True, since=two_factor.enabled_since(user),
            left=two_factor.unused_recovery_codes(user), new_codes_form=NewCodesForm(prefix="codes"),
            disable_form=DisableForm(prefix="off"), required=two_factor.is_required(user),
        )))
    secret = session.get(ENROLLING) or two_factor.secret_for_enrolment()
    session[ENROLLING] = secret
    form = EnrolForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                codes = two_factor.enable(user, secret, form.code.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            session.pop(ENROLLING, None)
            flash(_("Two-step verification is on. Keep these recovery codes somewhere safe."), "success")
            return _private(make_response(render_template("accounts/two_factor_codes.html", codes=codes)))
    issuer = current_app.config.get("PLATFORM_NAME") or "Stadslab"
    uri = two_factor.provisioning_uri(user, secret, issuer)
    return _private(make_response(render_template(
        "accounts/two_factor.html", enabled=False, form=form, qr=two_factor.qr_svg(uri), secret=secret,
        required=two_factor.is_required(user),
    ), 200 if not form.errors else 422))


@bp.post("/profiel/tweestapsverificatie/nieuwe-codes")
@login_required
def two_factor_new_codes():
    user = current_user._get_current_object()
    form = NewCodesForm(prefix="codes")
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                two_factor.check_code(user, form.code.data)
                codes = two_factor.new_recovery_codes(user)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("Your old recovery codes no longer work. Keep these new ones somewhere safe."), "success")
            return _private(make_response(render_template("accounts/two_factor_codes.html", codes=codes)))
    return redirect(url_for("accounts.two_factor_settings"))


@bp.post("/profiel/tweestapsverificatie/uitzetten")
@login_required
def two_factor_disable():
    user = current_user._get_current_object()
    form = DisableForm(prefix="off")
    if form.validate_on_submit():
        if not check_password(user.password_hash, form.password.data, method=current_app.config["PASSWORD_HASH_METHOD"]):
            flash(_("The password is not correct; two-step verification stays on."), "error")
            return redirect(url_for("accounts.two_factor_settings"))
        try:
            with all_or_nothing():
                two_factor.disable(user, form.code.data)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("Two-step verification is off."), "info")
    else:
        flash(_("Fill in your password and a code to switch two-step verification off."), "error")
    return redirect(url_for("accounts.two_factor_settings"))


@bp.post("/beheer/gebruikers/<int:user_id>/tweestapsverificatie-wissen")
@role_required("admin")
def two_factor_reset(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if ActionForm().validate_on_submit():
        with all_or_nothing():
            was_on = two_factor.reset_by_admin(current_user._get_current_object(), user)
        if was_on:
            flash(_("Two-step verification of %(name)s is off; we told them by email.", name=user.display_name), "success")
    return redirect(url_for("accounts.users", q=request.args.get("q", "")))


def _needs_enrolment() -> bool:
    return (
        current_user.is_authenticated
        and two_factor.is_required(current_user)
        and not two_factor.is_enabled(current_user)
    )


def _to_enrolment():
    flash(_("Switch on two-step verification first: it protects the back office if your password is stolen."), "info")
    return redirect(url_for("accounts.two_factor_settings"))


@bp.before_app_request
def back_office_gate():
    """With STAFF_REQUIRE_2FA, moderators, staff and admins enrol before any back-office page."""
    if request.path.startswith(BACK_OFFICE_PATHS) and current_app.config.get("STAFF_REQUIRE_2FA") and _needs_enrolment():
        return _to_enrolment()
    return None


def _role_gate():
    # Staff pages outside the back-office paths (crowdfunding's, budgeting's) pass through role_required.
    if current_app.config.get("STAFF_REQUIRE_2FA") and _needs_enrolment():
        return _to_enrolment()
    return None


if _role_gate not in decorators.gates:
    decorators.gates.append(_role_gate)
