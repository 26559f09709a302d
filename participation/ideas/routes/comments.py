"""Reactions on an idea: post, reply, edit within 15 minutes, delete (a placeholder stays)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.accounts.confirmation import confirmed_email_required
from participation.core.errors import DomainError
from participation.core.forms import ActionForm, show_domain_error
from participation.core.inputs import db_int
from participation.core.ratelimits import refuse_when_over_limit
from participation.core.transactions import all_or_nothing
from participation.extensions import db
from participation.ideas import bp, queries, services
from participation.ideas.forms import CommentForm, EditCommentForm
from participation.ideas.models import Comment
from participation.ideas.permissions import can_comment, can_delete_comment, can_edit_comment
from participation.ideas.routes.loading import load_comment, load_idea
from participation.ideas.routes.page import render_detail
from participation.moderation import services as moderation
from participation.moderation.antiabuse import limit_posting


@bp.post("/ideeen/<int:idea_id>/reacties")
@login_required
@confirmed_email_required
@limit_posting
def add_comment(idea_id: int):
    idea = load_idea(idea_id)
    if not can_comment(current_user, idea):
        abort(403)
    form = CommentForm()
    parent = None
    if form.parent_id.data:
        try:
            parent = db.session.get(Comment, db_int(form.parent_id.data))
        except ValueError:
            parent = None
        if parent is None or parent.idea_id != idea.id:
            abort(404)
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                refuse_when_over_limit()
                comment = services.add_comment(idea, current_user, form.body.data, parent=parent)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            if moderation.is_public("comment", comment.id):
                flash(_("Your reaction is posted."), "success")
            else:
                flash(_("Thank you! A moderator checks your reaction before it appears."), "success")
            return redirect(url_for("ideas.detail", idea_id=idea.id) + f"#reactie-{comment.id}")
    return render_detail(queries.idea_page(idea.id, current_user), 422, comment_form=form, reply_to=parent.id if parent else None)


@bp.route("/reacties/<int:comment_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_comment(comment_id: int):
    comment = load_comment(comment_id)
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
    comment = load_comment(comment_id)
    if not can_delete_comment(current_user, comment):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.delete_comment(comment, current_user)
    flash(_("Your reaction is deleted."), "success")
    return redirect(url_for("ideas.detail", idea_id=comment.idea_id) + "#reacties")
