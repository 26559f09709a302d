"""Admins and the electorate: the census upload, letter codes and reissuing a lost code."""
from __future__ import annotations

import csv
import io
from datetime import date

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.budgeting import bp, services
from participation.budgeting.forms import CensusForm, LetterCodesForm, ReissueCodeForm
from participation.budgeting.permissions import can_manage_electorate
from participation.budgeting.routes.loading import load_round, require
from participation.core.errors import DomainError
from participation.core.forms import show_domain_error
from participation.core.transactions import all_or_nothing


@bp.post("/beheer/stemronden/<int:round_id>/kiezerslijst")
@login_required
def upload_census(round_id: int):
    round_ = load_round(round_id)
    require(can_manage_electorate(current_user))
    form = CensusForm()
    if not form.validate_on_submit():
        flash(_("Choose a CSV file."), "error")
        return redirect(url_for("budgeting.edit_round", round_id=round_.id) + "#kiezers")
    try:
        with all_or_nothing():
            summary = services.upload_census(round_, form.file.data.read(), current_user, date.today())
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("budgeting.edit_round", round_id=round_.id) + "#kiezers")
    flash(_("Census: %(added)s residents added, %(already)s already on the list (skipped), %(under_age)s under the minimum age, %(duplicates)s listed twice in the file.",
            added=summary["added"], already=summary["already"], under_age=summary["under_age"], duplicates=summary["duplicates"]),
          "success")
    for line, problem in summary["problems"][:20]:
        flash(_("Line %(line)s was skipped: %(problem)s", line=line, problem=problem), "error")
    return redirect(url_for("budgeting.edit_round", round_id=round_.id) + "#kiezers")


@bp.post("/beheer/stemronden/<int:round_id>/briefcodes")
@login_required
def letter_codes(round_id: int):
    round_ = load_round(round_id)
    require(can_manage_electorate(current_user))
    form = LetterCodesForm()
    back = redirect(url_for("budgeting.edit_round", round_id=round_.id) + "#kiezers")
    if not form.validate_on_submit():
        flash(_("Choose a CSV file."), "error")
        return back
    try:
        with all_or_nothing():
            batch = services.generate_letter_codes(round_, form.file.data.read(), current_user)
    except DomainError as error:
        flash(str(error), "error")
        return back
    flash(_("Letter codes: %(new)s new, %(already)s residents already had one (skipped), %(missing)s not on the census (no code), %(duplicates)s listed twice in the file.",
            new=len(batch.letters), already=batch.already_coded, missing=batch.not_in_census, duplicates=batch.duplicates),
          "success" if batch.letters else "error")
    for line, problem in batch.problems[:20]:
        flash(_("Line %(line)s was skipped: %(problem)s", line=line, problem=problem), "error")
    if not batch.letters:
        return back
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "round", "url", *batch.address_columns])
    url = url_for("budgeting.verify", round_id=round_.id, _external=True)
    for letter in batch.letters:
        writer.writerow([letter["code"], round_.title, url, *(letter[name] for name in batch.address_columns)])
    return Response(out.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="letter-codes-round-{round_.id}.csv"',
                             "Cache-Control": "no-store"})


@bp.route("/beheer/stemronden/<int:round_id>/briefcode-opnieuw", methods=["GET", "POST"])
@login_required
def reissue_code(round_id: int):
    """A new letter code for a resident who lost theirs; the code is on this response only."""
    round_ = load_round(round_id)
    require(can_manage_electorate(current_user) and not round_.is_imported)
    form = ReissueCodeForm()
    reissued = None
    status = 200
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                reissued = services.reissue_letter_code(round_, current_user, **form.identity())
        except DomainError as error:
            show_domain_error(form, error)
            status = 422
        else:
            form = ReissueCodeForm(formdata=None)
    elif request.method == "POST":
        status = 422
    response = Response(render_template(
        "budgeting/reissue_code.html", round=round_, form=form, reissued=reissued,
        verify_url=url_for("budgeting.verify", round_id=round_.id, _external=True),
    ), status=status)
    response.headers["Cache-Control"] = "no-store"
    return response
