"""Idea pages. Thin: load or 404, check permission or 403, validate the form, call one service."""
from __future__ import annotations

import random
from datetime import date

from flask import abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.city.services import all_districts, all_themes
from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import ActionForm, show_domain_error
from participation.core.transactions import all_or_nothing
from participation.extensions import db
from participation.ideas import bp, queries, services, states
from participation.ideas.forms import (
    CommentForm,
    EditCommentForm,
    EditIdeaForm,
    IdeaForm,
    InviteCoauthorForm,
    OfflineIdeaForm,
)
from participation.ideas.labels import CHANNEL_LABELS, SORT_LABELS, STATUS_LABELS
from participation.ideas.models import Comment, Idea
from participation.ideas.permissions import (
    can_comment,
    can_delete_comment,
    can_edit_comment,
    can_edit_idea,
    can_enter_offline_ideas,
    can_invite_coauthor,
    can_see_offline_contact,
    can_submit_idea,
    can_support,
    can_view_idea,
    can_view_versions,
)
from participation.processes.models import Process
from participation.processes.permissions import can_view_process

SEED_KEY = "ideas_random_seed"


@bp.app_context_processor
def idea_labels() -> dict:
    return {
        "idea_status_labels": STATUS_LABELS,
        "idea_channel_labels": CHANNEL_LABELS,
        "idea_sort_labels": SORT_LABELS,
        "can_edit_comment": can_edit_comment,
        "can_delete_comment": can_delete_comment,
    }


# --- Loading ---------------------------------------------------------------------------------


def _load_process(slug: str) -> Process:
    process = queries.get_process_for_ideas(slug)
    if process is None or not can_view_process(current_user, process):
        abort(404)
    return process


def _load_idea(idea_id: int, *, for_page: bool = False) -> Idea:
    idea = queries.get_idea_for_page(idea_id) if for_page else queries.get_idea(idea_id)
    if idea is None or not can_view_idea(current_user, idea):
        abort(404)  # an idea awaiting moderation does not exist for the public
    return idea


def _load_comment(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or not can_view_idea(current_user, comment.idea):
        abort(404)
    return comment


def _positive_int(name: str) -> int | None:
    value = request.args.get(name, type=int)
    return value if value and value > 0 else None


def _random_seed() -> int:
    seed = session.get(SEED_KEY)
    if not isinstance(seed, int) or not 0 < seed < queries.RANDOM_PRIME:
        seed = random.randint(1, queries.RANDOM_PRIME - 1)
        session[SEED_KEY] = seed
    return seed


def _filters(process: Process | None) -> queries.IdeaFilters:
    sort = request.args.get("sort", "newest")
    sort = sort if sort in queries.SORTS else "newest"
    status = request.args.get("status") or None
    return queries.IdeaFilters(
        process_id=process.id if process else None,
        theme_id=_positive_int("theme"),
        district_id=_positive_int("district"),
        status=status if status in states.PUBLIC_STATUSES else None,
        query=(request.args.get("q") or "").strip()[:200],
        sort=sort,
        page=_positive_int("page") or 1,
        seed=_random_seed() if sort == "random" else 1,
    )


def _filter_args(filters: queries.IdeaFilters) -> dict:
    args = {"theme": filters.theme_id, "district": filters.district_id, "status": filters.status, "q": filters.query or None, "sort": filters.sort}
    return {key: value for key, value in args.items() if value}


# --- Lists, map feed and search --------------------------------------------------------------


def _render_list(process: Process | None):
    filters = _filters(process)
    page = queries.find_ideas(filters)
    locale = str(get_locale())
    return render_template(
        "ideas/list.html",
        process=process,
        page=page,
        filters=filters,
        filter_args=_filter_args(filters),
        themes=[(theme.id, theme.name(locale)) for theme in all_themes()],
        districts=[(district.id, district.name) for district in all_districts()],
        supported=queries.supported_idea_ids(current_user, [idea.id for idea in page.items]),
        follows_process=queries.follows_process(process, current_user) if process else False,
        ideation_open=services.is_ideation_open(process, date.today()) if process else False,
        can_submit=can_submit_idea(current_user, process) if process else False,
        action_form=ActionForm(),
    )


@bp.get("/ideeen")
def index():
    return _render_list(None)


@bp.get("/trajecten/<slug>/ideeen")
def process_list(slug: str):
    return _render_list(_load_process(slug))


@bp.get("/ideeen.geojson")
def geojson():
    process = None
    if request.args.get("process"):
        process = _load_process(request.args["process"])
    rows = queries.geojson_rows(_filters(process))
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row.longitude, row.latitude]},
            "properties": {
                "id": row.id,
                "title": row.title,
                "url": url_for("ideas.detail", idea_id=row.id),
                "supports": row.support_count,
                "comments": row.comment_count,
                "status": str(STATUS_LABELS[row.status]),
            },
        }
        for row in rows
    ]
    response = jsonify({"type": "FeatureCollection", "features": features})
    response.headers["Content-Type"] = "application/geo+json"
    return response


