"""Ideas and comments as moderated kinds. Read-only use of the ideas models; changes go through the
ideas package's public status service (change_idea_status), which checks its own transition table.

Comments have no visibility column of their own: a hidden comment is a hidden moderation item, and the
ideas templates leave out services.hidden_object_ids("comment", ids). The idea's reaction count follows
what the public sees: moderation's visibility_changed hook moves it once per change (_comment_visibility).
"""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from participation.extensions import db
from participation.moderation.registry import ModeratedKind, load_by_ids, register_kind


def _idea_models():
    from participation.ideas import services as idea_services
    from participation.ideas import states as idea_states
    from participation.ideas.models import Comment, Idea, IdeaVersion

    return Idea, Comment, IdeaVersion, idea_services, idea_states


def _move_idea(idea, target: str) -> None:
    """Best effort: move only when the ideas transition table allows it (an accepted idea is not hidden)."""
    _Idea, _Comment, _Version, idea_services, idea_states = _idea_models()
    if idea.status != target and idea_states.can_move(idea.status, target):
        idea_services.change_idea_status(idea, target, None)  # moderation keeps its own audit trail


def _hide_idea(idea) -> None:
    _Idea, _Comment, _Version, _services, idea_states = _idea_models()
    if idea.status == idea_states.AWAITING_MODERATION:
        return  # already invisible to the public, and still editable by the author
    _move_idea(idea, idea_states.HIDDEN)


def _request_changes(idea) -> None:
    """The author is asked to edit: the idea leaves the public pages and its author may change it;
    the edit puts it back in the queue (ideas.services.edit_idea)."""
    _Idea, _Comment, _Version, _services, idea_states = _idea_models()
    _move_idea(idea, idea_states.CHANGES_REQUESTED)


def _publish_idea(idea) -> None:
    _Idea, _Comment, _Version, _services, idea_states = _idea_models()
    if idea.status == idea_states.CHANGES_REQUESTED:
        # Approved without waiting for the author's edit: through the queue status, as the ideas table wants.
        _move_idea(idea, idea_states.AWAITING_MODERATION)
    if idea.status in (idea_states.AWAITING_MODERATION, idea_states.HIDDEN):
        _move_idea(idea, idea_states.PUBLISHED)


def _hold_idea(idea) -> None:
    """Back to waiting for a moderator (an appeal against a request for changes on a waiting idea)."""
    _Idea, _Comment, _Version, _services, idea_states = _idea_models()
    if idea_states.can_move(idea.status, idea_states.AWAITING_MODERATION):
        _move_idea(idea, idea_states.AWAITING_MODERATION)
    else:
        _hide_idea(idea)


def _idea_history(idea) -> list:
    _Idea, _Comment, IdeaVersion, _services, _states = _idea_models()
    versions = db.session.scalars(
        select(IdeaVersion).where(IdeaVersion.idea_id == idea.id).order_by(IdeaVersion.number)
    ).all()
    history = [(v.created_at, f"{v.title} — {v.description_source}") for v in versions]
    history.append((idea.updated_at, f"{idea.title} — {idea.description_source}"))
    return history


def _idea_pending_ids() -> list[int]:
    Idea, _Comment, _Version, _services, idea_states = _idea_models()
    return list(db.session.scalars(select(Idea.id).where(Idea.status == idea_states.AWAITING_MODERATION)))


def _idea_visible(idea) -> bool:
    _Idea, _Comment, _Version, _services, idea_states = _idea_models()
    return idea.status in idea_states.PUBLIC_STATUSES


def _comment_visibility(comment, public: bool) -> None:
    """Keep Idea.comment_count to the reactions the public sees. Moderation calls this once per change."""
    Idea, _Comment, _Version, _services, _states = _idea_models()
    if comment.is_deleted:
        return  # deleting already took it out of the count
    statement = update(Idea).where(Idea.id == comment.idea_id)
    if public:
        statement = statement.values(comment_count=Idea.comment_count + 1)
    else:
        statement = statement.where(Idea.comment_count > 0).values(comment_count=Idea.comment_count - 1)
    db.session.execute(statement.execution_options(synchronize_session=False))
    idea = db.session.identity_map.get(db.session.identity_key(Idea, comment.idea_id))
    if idea is not None:
        db.session.expire(idea, ["comment_count"])


def register() -> None:
    Idea, Comment, _Version, _services, _states = _idea_models()
    register_kind(
        ModeratedKind(
            name="idea",
            label=_l("Idea"),
            load=lambda object_id: db.session.get(Idea, object_id),
            load_many=load_by_ids(Idea),
            author_of=lambda idea: idea.author,
            process_of=lambda idea: idea.process,
            url_of=lambda idea: url_for("ideas.detail", idea_id=idea.id),
            excerpt_of=lambda idea: f"{idea.title} — {idea.description_source}"[:500],
            hide=_hide_idea,
            reject=_hide_idea,
            request_changes=_request_changes,
            hold=_hold_idea,
            approve=_publish_idea,
            restore=_publish_idea,
            is_visible=_idea_visible,
            history_of=_idea_history,
            pending_ids=_idea_pending_ids,
        )
    )
    register_kind(
        ModeratedKind(
            name="comment",
            label=_l("Reaction"),
            load=lambda object_id: db.session.get(Comment, object_id),
            load_many=load_by_ids(Comment),
            author_of=lambda comment: comment.author,
            process_of=lambda comment: comment.idea.process,
            url_of=lambda comment: url_for("ideas.detail", idea_id=comment.idea_id, _anchor=f"reactie-{comment.id}"),
            excerpt_of=lambda comment: comment.body or "",
            is_visible=lambda comment: not comment.is_deleted,
            visibility_changed=_comment_visibility,
            history_of=lambda comment: [(comment.edited_at or comment.created_at, comment.body)],
        )
    )
