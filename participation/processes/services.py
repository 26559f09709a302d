"""Rules for participation processes and their phases."""
from __future__ import annotations

import re
from datetime import date
from typing import IO, Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.accounts.models import User
from participation.city.models import District, Theme
from participation.core.errors import DomainError
from participation.core.images import ALT_WITHOUT_IMAGE, store_image
from participation.core.text import clean_plain, clean_rich, fitting, slugify
from participation.core.translated import Translations
from participation.extensions import db
from participation.processes.models import MODERATION_MODES, PHASE_KINDS, Phase, Process


class InvalidPhase(DomainError):
    pass


class InvalidProcess(DomainError):
    pass


class InvalidTransition(DomainError):
    pass


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Which status a process may move to from which: archived processes can be reopened as drafts.
STATUS_TRANSITIONS = {
    "draft": {"published", "archived"},
    "published": {"draft", "archived"},
    "archived": {"draft"},
}


def get_process_by_slug(slug: str) -> Process | None:
    return db.session.scalar(
        select(Process)
        .where(Process.slug == slug)
        .options(selectinload(Process.phases), selectinload(Process.themes), selectinload(Process.districts))
    )


def _unique_slug(wanted: str, process: Process | None) -> str:
    if not SLUG_PATTERN.match(wanted):
        raise InvalidProcess(_l("The web address may only contain lowercase letters, digits and hyphens."), field="slug")
    clash = db.session.scalar(select(Process.id).where(Process.slug == wanted))
    if clash is not None and (process is None or clash != process.id):
        raise InvalidProcess(_l("Another process already uses this web address."), field="slug")
    return wanted


def save_process(
    process: Process | None,
    *,
    author: User,
    title: str,
    slug: str | None,
    policy_goal: str,
    description: str,
    moderation_mode: str,
    theme_ids: Iterable[int],
    district_ids: Iterable[int],
    previous_edition_id: int | None,
    image: IO[bytes] | None = None,
    image_alt: str | None = None,
    remove_image: bool = False,
    translations: Translations | None = None,
) -> Process:
    """Create (process=None) or update a process. New processes start as drafts."""
    title = clean_plain(title)
    policy_goal = clean_plain(policy_goal, multiline=True)
    if not title:
        raise InvalidProcess(_l("Give the process a title."), field="title")
    fitting(title, 160, error=InvalidProcess, field="title")
    if not policy_goal:
        raise InvalidProcess(
            _l("Say what the city will do with the input: participants have a right to know."), field="policy_goal"
        )
    if moderation_mode not in MODERATION_MODES:
        raise InvalidProcess(_l("Choose pre- or post-moderation."), field="moderation_mode")
    wanted_slug = _unique_slug(slug.strip().lower() if slug else slugify(title), process)
    if previous_edition_id and process is not None and process.id == previous_edition_id:
        raise InvalidProcess(_l("A process cannot be its own previous edition."), field="previous_edition_id")
    alt = fitting(clean_plain(image_alt), 200, error=InvalidProcess, field="image_alt")
    if image is None and alt and not (process is not None and process.image_filename):
        raise InvalidProcess(ALT_WITHOUT_IMAGE, field="image_alt")
    # Archived themes and districts only stay where they already were (unknown ids are ignored).
    had = set(process.themes) | set(process.districts) if process is not None else set()
    chosen_themes = [t for t in db.session.scalars(select(Theme).where(Theme.id.in_(list(theme_ids)))) if not t.is_archived or t in had]
    chosen_districts = [
        d for d in db.session.scalars(select(District).where(District.id.in_(list(district_ids)))) if not d.is_archived or d in had
    ]
    if process is None:
        process = Process(created_by=author, status="draft")
        db.session.add(process)
    process.slug = wanted_slug
    process.title = title
    process.policy_goal = policy_goal
    process.description_source = description or ""
    process.description_html = clean_rich(description)
    process.moderation_mode = moderation_mode
    process.themes = chosen_themes
    process.districts = chosen_districts
    process.previous_edition_id = previous_edition_id or None
    if translations is not None:
        translations.apply(process)
    if remove_image:
        process.image_filename = None
        process.image_alt = None
    if image is not None:
        if not alt:
            raise InvalidProcess(_l("Describe the image for people who cannot see it."), field="image_alt")
        process.image_filename = store_image(image)
        process.image_alt = alt
    elif process.image_filename and alt:
        process.image_alt = alt  # a new description of the current image
    db.session.flush()
    return process


