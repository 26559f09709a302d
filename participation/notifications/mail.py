"""The only place that sends email. Every message is kept in the outbox; delivery runs as a job."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale

from participation.core.jobs import enqueue
from participation.core.models import utcnow
from participation.extensions import db
from participation.notifications.models import OutboxMessage


def send_mail(
    recipient: str,
    subject: str,
    template: str,
    /,
    *,
    kind: str,
    locale: str = "nl",
    headers: dict[str, str] | None = None,
    **context,
) -> OutboxMessage:
    """Render templates/email/<template>.txt in the recipient's language and queue it.

    The first three are positional-only, so templates may use `recipient` and `subject` as context names.
    `headers` are extra mail headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058).
    """
    with force_locale(locale):
        text_body = render_template(f"email/{template}.txt", **context)
        subject_text = str(subject)
    if len(subject_text) > 200:
        subject_text = subject_text[:199] + "…"
    message = OutboxMessage(
        recipient=recipient, subject=subject_text, text_body=text_body, kind=kind, headers=dict(headers) if headers else None
    )
    db.session.add(message)
    db.session.flush()
    enqueue(deliver_message, message.id)
    return message


def deliver_message(message_id: int) -> None:
    """Send one queued message by SMTP, or write it to the log when no mail server is configured."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status in {"sent", "logged"}:
        return  # already delivered: running a job twice must not mail twice
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        current_app.logger.info("Mail to %s: %s\n%s", message.recipient, message.subject, message.text_body)
        message.status = "logged"
        message.sent_at = utcnow()
        db.session.flush()
        return
    email = EmailMessage()
    email["From"] = config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    for name, value in (message.headers or {}).items():
        email[name] = value
    email.set_content(message.text_body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(email)
    except (OSError, smtplib.SMTPException) as exc:
        current_app.logger.warning("Mail to %s failed: %s", message.recipient, exc)
        message.status = "failed"
        message.error = str(exc)
    else:
        message.status = "sent"
        message.sent_at = utcnow()
    db.session.flush()
