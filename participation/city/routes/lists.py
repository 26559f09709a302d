"""Admins: the themes and the departments (diensten), in the order lists show them."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.city import bp, management
from participation.city.forms import ListItemForm
from participation.city.models import Department, Theme
from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import ActionForm, show_domain_error
from participation.core.transactions import all_or_nothing, perform_action
from participation.extensions import db

# The URL word, the model, and the page's words.
LISTS = {
    "themas": (Theme, {"title": _l("Themes"), "new": _l("New theme"), "edit": _l("Edit theme"), "empty": _l("No themes yet.")}),
    "diensten": (Department, {"title": _l("Departments"), "new": _l("New department"), "edit": _l("Edit department"),
                              "empty": _l("No departments yet.")}),
}
KINDS = "any(themas, diensten)"


def _list(kind: str):
    return LISTS[kind]


def _load(kind: str, item_id: int):
    model, _words = _list(kind)
    return db.session.get(model, item_id) or abort(404)


@bp.get(f"/beheer/gemeente/<{KINDS}:kind>")
@role_required("admin")
def list_items(kind: str):
    model, words = _list(kind)
    return render_template("city/list.html", kind=kind, words=words, items=management.ordered(model),
                           action_form=ActionForm(), locale=str(get_locale()))


def _form_page(kind: str, item, form: ListItemForm):
    model, words = _list(kind)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                management.save_list_item(model, item, name_nl=form.name_nl.data or "", name_fr=form.name_fr.data or "",
                                          name_en=form.name_en.data or "")
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("city.list_items", kind=kind))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("city/list_form.html", kind=kind, words=words, item=item, form=form), status


@bp.route(f"/beheer/gemeente/<{KINDS}:kind>/nieuw", methods=["GET", "POST"])
@role_required("admin")
def new_item(kind: str):
    return _form_page(kind, None, ListItemForm())


@bp.route(f"/beheer/gemeente/<{KINDS}:kind>/<int:item_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_item(kind: str, item_id: int):
    item = _load(kind, item_id)
    return _form_page(kind, item, ListItemForm(obj=item if request.method == "GET" else None))


@bp.post(f"/beheer/gemeente/<{KINDS}:kind>/<int:item_id>/<any(up, down):direction>")
@role_required("admin")
def move_item(kind: str, item_id: int, direction: str):
    item = _load(kind, item_id)
    model, _words = _list(kind)
    perform_action(lambda: management.move_list_item(model, item, -1 if direction == "up" else 1), None)
    return redirect(url_for("city.list_items", kind=kind) + f"#item-{item.id}")


@bp.post(f"/beheer/gemeente/<{KINDS}:kind>/<int:item_id>/<any(archive, restore):action>")
@role_required("admin")
def archive_item(kind: str, item_id: int, action: str):
    item = _load(kind, item_id)
    archived = action == "archive"
    perform_action(lambda: management.set_list_item_archived(item, archived),
                   _("Archived: it stays on existing content but is no longer offered.") if archived else _("In use again."))
    return redirect(url_for("city.list_items", kind=kind))