@bp.get("/trajecten/<slug>/ideeen/gelijkaardig")
def similar(slug: str):
    """For the submit form's script: published ideas that look like what is being typed."""
    process = _load_process(slug)
    text = (request.args.get("q") or "")[:2000]
    return jsonify(
        [
            {"id": idea.id, "title": idea.title, "url": url_for("ideas.detail", idea_id=idea.id), "supports": idea.support_count}
            for idea, _score in queries.similar_ideas(process, text)
        ]
    )


# --- Submitting and editing ------------------------------------------------------------------


def _fill_choices(form: IdeaForm, process: Process) -> None:
    locale = str(get_locale())
    themes = process.themes or all_themes()
    districts = process.districts or all_districts()
    form.theme_id.choices = [(0, _("No particular theme"))] + [(theme.id, theme.name(locale)) for theme in themes]
    form.district_id.choices = [(0, _("The whole city / no particular district"))] + [(d.id, d.name) for d in districts]


def _idea_values(form: IdeaForm) -> dict:
    return {
        "title": form.title.data or "",
        "description": form.description.data or "",
        "theme_id": form.theme_id.data or None,
        "district_id": form.district_id.data or None,
        "latitude": form.latitude.data,
        "longitude": form.longitude.data,
    }


@bp.route("/trajecten/<slug>/ideeen/nieuw", methods=["GET", "POST"])
@login_required
def create(slug: str):
    process = _load_process(slug)
    if not can_submit_idea(current_user, process):
        abort(403)
    form = IdeaForm()
    _fill_choices(form, process)
    similar_ideas = None
    if request.method == "POST" and form.check_similar.data:
        similar_ideas = queries.similar_ideas(process, f"{form.title.data or ''} {form.description.data or ''}")
    elif form.validate_on_submit():
        try:
            with all_or_nothing():
                idea = services.submit_idea(process, current_user, images=form.uploaded_images(), **_idea_values(form))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            if idea.status == states.AWAITING_MODERATION:
                flash(_("Thank you! A moderator checks your idea before it appears. Only you can see it until then."), "success")
            else:
                flash(_("Thank you! Your idea is published."), "success")
            return redirect(url_for("ideas.detail", idea_id=idea.id))
    return render_template(
        "ideas/form.html",
        form=form,
        process=process,
        idea=None,
        similar_ideas=similar_ideas,
        ideation_open=services.is_ideation_open(process, date.today()),
        offline=False,
    ), 422 if form.errors else 200


