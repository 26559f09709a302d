"""`/beheer`: the back office's front page, listing what the signed-in person's role lets them do.

Behind the same gates as every back-office page (role_required, and with STAFF_REQUIRE_2FA the
two-step verification). Each entry names the least role its page asks for (the page checks it itself
again); an endpoint that does not exist in this installation is left out.
"""
from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.accounts import bp
from participation.core.decorators import role_required

TASKS = (
    ("moderator", "moderation.queue", _l("Moderation queue"), _l("Contributions waiting for a decision and reports.")),
    ("moderator", "moderation.appeals", _l("Appeals"), _l("Residents who asked to review a moderation decision.")),
    ("staff", "processes.manage", _l("Participation processes"), _l("Create processes, plan their phases, publish and archive them.")),
    ("staff", "outcomes.response_dashboard", _l("Responses and follow-up"), _l("Ideas waiting for an official response, per department.")),
    ("staff", "feedback.answer_templates", _l("Answer templates"), _l("Reusable texts for official responses.")),
    ("staff", "budgeting.manage", _l("Budget rounds"), _l("Participatory budgets: projects, voting and results.")),
    ("staff", "crowdfunding.manage", _l("Crowdfunding"), _l("Campaigns, match funding and payments.")),
    ("staff", "moderation.moderators", _l("Moderators per process"), _l("Who moderates which process.")),
    ("admin", "accounts.users", _l("Users and roles"), _l("Grant the moderator, staff and admin roles.")),
    ("admin", "municipality.edit_profile", _l("Municipality profile"), _l("Name, logo, colours, contact, languages and time zone.")),
    ("admin", "city.districts", _l("Districts, themes and departments"), _l("The lists residents choose from.")),
    ("admin", "moderation.audit", _l("Audit trail"), _l("Every moderation decision, with who and when.")),
)


def tasks_for(user) -> list[dict]:
    known = {rule.endpoint for rule in current_app.url_map.iter_rules()}
    return [
        {"url": url_for(endpoint), "title": title, "description": description}
        for role, endpoint, title, description in TASKS
        if endpoint in known and user.has_role(role)
    ]


@bp.get("/beheer")
@role_required("moderator")
def back_office():
    return render_template("accounts/back_office.html", tasks=tasks_for(current_user))
