from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import show_domain_error
from participation.core.transactions import all_or_nothing
from participation.municipality import bp, services
from participation.municipality.forms import ProfileForm
from participation.municipality.logos import store_logo
from participation.municipality.permissions import can_edit_profile
from participation.municipality.profile import current_profile, stored_row

_TEXT_FIELDS = ("official_name_nl", "official_name_fr", "official_name_en", "short_name", "platform_name",
                "primary_colour", "secondary_colour", "contact_email", "contact_phone", "contact_address",
                "dpo_contact", "timezone", "public_url", "logo_alt")


def _saved_data() -> dict:
    row = stored_row()
    profile = current_profile()
    data = {name: (getattr(row, name) or "") if row is not None else "" for name in _TEXT_FIELDS}
    if row is None:
        data.update(short_name=profile.short_name, timezone=profile.timezone, public_url=profile.public_url)
    data["languages"] = list(profile.languages)
    data["default_language"] = profile.default_language
    return data


def _values(form: ProfileForm) -> services.ProfileValues:
    return services.ProfileValues(
        **{name: getattr(form, name).data or "" for name in _TEXT_FIELDS},
        languages=list(form.languages.data or []), default_language=form.default_language.data or "",
    )


@bp.route("/beheer/gemeente", methods=["GET", "POST"])
@role_required("admin")
def edit_profile():
    if not can_edit_profile(current_user):
        abort(403)
    form = ProfileForm(data=_saved_data() if request.method == "GET" else None)
    if form.validate_on_submit():
        upload = form.logo.data
        try:
            with all_or_nothing():
                logo = store_logo(upload.stream, upload.filename or "") if upload and upload.filename else None
                services.save_profile(_values(form), logo_filename=logo, remove_logo=bool(form.remove_logo.data))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_l("The municipality's profile is saved."), "success")
            return redirect(url_for("municipality.edit_profile"))
    status = 400 if request.method == "POST" else 200
    return render_template("municipality/profile_form.html", form=form, row=stored_row()), status


@bp.get("/gemeente/huisstijl.css")
def brand_css():
    """The brand colours as CSS custom properties (the CSP allows no inline style)."""
    profile = current_profile()
    lines = [":root {"]
    if profile.primary_colour:
        lines.append(f"  --brand: {profile.primary_colour};")
    if profile.secondary_colour:
        lines.append(f"  --brand-dark: {profile.secondary_colour};")
    lines.append("}")
    response = make_response("\n".join(lines) + "\n")
    response.mimetype = "text/css"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
