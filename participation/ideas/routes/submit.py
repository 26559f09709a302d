"""Submitting an idea, editing it, and city staff entering ideas received offline."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.accounts.confirmation import confirmed_email_required
from participation.city.services import offered, offered_districts, offered_themes
from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import show_domain_error
from participation.core.ratelimits import refuse_when_over_limit
from participation.core.transactions import all_or_nothing
from participation.extensions import db
from participation.ideas import bp, queries, services, states
from participation.ideas.forms import EditIdeaForm, IdeaForm, OfflineIdeaForm
from participation.ideas.permissions import can_edit_idea, can_enter_offline_ideas, can_submit_idea
from participation.ideas.routes.loading import load_idea, load_process
from participation.moderation.antiabuse import limit_offline_entry, limit_posting
from participation.processes.models import Process


def _fill_choices(form: IdeaForm, process: Process, idea=None) -> None:
    """The process's themes and districts (else all of them), without archived ones unless the idea has it."""
    locale = str(get_locale())
    theme_id, district_id = (idea.theme_id, idea.district_id) if idea is not None else (None, None)
    themes = offered(process.themes, theme_id) if process.themes else offered_themes(theme_id)
    districts = offered(process.districts, district_id) if process.districts else offered_districts(district_id)
    form.theme_id.choices = [(0, _("No particular theme"))] + [(theme.id, theme.name(locale)) for theme in themes]
    form.district_id.choices = [(0, _("The whole city / no particular district"))] + [(d.id, d.label(locale)) for d in districts]


def _idea_values(form: IdeaForm) -> dict:
    return {
        "title": form.title.data or "",
        "description": form.description.data or "",
        "theme_id": form.theme_id.data or None,
        "district_id": form.district_id.data or None,
        "latitude": form.latitude.data,
        "longitude": form.longitude.data,
        "language": form.language.data or None,
    }


@bp.route("/trajecten/<slug>/ideeen/nieuw", methods=["GET", "POST"])
@login_required
@confirmed_email_required
@limit_posting
def create(slug: str):
    process = load_process(slug)
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
                refuse_when_over_limit()
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
    idea = load_idea(idea_id)
    if not can_edit_idea(current_user, idea):
        abort(403)
    form = EditIdeaForm(obj=idea)
    _fill_choices(form, idea.process, idea)
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
@limit_offline_entry  # its own budget: a box of paper forms is typed in at once (moderation.antiabuse)
def enter_offline(slug: str):
    process = load_process(slug)
    if not can_enter_offline_ideas(current_user):
        abort(403)
    form = OfflineIdeaForm()
    _fill_choices(form, process)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                refuse_when_over_limit()
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
