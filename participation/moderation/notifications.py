"""What moderation tells people: decisions and appeal answers to authors, by mail (in their language,
always: the reason and the way to appeal must reach them) and under the bell (an in-app kind, so the
mail is not sent twice); digests to moderators."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from participation.moderation import states
from participation.moderation.labels import OUTCOME_LABELS
from participation.moderation.registry import get_kind
from participation.notifications.mail import send_mail
from participation.notifications.service import notify


def _external_url(endpoint: str, **values) -> str:
    try:
        return url_for(endpoint, _external=True, **values)
    except RuntimeError:  # no request and no SERVER_NAME (a CLI run without it): leave the link out
        return ""


def _describe(item) -> tuple[object, str, str]:
    kind = get_kind(item.kind)
    obj = kind.load(item.object_id) if kind else None
    label = kind.label if kind else item.kind
    excerpt = kind.excerpt_of(obj) if (kind and obj is not None) else ""
    link = (kind.url_of(obj) if (kind and obj is not None) else None) or ""
    return label, excerpt[:300], link


def _path(endpoint: str, **values) -> str:
    try:
        return url_for(endpoint, **values)
    except RuntimeError:  # no request and no SERVER_NAME
        return ""


def notify_decision(decision) -> None:
    item = decision.item
    author = item.author
    if author is None:
        return
    label, excerpt, link = _describe(item)
    appeal_link = ""
    if decision.action in states.APPEALABLE_ACTIONS:
        appeal_link = _external_url("moderation.appeal", decision_id=decision.id)
    # Under the bell: it leads to the contribution, where its author sees the reason and the appeal link
    # (templates/moderation/_notice.html); a profile has no such page, so it leads to the appeal.
    appeal_path = _path("moderation.appeal", decision_id=decision.id) if appeal_link else ""
    is_profile = item.kind == "profile"
    notify(
        event_key=f"moderation:decision:{decision.id}",
        recipients=[author],
        kind="moderation",
        subject=(_l("Moderation decision about your profile: %(outcome)s") if is_profile
                 else _l("Moderation decision about your contribution (%(what)s): %(outcome)s")),
        url=((appeal_path or link) if is_profile else (link or appeal_path)) or "/",
        outcome=OUTCOME_LABELS[decision.action],
        what=label,
    )
    send_mail(
        author.email,
        _l("A moderation decision about your contribution"),
        "moderation_decision",
        kind="moderation_decision",
        locale=author.language,
        name=author.display_name,
        kind_label=label,
        excerpt=excerpt,
        outcome=OUTCOME_LABELS[decision.action],
        reason=decision.reason_in(author.language),
        link=link,
        appeal_link=appeal_link,
        changes_requested=decision.action == states.REQUEST_CHANGES,
        is_profile=item.kind == "profile",
    )


def notify_appeal_decided(appeal) -> None:
    author = appeal.author
    if author is None:
        return
    label, excerpt, link = _describe(appeal.decision.item)
    notify(
        event_key=f"moderation:appeal:{appeal.id}",
        recipients=[author],
        kind="moderation",
        subject=(_l("Your appeal was granted (%(what)s)") if appeal.state == "granted"
                 else _l("Your appeal was refused (%(what)s)")),
        url=link or "/",
        what=label,
    )
    send_mail(
        author.email,
        _l("Your appeal has been decided"),
        "moderation_appeal",
        kind="moderation_appeal",
        locale=author.language,
        name=author.display_name,
        kind_label=label,
        excerpt=excerpt,
        granted=appeal.state == "granted",
        answer=appeal.answer,
        link=link,
    )


def send_digest(moderator, counts: dict) -> None:
    send_mail(
        moderator.email,
        _l("Moderation: what is waiting today"),
        "moderation_digest",
        kind="moderation_digest",
        locale=moderator.language,
        name=moderator.display_name,
        counts=counts,
        link=_external_url("moderation.queue"),
    )
