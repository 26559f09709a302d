"""Load what a URL names, or 404 when it does not exist or the visitor may not see it."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from participation.extensions import db
from participation.ideas import queries
from participation.ideas.models import Comment, Idea
from participation.ideas.permissions import can_view_idea
from participation.processes.models import Process
from participation.processes.permissions import can_view_process


def load_process(slug: str) -> Process:
    process = queries.get_process_for_ideas(slug)
    if process is None or not can_view_process(current_user, process):
        abort(404)
    return process


def load_idea(idea_id: int) -> Idea:
    idea = queries.get_idea(idea_id)
    if idea is None or not can_view_idea(current_user, idea):
        abort(404)  # an idea awaiting moderation does not exist for the public
    return idea


def load_idea_page(idea_id: int) -> queries.IdeaPage:
    """The idea page's data (queries.idea_page), or 404 like load_idea."""
    page = queries.idea_page(idea_id, current_user)
    if page is None or not can_view_idea(current_user, page.idea):
        abort(404)
    return page


def load_comment(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or not can_view_idea(current_user, comment.idea):
        abort(404)
    return comment