def _check_phase(process: Process, kind: str, starts_on: date, ends_on: date, phase: Phase | None) -> None:
    if kind not in PHASE_KINDS:
        raise InvalidPhase(_l("Choose a kind of phase from the list."), field="kind")
    if ends_on < starts_on:
        raise InvalidPhase(_l("A phase cannot end before it starts."), field="ends_on")
    for other in process.phases:
        if other is phase:
            continue
        if starts_on <= other.ends_on and other.starts_on <= ends_on:
            raise InvalidPhase(
                _l(
                    "These dates overlap with the phase “%(kind)s” (%(start)s – %(end)s). Phases follow each other.",
                    kind=phase_label(other.kind),
                    start=other.starts_on.isoformat(),
                    end=other.ends_on.isoformat(),
                ),
                field="starts_on",
            )


def add_phase(
    process: Process, *, kind: str, starts_on: date, ends_on: date, description: str = "",
    translations: Translations | None = None,
) -> Phase:
    _check_phase(process, kind, starts_on, ends_on, None)
    phase = Phase(kind=kind, starts_on=starts_on, ends_on=ends_on, description=clean_plain(description, multiline=True))
    if translations is not None:
        translations.apply(phase)
    process.phases.append(phase)
    db.session.flush()
    process.phases.sort(key=lambda p: p.starts_on)
    return phase


def update_phase(
    phase: Phase, *, kind: str, starts_on: date, ends_on: date, description: str = "",
    translations: Translations | None = None,
) -> Phase:
    _check_phase(phase.process, kind, starts_on, ends_on, phase)
    phase.kind, phase.starts_on, phase.ends_on = kind, starts_on, ends_on
    phase.description = clean_plain(description, multiline=True)
    if translations is not None:
        translations.apply(phase)
    db.session.flush()
    return phase


def remove_phase(phase: Phase) -> None:
    process = phase.process
    process.phases.remove(phase)
    db.session.flush()


def change_status(process: Process, new_status: str) -> None:
    if new_status not in STATUS_TRANSITIONS.get(process.status, set()):
        raise InvalidTransition(_l("This process cannot move to that status."))
    if new_status == "published" and not process.phases:
        raise InvalidTransition(_l("Add at least one phase before publishing, so people know when they can take part."))
    process.status = new_status
    db.session.flush()


def published_processes() -> list[Process]:
    return list(
        db.session.scalars(
            select(Process)
            .where(Process.status == "published")
            .options(selectinload(Process.phases), selectinload(Process.themes), selectinload(Process.districts))
            .order_by(Process.title)
        )
    )


def processes_by_timing(today: date) -> dict[str, list[Process]]:
    """Published processes grouped as running, upcoming and finished; the soonest first."""
    groups: dict[str, list[Process]] = {"running": [], "upcoming": [], "finished": []}
    for process in published_processes():
        groups[process.timing_on(today)].append(process)
    groups["running"].sort(key=lambda p: p.ends_on)
    groups["upcoming"].sort(key=lambda p: p.starts_on or date.max)
    groups["finished"].sort(key=lambda p: p.ends_on, reverse=True)
    return groups


def all_processes_for_staff() -> list[Process]:
    return list(
        db.session.scalars(select(Process).options(selectinload(Process.phases)).order_by(Process.updated_at.desc()))
    )


def phase_label(kind: str) -> str:
    from participation.processes.labels import PHASE_LABELS

    return str(PHASE_LABELS.get(kind, kind))
