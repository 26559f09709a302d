"""Official responses: staff move an idea along its lifecycle with a public explanation (optionally a
cost estimate and the responsible department), for one idea or many at once; and assignment of ideas
to a department or a colleague."""
from __future__ import annotations

from typing import Iterable

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select

from participation.accounts.models import User
from participation.city.models import Department
from participation.city.services import offered_departments
from participation.core.errors import DomainError, NotAllowed
from participation.core.money import AmountProblem, parse_euros
from participation.core.text import clean_plain
from participation.core.translated import Translations
from participation.extensions import db
from participation.ideas import states
from participation.ideas.labels import STATUS_LABELS
from participation.ideas.models import Idea, IdeaStatusChange
from participation.ideas.services import allowed_next_statuses, change_idea_status
from participation.processes.models import Process

EXPLANATION_MAX = 5_000
MAX_COST_CENTS = 10_000_000_000  # € 100 million: anything above is a typing error


class InvalidResponse(DomainError):
    pass


def _require_staff(user: User) -> None:
    if user is None or not user.has_role("staff"):
        raise NotAllowed(_l("Only city staff can answer ideas."))


def parse_cost_estimate(text: str | None) -> int | None:
    """'€ 12.500', '12500,50' -> cents; empty -> None; '0' is a valid estimate (no cost)."""
    if text is None or not str(text).strip():
        return None
    try:
        return parse_euros(str(text), minimum_cents=0, maximum_cents=MAX_COST_CENTS)
    except AmountProblem as problem:
        message = {
            "too_precise": _l("Give the cost in euros with at most two decimals, for example 12500 or 12.500,50."),
            "too_large": _l("This cost estimate is too large; check the number."),
            "not_positive": _l("A cost estimate cannot be negative."),
        }.get(problem.code, _l("Give the cost in euros, for example 12500 or 12.500,50."))
        raise InvalidResponse(message, field="cost_estimate") from problem


def _clean_explanation(explanation: str | None) -> str:
    text = clean_plain(explanation, multiline=True)
    if not text:
        raise InvalidResponse(
            _l("Write a public explanation: the author, the supporters and everyone who reads the idea see it."),
            field="explanation",
        )
    if len(text) > EXPLANATION_MAX:
        raise InvalidResponse(lazy_ngettext("The explanation can be at most %(num)s character long.", "The explanation can be at most %(num)s characters long.", EXPLANATION_MAX), field="explanation")
    return text


def _department(department_id: int | None) -> Department | None:
    if not department_id:
        return None
    department = db.session.get(Department, department_id)
    if department is None:
        raise InvalidResponse(_l("Choose a department from the list."), field="department_id")
    return department


def _merge_target(idea: Idea, merged_into_id: int | None) -> Idea:
    if not merged_into_id:
        raise InvalidResponse(_l("Give the number of the idea this one is merged with."), field="merged_into_id")
    target = db.session.get(Idea, merged_into_id)
    if target is None or target.status not in states.PUBLIC_STATUSES:
        raise InvalidResponse(_l("There is no public idea with number %(number)s.", number=merged_into_id), field="merged_into_id")
    if target.id == idea.id:
        raise InvalidResponse(_l("An idea cannot be merged with itself."), field="merged_into_id")
    if target.status == states.MERGED:
        raise InvalidResponse(_l("Idea %(number)s was itself merged; choose the idea it was merged with.", number=target.id),
                              field="merged_into_id")
    return target


def respond_to_idea(
    idea: Idea,
    staff: User,
    *,
    status: str,
    explanation: str,
    cost_estimate: str | None = None,
    department_id: int | None = None,
    merged_into_id: int | None = None,
    translations: Translations | None = None,
) -> IdeaStatusChange:
    """The city's official response: a new status with a public explanation, on the idea's timeline,
    told to its author, co-authors, supporters and followers."""
    _require_staff(staff)
    if status not in states.RESPONSE_STATUSES:
        raise InvalidResponse(_l("Choose the new status of the idea."), field="status")
    text = _clean_explanation(explanation)
    cost_cents = parse_cost_estimate(cost_estimate)
    department = _department(department_id)
    target = _merge_target(idea, merged_into_id) if status == states.MERGED else None
    row = change_idea_status(
        idea, status, staff, text, is_official_response=True, cost_estimate_cents=cost_cents,
        department_id=department.id if department else None, translations=translations,
    )
    if department is not None:
        idea.department_id = department.id
    idea.merged_into_id = target.id if target is not None else None
    db.session.flush()
    return row


def respond_to_ideas(
    process: Process,
    staff: User,
    idea_ids: Iterable[int],
    *,
    status: str,
    explanation: str,
    department_id: int | None = None,
    merged_into_id: int | None = None,
    translations: Translations | None = None,
) -> list[IdeaStatusChange]:
    """The same official response for many ideas of one process, all or nothing: when one idea cannot
    take the new status, nothing changes and the refusal names every idea that cannot."""
    _require_staff(staff)
    wanted = sorted({int(idea_id) for idea_id in idea_ids})
    if not wanted:
        raise InvalidResponse(_l("Select at least one idea."), field="idea_ids")
    if status not in states.RESPONSE_STATUSES:
        raise InvalidResponse(_l("Choose the new status of the ideas."), field="status")
    _clean_explanation(explanation)
    ideas = list(
        db.session.scalars(
            select(Idea).where(Idea.id.in_(wanted), Idea.process_id == process.id, Idea.status.in_(states.PUBLIC_STATUSES)).order_by(Idea.id)
        )
    )
    if len(ideas) != len(wanted):
        raise InvalidResponse(_l("Some selected ideas are not public ideas of this process. Nothing was changed."), field="idea_ids")
    refused = [idea for idea in ideas if not states.can_move(idea.status, status)]
    if refused:
        details = "; ".join(
            str(_l("“%(title)s” (%(current)s; possible: %(allowed)s)", title=idea.title, current=STATUS_LABELS[idea.status],
                   allowed=", ".join(str(STATUS_LABELS[s]) for s in allowed_next_statuses(idea, states.RESPONSE_STATUSES)) or "—"))
            for idea in refused
        )
        raise InvalidResponse(
            lazy_ngettext(
                "Nothing was changed. This idea cannot become “%(status)s”: %(ideas)s.",
                "Nothing was changed. These ideas cannot become “%(status)s”: %(ideas)s.",
                len(refused),
                status=STATUS_LABELS[status],
                ideas=details,
            ),
            field="status",
        )
    return [
        respond_to_idea(idea, staff, status=status, explanation=explanation, department_id=department_id,
                        merged_into_id=merged_into_id, translations=translations)
        for idea in ideas
    ]


def assign_idea(idea: Idea, staff: User, *, department_id: int | None, assignee_id: int | None) -> Idea:
    """Give an idea to a department and/or a colleague (a staff member); empty values clear them."""
    _require_staff(staff)
    department = _department(department_id)
    assignee = None
    if assignee_id:
        assignee = db.session.get(User, assignee_id)
        if assignee is None or not assignee.has_role("staff"):
            raise InvalidResponse(_l("Choose a colleague from the list."), field="assignee_id")
    idea.department_id = department.id if department else None
    idea.assignee_id = assignee.id if assignee else None
    db.session.flush()
    return idea


def staff_members() -> list[User]:
    """The colleagues ideas can be assigned to."""
    return list(db.session.scalars(select(User).where(User.role.in_(("staff", "admin"))).order_by(User.display_name)))


def departments(current_id: int | None = None) -> list[Department]:
    """The departments to choose from, in the admins' order: archived ones only when the idea has it."""
    return offered_departments(current_id)
