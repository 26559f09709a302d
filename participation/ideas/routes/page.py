"""The idea page and its one-button actions: support, follow, co-authors; versions for moderators."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.accounts.confirmation import confirmed_email_required
from participation.city.services import district_at
from participation.core.decorators import role_required
from participation.core.errors import DomainError
from participation.core.forms import ActionForm, show_domain_error
from participation.core.transactions import all_or_nothing, perform_action
from participation.core import pagecache
from participation.ideas import bp, caching, queries, services
from participation.ideas.forms import CommentForm, InviteCoauthorForm
from participation.ideas.permissions import (
    can_comment,
    can_edit_idea,
    can_invite_coauthor,
    can_see_offline_contact,
    can_support,
    can_view_versions,
)
from participation.ideas.routes.loading import load_idea, load_idea_page, load_process


def render_detail(page: queries.IdeaPage, status: int = 200, comment_form: CommentForm | None = None, invite_form=None, reply_to=None):
    idea = page.idea
    return render_template(
        "ideas/detail.html",
        idea=idea,
        process=idea.process,
        comments=page.comments,
        hidden_comments=page.hidden_comments,
        hidden_profiles=page.hidden_profiles,
        viewer=page.viewer,
        comment_form=comment_form or CommentForm(formdata=None),
        reply_to=reply_to,
        invite_form=invite_form or (InviteCoauthorForm(formdata=None) if can_invite_coauthor(current_user, idea) else None),
        action_form=ActionForm(formdata=None),
        ideation_open=services.is_ideation_open(idea.process, date.today()),
        may_support=can_support(current_user, idea),
        is_own_idea=services.is_author(current_user, idea),  # no support button, no report link
        may_comment=can_comment(current_user, idea),
        may_edit=can_edit_idea(current_user, idea),
        may_view_versions=can_view_versions(current_user, idea),
        may_see_contact=can_see_offline_contact(current_user),
        # The place in words: the district whose stored boundary holds the pin (none without boundaries).
        pin_district=district_at(idea.latitude, idea.longitude) if idea.has_location else None,
        open_invitation=next(
            (co for co in idea.coauthors if current_user.is_authenticated and co.email == current_user.email and not co.is_accepted),
            None,
        ),
    ), status


@bp.get("/ideeen/<int:idea_id>")
def detail(idea_id: int):
    """Anonymous visitors may get the page from the cache (caching.anonymous_page); it is only kept when
    they may see it. A change to this idea, to its process (and phases, moderation within it) or to what
    every page shows invalidates it; a change to another idea of the process does not."""
    page = None

    def render():
        nonlocal page
        page = load_idea_page(idea_id)
        return render_detail(page)

    return caching.anonymous_page(
        ("idea", idea_id), render,
        lambda: (pagecache.GLOBAL, caching.process_frame_scope(page.idea.process_id), caching.idea_scope(idea_id)),
    )


def _one_button(idea_id: int, action, success: str, anchor: str = ""):
    """Shared shape of support / withdraw / follow buttons: CSRF, service, then back to the idea."""
    idea = load_idea(idea_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        with all_or_nothing():
            action(idea)
    except DomainError as error:
        flash(str(error), "error")
        return render_detail(queries.idea_page(idea.id, current_user), 422)
    flash(success, "success")
    return redirect(url_for("ideas.detail", idea_id=idea.id) + anchor)


@bp.post("/ideeen/<int:idea_id>/steunen")
@login_required
@confirmed_email_required
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
    process = load_process(slug)
    perform_action(lambda: services.follow_process(process, current_user),
                   _("You follow this process. We let you know about new phases and ideas."))
    return redirect(url_for("ideas.process_list", slug=process.slug))


@bp.post("/trajecten/<slug>/niet-meer-volgen")
@login_required
def unfollow_process(slug: str):
    process = load_process(slug)
    perform_action(lambda: services.unfollow_process(process, current_user), _("You no longer follow this process."))
    return redirect(url_for("ideas.process_list", slug=process.slug))


# --- Co-authors ------------------------------------------------------------------------------


@bp.post("/ideeen/<int:idea_id>/mede-auteurs")
@login_required
def invite_coauthor(idea_id: int):
    idea = load_idea(idea_id)
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
    return render_detail(queries.idea_page(idea.id, current_user), 422, invite_form=form)


@bp.post("/ideeen/<int:idea_id>/mede-auteurs/aanvaarden")
@login_required
def accept_invitation(idea_id: int):
    return _one_button(
        idea_id, lambda idea: services.accept_coauthor_invitation(idea, current_user), _("You are now a co-author of this idea.")
    )


@bp.get("/ideeen/<int:idea_id>/versies")
@role_required("moderator")
def versions(idea_id: int):
    idea = load_idea(idea_id)
    if not can_view_versions(current_user, idea):
        abort(403)
    return render_template("ideas/versions.html", idea=idea, versions=queries.versions_of(idea))
