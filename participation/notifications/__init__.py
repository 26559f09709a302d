"""Messages to people: email (mail.py), in-app notifications with per-kind email choices (service.py),
unsubscribe links that work without logging in, and the daily digest (digest.py, `flask notifications digest`).

Other features call `participation.notifications.service.notify(...)` with a kind from kinds.KINDS; its
docstring is the contract. Transactional mail (password reset, moderation decisions, payments) uses
mail.send_mail directly; moderation decisions also reach the bell through notify() with an in-app kind
(kinds.IN_APP_KINDS), which sends no second email.
"""
from flask import Blueprint, Flask

bp = Blueprint("notifications", __name__)

from participation.notifications import routes  # noqa: E402,F401


def init_app(app: Flask) -> None:
    """Register the blueprint, the template helpers used by the notification emails and the CLI."""
    from participation.notifications.cli import notifications_cli
    from participation.notifications.kinds import kind_label
    from participation.notifications.service import absolute_url, external_link

    app.register_blueprint(bp)
    app.jinja_env.globals.update(kind_label=kind_label, absolute_url=absolute_url, external_link=external_link)
    app.cli.add_command(notifications_cli)
