"""Answer templates: reusable explanations staff pick when answering ideas, in Dutch, French and English."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.core.errors import DomainError, NotAllowed
from participation.core.text import clean_plain
from participation.extensions import db
from participation.feedback.models import AnswerTemplate

NAME_MAX = 120
BODY_MAX = 5_000


class InvalidAnswerTemplate(DomainError):
    pass


def _require_staff(user: User) -> None:
    if user is None or not user.has_role("staff"):
        raise NotAllowed(_l("Only city staff can manage answer templates."))


def _clean_body(text: str | None, field: str, required: bool) -> str:
    # Plain text with its paragraphs kept: it becomes the public explanation (which is plain text).
    body = clean_plain(text, multiline=True)
    if required and not body:
        raise InvalidAnswerTemplate(_l("Write the text in Dutch at least."), field=field)
    if len(body) > BODY_MAX:
        raise InvalidAnswerTemplate(lazy_ngettext("A text can be at most %(num)s character long.", "A text can be at most %(num)s characters long.", BODY_MAX), field=field)
    return body


def save_answer_template(
    template: AnswerTemplate | None, staff: User, *, name: str, body_nl: str, body_fr: str = "", body_en: str = ""
) -> AnswerTemplate:
    """Create (template=None) or change an answer template. Names are unique, whatever their case."""
    _require_staff(staff)
    clean_name = clean_plain(name)
    if not clean_name:
        raise InvalidAnswerTemplate(_l("Give the template a name."), field="name")
    if len(clean_name) > NAME_MAX:
        raise InvalidAnswerTemplate(lazy_ngettext("A name can be at most %(num)s character long.", "A name can be at most %(num)s characters long.", NAME_MAX), field="name")
    same_name = select(AnswerTemplate.id).where(func.lower(AnswerTemplate.name) == clean_name.lower())
    if template is not None:
        same_name = same_name.where(AnswerTemplate.id != template.id)
    if db.session.scalar(same_name) is not None:
        raise InvalidAnswerTemplate(_l("Another template already has this name."), field="name")
    values = dict(
        name=clean_name,
        body_nl=_clean_body(body_nl, "body_nl", required=True),
        body_fr=_clean_body(body_fr, "body_fr", required=False),
        body_en=_clean_body(body_en, "body_en", required=False),
    )
    if template is None:
        template = AnswerTemplate(created_by_id=staff.id, **values)
        db.session.add(template)
    else:
        for key, value in values.items():
            setattr(template, key, value)
    db.session.flush()
    return template


def delete_answer_template(template: AnswerTemplate, staff: User) -> None:
    _require_staff(staff)
    db.session.delete(template)
    db.session.flush()


def answer_templates() -> list[AnswerTemplate]:
    return list(db.session.scalars(select(AnswerTemplate).order_by(AnswerTemplate.name)))
