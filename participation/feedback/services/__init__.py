"""Feedback rules, split by concept; one import for the routes:

- responses.py         official responses (one idea or many, all or nothing), assignment
- progress.py          implementation tracking: progress, milestones, update posts
- answer_templates.py  reusable answer texts in three languages

Who hears about an idea's news is ideas.services.announce (the ideas services announce too).
"""
from participation.feedback.services.answer_templates import (  # noqa: F401
    InvalidAnswerTemplate,
    answer_templates,
    delete_answer_template,
    save_answer_template,
)
from participation.feedback.services.progress import (  # noqa: F401
    InvalidProgress,
    add_milestone,
    post_update,
    set_milestone_done,
)
from participation.feedback.services.responses import (  # noqa: F401
    InvalidResponse,
    assign_idea,
    departments,
    parse_cost_estimate,
    respond_to_idea,
    respond_to_ideas,
    staff_members,
)
