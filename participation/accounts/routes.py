"""Account pages. Thin: load, authorise, validate, call a service, then flash and redirect."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale, refresh
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from participation.accounts import bp, language, services, sessions, two_factor
from participation.accounts.limits import limit_login, limit_mail, limit_own_mail, limit_token_form
from participation.accounts.forms import (
    ConfirmEmailForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    ProfileForm,
    RegistrationForm,
    ResendVerificationForm,
    ResetPasswordForm,
    RoleForm,
    ROLE_LABELS,
)
from participation.accounts.models import User
from participation.city.services import offered_districts
from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import ActionForm, show_domain_error
from participation.core.i18n import LANGUAGE_NAMES
from participation.core.inputs import search_text
from participation.core.ratelimits import TooManyAttempts, refuse_when_over_limit
from participation.core.transactions import all_or_nothing, keep_changes_when_refused, perform_action
from participation.extensions import db
from participation.notifications.service import email_kinds_of
from participation.privacy.services import record_consent


def _safe_next(target: str | None) -> str:
    """Only follow relative 'next' links, so the login form cannot send people to another site."""
    if target and urlsplit(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("processes.index")


def _log_in(user: User, *, remember: bool = False) -> None:
    """Open a server-side login for this device and put it in the session (and remember-me) cookie."""
    sessions.start_session(user, request.headers.get("User-Agent", ""))
    login_user(user, remember=remember)
    # The language chosen before signing in stays for this visit; the account's own applies otherwise
    # (core.i18n). Babel already picked the anonymous visitor's language for this request: pick again.
    language.remember_offer(user)
    refresh()


@bp.route("/registreren", methods=["GET", "POST"])
@limit_mail
def register():
    if current_user.is_authenticated:
        return redirect(url_for("processes.index"))
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                refuse_when_over_limit()
                user = services.register_user(
                    form.email.data, form.display_name.data, form.password.data, language=str(get_locale())
                )
                if user is not None:
                    record_consent(user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            # The same answer whether the address was free or taken (then its owner gets a mail instead),
            # so nobody is logged in here: the confirmation link does that.
            flash(_("Thank you. We sent an email to %(email)s: click the link in it to confirm your address and log in.", email=form.email.data), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/register.html", form=form), 200 if not form.errors else 422


@bp.route("/account/bevestigen/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    # The link in the email only shows a button: opening a link (or a mail scanner doing so) changes nothing.
    form = ConfirmEmailForm()
    try:
        if form.validate_on_submit():
            with all_or_nothing():
                user, first_confirmation = services.verify_email(token)
            if first_confirmation and not current_user.is_authenticated:
                _log_in(user)  # once: registering logs nobody in, this link (to their inbox) does
            flash(_("Thank you, your email address is confirmed."), "success")
            return redirect(url_for("accounts.profile") if current_user.is_authenticated else url_for("accounts.login"))
        user = services.check_verification_token(token)
    except DomainError as error:
        return render_template("accounts/token_problem.html", message=str(error), resend=True), 400
    return render_template("accounts/verify_email.html", form=form, user=user)


@bp.post("/account/bevestiging-opnieuw")
@login_required
@limit_own_mail
def resend_verification():
    form = ResendVerificationForm()
    if form.validate_on_submit() and not current_user.is_email_verified:
        try:
            refuse_when_over_limit()
        except TooManyAttempts as error:
            flash(str(error), "error")
        else:
            services.send_verification_email(current_user)
            flash(_("We sent a new confirmation email to %(email)s.", email=current_user.email), "success")
    # Back to where they were asked to confirm (accounts.confirmation), or the profile.
    return redirect(_safe_next(request.form.get("next")) if request.form.get("next") else url_for("accounts.profile"))


@bp.route("/inloggen", methods=["GET", "POST"])
@limit_login
def login():
    if current_user.is_authenticated:
        return redirect(url_for("processes.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            refuse_when_over_limit()
            user = services.authenticate(form.email.data, form.password.data)
        except DomainError as error:
            keep_changes_when_refused()  # the failure counts towards the per-account limit
            show_domain_error(form, error)
        else:
            if two_factor.is_enabled(user):  # the password was right: now the code, on the next form
                two_factor.remember_password_checked(
                    session, user, remember=form.remember.data, next_url=_safe_next(request.args.get("next"))
                )
                return redirect(url_for("accounts.second_step"))
            _log_in(user, remember=form.remember.data)
            flash(_("Welcome back, %(name)s.", name=user.display_name), "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form), 200 if not form.errors else 422


@bp.post("/uitloggen")
def logout():
    form = ActionForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            sessions.end_session(current_user)  # a copy of this device's cookies stops working too
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("processes.index"))


@bp.post("/uitloggen/alle-toestellen")
@login_required
def logout_everywhere():
    form = ActionForm()
    if form.validate_on_submit():
        sessions.end_all_sessions(current_user)
        logout_user()
        flash(_("You are logged out on all devices."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limit_mail
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            refuse_when_over_limit()
        except TooManyAttempts as error:
            show_domain_error(form, error)
            return render_template("accounts/forgot_password.html", form=form)
        services.request_password_reset(form.email.data)
        flash(_("If an account exists for %(email)s, we sent it a link to choose a new password. The link works for 2 hours.", email=form.email.data), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form), 200 if not form.errors else 422


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@limit_token_form
def reset_password(token: str):
    form = ResetPasswordForm()
    try:
        services.check_password_reset_token(token)
    except DomainError as error:
        return render_template("accounts/token_problem.html", message=str(error), resend=False), 400
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                refuse_when_over_limit()
                user = services.reset_password(token, form.password.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            _log_in(user)
            flash(_("Your new password is saved and you are logged in."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/reset_password.html", form=form), 200 if not form.errors else 422


@bp.route("/profiel", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    form.home_district_id.choices = [(0, _("No district chosen"))] + [(d.id, d.label(str(get_locale()))) for d in offered_districts(current_user.home_district_id)]
    if request.method == "GET":
        form.home_district_id.data = current_user.home_district_id or 0
        form.email_kinds.data = email_kinds_of(current_user)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.update_profile(
                    current_user,
                    display_name=form.display_name.data,
                    language=form.language.data,
                    home_district_id=form.home_district_id.data or None,
                    notification_frequency=form.notification_frequency.data,
                    email_kinds=form.email_kinds.data or [],
                )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            session["language"] = current_user.language
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template(
        "accounts/profile.html",
        form=form,
        resend_form=ResendVerificationForm(),
        logout_everywhere_form=ActionForm(),
        session_count=sessions.count_sessions(current_user),
    ), 200 if not form.errors else 422


@bp.post("/taal")
def set_language():
    form = LanguageForm()
    if form.validate_on_submit() and form.language.data in current_app.config["LANGUAGES"]:
        user = current_user if current_user.is_authenticated else None
        services.set_language(user, form.language.data)
        session["language"] = form.language.data
        language.forget_offer()  # signed in, the switcher saved it on the account already
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/taal/bewaren")
@login_required
def answer_language_offer():
    """The answer to "use this visit's language from now on?": save it on the account, or keep it for this visit only."""
    offer = language.pending_offer()
    answer = request.form.get("answer")
    if offer is not None and answer == "save":
        saved = perform_action(
            lambda: services.set_language(current_user, offer),
            _("Saved: we use %(language)s for you from now on, also in emails.", language=LANGUAGE_NAMES[offer]),
        )
        if saved:
            language.forget_offer()
    elif answer == "keep" and ActionForm().validate_on_submit():
        language.forget_offer()  # the account keeps its language; this visit keeps the chosen one
    return redirect(_safe_next(request.form.get("next")))


@bp.get("/beheer/gebruikers")
@role_required("admin")
def users():
    query = search_text()
    statement = select(User).order_by(User.created_at.desc())
    if query:
        pattern = f"%{query.lower()}%"
        statement = statement.where(User.email.ilike(pattern) | User.display_name.ilike(pattern))
    page = db.paginate(statement, per_page=50, error_out=False)
    with_two_factor = two_factor.enabled_among([user.id for user in page.items])
    return render_template("admin/users.html", page=page, query=query, role_labels=ROLE_LABELS, role_form=RoleForm,
                           with_two_factor=with_two_factor)


@bp.post("/beheer/gebruikers/<int:user_id>/rol")
@role_required("admin")
def change_role(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the offered roles."), "error")
        return redirect(url_for("accounts.users"))
    try:
        with all_or_nothing():
            services.grant_role(current_user, user, form.role.data)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s is now: %(role)s.", name=user.display_name, role=ROLE_LABELS[user.role]), "success")
    return redirect(url_for("accounts.users", q=search_text()))
