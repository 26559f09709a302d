"""Admins: the districts (wijken, deelgemeenten) of the municipality."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.city import bp, management
from participation.city.forms import MAX_BOUNDARY_BYTES, DistrictForm, MergeDistrictForm
from participation.city.models import District
from participation.city.services import all_districts
from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import ActionForm, show_domain_error
from participation.core.transactions import all_or_nothing, perform_action
from participation.extensions import db


def _load(district_id: int) -> District:
    return db.session.get(District, district_id) or abort(404)


def _uploaded_boundary(form: DistrictForm) -> str | None:
    """The uploaded GeoJSON's text, or None when no file was chosen; a DomainError when it is unreadable."""
    upload = form.boundary.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    content = upload.read(MAX_BOUNDARY_BYTES + 1)
    if len(content) > MAX_BOUNDARY_BYTES:
        raise DomainError(_l("The boundary file is larger than 2 MB."), field="boundary")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(_l("The boundary is not valid GeoJSON."), field="boundary") from exc


@bp.get("/beheer/gemeente/wijken")
@role_required("admin")
def districts():
    return render_template("city/districts.html", districts=all_districts(), locale=str(get_locale()))


def _render_form(form: DistrictForm, district: District | None, merge_form: MergeDistrictForm | None = None, status: int = 200):
    if district is not None and merge_form is None:
        merge_form = _merge_form(district)
    return render_template("city/district_form.html", form=form, district=district, merge_form=merge_form,
                           action_form=ActionForm(), usage=management.district_usage(district) if district else 0,
                           locale=str(get_locale())), status


def _merge_form(district: District) -> MergeDistrictForm:
    form = MergeDistrictForm(prefix="merge")
    locale = str(get_locale())
    form.kept_id.choices = [(other.id, other.label(locale)) for other in all_districts() if other.id != district.id]
    return form


def _save(form: DistrictForm, district: District | None):
    try:
        with all_or_nothing():
            saved = management.save_district(
                district, name=form.name.data or "", name_fr=form.name_fr.data or "", name_en=form.name_en.data or "",
                population=form.population.data, boundary_text=_uploaded_boundary(form),
            )
            if district is not None and form.remove_boundary.data and not form.boundary.data:
                management.remove_district_boundary(saved)
    except DomainError as error:
        show_domain_error(form, error)
        return None
    return saved


@bp.route("/beheer/gemeente/wijken/nieuw", methods=["GET", "POST"])
@role_required("admin")
def new_district():
    form = DistrictForm()
    if form.validate_on_submit() and (district := _save(form, None)) is not None:
        flash(_("The district %(name)s is added.", name=district.name), "success")
        return redirect(url_for("city.districts"))
    return _render_form(form, None, status=422 if form.errors or form.form_errors else 200)


@bp.route("/beheer/gemeente/wijken/<int:district_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_district(district_id: int):
    district = _load(district_id)
    form = DistrictForm(obj=district if request.method == "GET" else None)
    if form.validate_on_submit() and _save(form, district) is not None:
        flash(_("The district %(name)s is saved.", name=district.name), "success")
        return redirect(url_for("city.districts"))
    return _render_form(form, district, status=422 if form.errors or form.form_errors else 200)


@bp.post("/beheer/gemeente/wijken/<int:district_id>/samenvoegen")
@role_required("admin")
def merge_district(district_id: int):
    district = _load(district_id)
    merge_form = _merge_form(district)
    if merge_form.validate_on_submit():
        kept = _load(merge_form.kept_id.data)
        try:
            with all_or_nothing():
                management.merge_districts(district, kept, delete_merged=merge_form.then.data == "delete")
        except DomainError as error:
            show_domain_error(merge_form, error)
        else:
            flash(_("The district is merged into %(name)s.", name=kept.name), "success")
            return redirect(url_for("city.districts"))
    return _render_form(DistrictForm(formdata=None, obj=district), district, merge_form, status=422)


@bp.post("/beheer/gemeente/wijken/<int:district_id>/<any(archive, restore):action>")
@role_required("admin")
def archive_district(district_id: int, action: str):
    district = _load(district_id)
    archived = action == "archive"
    perform_action(lambda: management.set_district_archived(district, archived),
                   _("The district is archived.") if archived else _("The district is in use again."))
    return redirect(url_for("city.districts"))


@bp.post("/beheer/gemeente/wijken/<int:district_id>/verwijderen")
@role_required("admin")
def delete_district(district_id: int):
    district = _load(district_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        with all_or_nothing():
            management.delete_district(district)
    except DomainError as error:
        form = DistrictForm(formdata=None, obj=district)
        form.form_errors.append(str(error))
        return _render_form(form, district, status=409)
    flash(_("The district is deleted."), "success")
    return redirect(url_for("city.districts"))
