"""Rules for ideas. Services flush and never commit; they raise DomainError subclasses that routes
show next to the form. Split by concept, one import for the routes:

- ideas.py       submitting (online and offline), editing with versions, co-authors
- status.py      status changes along states.TRANSITIONS, each writing a timeline row: change_idea_status,
                 publish_idea (moderation), record_idea_outcome (budgeting and crowdfunding)
- engagement.py  support, comments and following, with race-safe counters
- rules.py       the ideation-phase rule they share
"""
from participation.ideas.services.engagement import (  # noqa: F401
    COMMENT_EDIT_WINDOW,
    COMMENT_MAX,
    AlreadySupported,
    InvalidComment,
    NotSupported,
    add_comment,
    comment_editable_until,
    delete_comment,
    edit_comment,
    follow_idea,
    follow_process,
    support_idea,
    unfollow_idea,
    unfollow_process,
    withdraw_support,
)
from participation.ideas.services.ideas import (  # noqa: F401
    DESCRIPTION_MAX,
    MAX_COAUTHORS,
    MAX_IMAGES,
    TITLE_MAX,
    IdeaNotEditable,
    InvalidIdea,
    InvalidInvitation,
    accept_coauthor_invitation,
    edit_idea,
    enter_offline_idea,
    invite_coauthor,
    is_author,
    submit_idea,
)
from participation.ideas.services.status import (  # noqa: F401
    InvalidTransition,
    allowed_next_statuses,
    change_idea_status,
    check_transition,
    publish_idea,
    record_idea_outcome,
)
from participation.ideas.services.rules import PhaseClosed, is_ideation_open  # noqa: F401
from participation.core.errors import NotAllowed  # noqa: F401  (raised by several services)
