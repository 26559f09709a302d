"""The city's feedback on ideas: official responses (with answer templates and bulk answering), assignment
to a department or colleague, implementation tracking (progress, milestones, update posts) and the
notifications that go with them. The lifecycle itself is ideas.states; status changes go through
ideas.services.change_idea_status, which writes the idea's public timeline."""
from flask import Blueprint

bp = Blueprint("feedback", __name__)

from participation.feedback import routes  # noqa: E402,F401