@bp.route("/ideeen/<int:idea_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(idea_id: int):
    idea = _load_idea(idea_id)
    if not can_edit_idea(current_user, idea):
        abort(403)
    form = EditIdeaForm(obj=idea)
    _fill_choices(form, idea.process)
    form.remove_images.choices = [(image.id, image.alt_text) for image in idea.images]
    if request.method == "GET":
        form.description.data = idea.description_source
        form.theme_id.data = idea.theme_id or 0
        form.district_id.data = idea.district_id or 0
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.edit_idea(
                    idea, current_user, new_images=form.uploaded_images(), remove_image_ids=form.remove_images.data or [],
                    **_idea_values(form),
                )
        except DomainError as error:
            db.session.refresh(idea)
            show_domain_error(form, error)
        else:
            flash(_("Your changes are saved. The earlier version is kept."), "success")
            return redirect(url_for("ideas.detail", idea_id=idea.id))
    return render_template(
        "ideas/form.html", form=form, process=idea.process, idea=idea, similar_ideas=None, ideation_open=True, offline=False
    ), 422 if form.errors else 200


@bp.route("/beheer/trajecten/<slug>/ideeen/offline", methods=["GET", "POST"])
@role_required("staff")
def enter_offline(slug: str):
    process = _load_process(slug)
    if not can_enter_offline_ideas(current_user):
        abort(403)
    form = OfflineIdeaForm()
    _fill_choices(form, process)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                idea = services.enter_offline_idea(
                    process, current_user, channel=form.channel.data, author_name=form.author_name.data or "",
                    contact=form.contact.data or "", account_email=form.account_email.data or "",
                    images=form.uploaded_images(), **_idea_values(form),
                )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The idea is entered and published. It counts like any other idea."), "success")
            return redirect(url_for("ideas.detail", idea_id=idea.id))
    return render_template(
        "ideas/form.html", form=form, process=process, idea=None, similar_ideas=None,
        ideation_open=services.is_ideation_open(process, date.today()), offline=True,
    ), 422 if form.errors else 200


# --- The idea page ---------------------------------------------------------------------------


def _render_detail(idea: Idea, status: int = 200, comment_form: CommentForm | None = None, invite_form=None, reply_to=None):
    viewer = queries.viewer_state(idea, current_user)
    return render_template(
        "ideas/detail.html",
        idea=idea,
        process=idea.process,
        comments=queries.comments_of(idea),
        viewer=viewer,
        comment_form=comment_form or CommentForm(formdata=None),
        reply_to=reply_to,
        invite_form=invite_form or (InviteCoauthorForm(formdata=None) if can_invite_coauthor(current_user, idea) else None),
        action_form=ActionForm(formdata=None),
        ideation_open=services.is_ideation_open(idea.process, date.today()),
        may_support=can_support(current_user, idea),
        may_comment=can_comment(current_user, idea),
        may_edit=can_edit_idea(current_user, idea),
        may_view_versions=can_view_versions(current_user, idea),
        may_see_contact=can_see_offline_contact(current_user),
        open_invitation=next(
            (co for co in idea.coauthors if current_user.is_authenticated and co.email == current_user.email and not co.is_accepted),
            None,
        ),
    ), status


@bp.get("/ideeen/<int:idea_id>")
def detail(idea_id: int):
    return _render_detail(_load_idea(idea_id, for_page=True))


def _one_button(idea_id: int, action, success: str, anchor: str = ""):
    """Shared shape of support / withdraw / follow buttons: CSRF, service, then back to the idea."""
    idea = _load_idea(idea_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        with all_or_nothing():
            action(idea)
    except DomainError as error:
        flash(str(error), "error")
        return _render_detail(queries.get_idea_for_page(idea.id), 422)
    flash(success, "success")
    return redirect(url_for("ideas.detail", idea_id=idea.id) + anchor)


@bp.post("/ideeen/<int:idea_id>/steunen")
@login_required
def support(idea_id: int):
    return _one_button(idea_id, lambda idea: services.support_idea(idea, current_user), _("You support this idea."), "#steun")


@bp.post("/ideeen/<int:idea_id>/steun-intrekken")
@login_required
def withdraw_support(idea_id: int):
    return _one_button(idea_id, lambda idea: services.withdraw_support(idea, current_user), _("You no longer support this idea."), "#steun")


@bp.post("/ideeen/<int:idea_id>/volgen")
@login_required
def follow(idea_id: int):
    return _one_button(idea_id, lambda idea: services.follow_idea(idea, current_user), _("You follow this idea. We let you know when it changes."))


@bp.post("/ideeen/<int:idea_id>/niet-meer-volgen")
@login_required
def unfollow(idea_id: int):
    return _one_button(idea_id, lambda idea: services.unfollow_idea(idea, current_user), _("You no longer follow this idea."))


@bp.post("/trajecten/<slug>/volgen")
@login_required
def follow_process(slug: str):
    process = _load_process(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.follow_process(process, current_user)
    flash(_("You follow this process. We let you know about new phases and ideas."), "success")
    return redirect(url_for("ideas.process_list", slug=process.slug))


@bp.post("/trajecten/<slug>/niet-meer-volgen")
@login_required
def unfollow_process(slug: str):
    process = _load_process(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.unfollow_process(process, current_user)
    flash(_("You no longer follow this process."), "success")
    return redirect(url_for("ideas.process_list", slug=process.slug))


# --- Co-authors ------------------------------------------------------------------------------


@bp.post("/ideeen/<int:idea_id>/mede-auteurs")
@login_required
def invite_coauthor(idea_id: int):
    idea = _load_idea(idea_id)
    if not can_invite_coauthor(current_user, idea):
        abort(403)
    form = InviteCoauthorForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.invite_coauthor(idea, current_user, form.email.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("The invitation is sent."), "success")
            return redirect(url_for("ideas.detail", idea_id=idea.id) + "#mede-auteurs")
    return _render_detail(queries.get_idea_for_page(idea.id), 422, invite_form=form)


@bp.post("/ideeen/<int:idea_id>/mede-auteurs/aanvaarden")
@login_required
def accept_invitation(idea_id: int):
    return _one_button(
        idea_id, lambda idea: services.accept_coauthor_invitation(idea, current_user), _("You are now a co-author of this idea.")
    )


@bp.get("/ideeen/<int:idea_id>/versies")
@role_required("moderator")
def versions(idea_id: int):
    idea = _load_idea(idea_id)
    if not can_view_versions(current_user, idea):
        abort(403)
    return render_template("ideas/versions.html", idea=idea, versions=queries.versions_of(idea))


# --- Comments --------------------------------------------------------------------------------


@bp.post("/ideeen/<int:idea_id>/reacties")
@login_required
def add_comment(idea_id: int):
    idea = _load_idea(idea_id)
    if not can_comment(current_user, idea):
        abort(403)
    form = CommentForm()
    parent = None
    if form.parent_id.data:
        parent = db.session.get(Comment, int(form.parent_id.data)) if form.parent_id.data.isdigit() else None
        if parent is None or parent.idea_id != idea.id:
            abort(404)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                comment = services.add_comment(idea, current_user, form.body.data, parent=parent)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your reaction is posted."), "success")
            return redirect(url_for("ideas.detail", idea_id=idea.id) + f"#reactie-{comment.id}")
    return _render_detail(queries.get_idea_for_page(idea.id), 422, comment_form=form, reply_to=parent.id if parent else None)


@bp.route("/reacties/<int:comment_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_comment(comment_id: int):
    comment = _load_comment(comment_id)
    if not can_edit_comment(current_user, comment):
        abort(403)
    form = EditCommentForm(obj=comment)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                services.edit_comment(comment, current_user, form.body.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your reaction is changed."), "success")
            return redirect(url_for("ideas.detail", idea_id=comment.idea_id) + f"#reactie-{comment.id}")
    return render_template("ideas/comment_form.html", form=form, comment=comment), 422 if form.errors else 200


@bp.post("/reacties/<int:comment_id>/verwijderen")
@login_required
def delete_comment(comment_id: int):
    comment = _load_comment(comment_id)
    if not can_delete_comment(current_user, comment):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.delete_comment(comment, current_user)
    flash(_("Your reaction is deleted."), "success")
    return redirect(url_for("ideas.detail", idea_id=comment.idea_id) + "#reacties")
