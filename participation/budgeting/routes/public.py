"""Public pages of a round: the rounds of a process, the round page, its results, the calculation log and the Pabulib export."""
from __future__ import annotations

from datetime import date

from flask import Response, abort, render_template
from flask_login import current_user

from participation.budgeting import bp, results, services
from participation.budgeting.ballots import Rules, explain
from participation.budgeting.permissions import can_manage_rounds, can_view_results
from participation.budgeting.routes.loading import load_round
from participation.processes.permissions import can_view_process
from participation.processes.services import get_process_by_slug


@bp.get("/trajecten/<slug>/stemronden")
def rounds(slug: str):
    process = get_process_by_slug(slug) or abort(404)
    if not can_view_process(current_user, process):
        abort(404)
    return render_template("budgeting/rounds.html", process=process,
                           rounds=services.rounds_of(process, include_drafts=can_manage_rounds(current_user)))


@bp.get("/trajecten/<slug>/stemronden/resultaten")
def results_overview(slug: str):
    """The results of every round of a process: the city-wide round and each district."""
    process = get_process_by_slug(slug) or abort(404)
    if not can_view_process(current_user, process):
        abort(404)
    overview = results.results_overview(process)
    if not overview["city"] and not overview["districts"]:
        abort(404)
    return render_template("budgeting/results_overview.html", process=process, overview=overview)


@bp.get("/stemronden/<int:round_id>")
def round_detail(round_id: int):
    round_ = load_round(round_id)
    today = date.today()
    voter = services.voter_of(round_, current_user)
    return render_template(
        "budgeting/round.html", round=round_, rules=explain(Rules.of(round_)),
        projects=services.ballot_projects(round_), other_projects=[p for p in round_.projects if not p.is_on_ballot],
        is_open=services.is_voting_open(round_, today), voter=voter, has_voted=services.has_voted(round_, voter),
        can_manage=can_manage_rounds(current_user),
    )


@bp.get("/stemronden/<int:round_id>/resultaten")
def results_page(round_id: int):
    round_ = load_round(round_id)
    if not can_view_results(current_user, round_):
        abort(404)
    result = results.published_result(round_)
    if result is None:
        abort(404)
    # The stored result names projects as they were at publication; the rows give their translated titles.
    return render_template("budgeting/results.html", round=round_, result=result,
                           counts=services.participation_counts(round_),
                           projects_by_id={project.id: project for project in round_.projects})


@bp.get("/stemronden/<int:round_id>/resultaten/berekening.txt")
def results_log(round_id: int):
    round_ = load_round(round_id)
    result = results.published_result(round_) if can_view_results(current_user, round_) else None
    if result is None:
        abort(404)
    text = "\n".join(result["log"]) + "\n"
    return Response(text, mimetype="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="round-{round_.id}-log.txt"'})


@bp.get("/stemronden/<int:round_id>/export.pb")
def export(round_id: int):
    """Anonymous ballots as a Pabulib file: public once results are out, for staff at any time."""
    round_ = load_round(round_id)
    if not (can_manage_rounds(current_user) or round_.status == "results_published"):
        abort(404)
    return Response(results.export_pb(round_), mimetype="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="stadslab-round-{round_.id}.pb"'})
