"""Implementation tracking of ideas the city carries out: progress percentage, dated milestones and
update posts (text and an optional photo). Each is a row on the idea's public timeline and is told to
the idea's audience (kind "idea_progress")."""
from __future__ import annotations

from datetime import date
from typing import IO

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from participation.accounts.models import User
from participation.core.errors import DomainError, NotAllowed
from participation.core.images import ALT_WITHOUT_IMAGE, InvalidImage, store_image
from participation.core.text import clean_plain, clean_rich, fitting, text_of_html
from participation.core.translated import Translations
from participation.extensions import db
from participation.ideas.services import announce
from participation.ideas import states
from participation.ideas.models import Idea, IdeaStatusChange

UPDATE_MAX = 5_000
MILESTONE_TITLE_MAX = 160
ALT_MAX = 200


class InvalidProgress(DomainError):
    pass


def _require_tracking(idea: Idea, staff: User) -> None:
    if staff is None or not staff.has_role("staff"):
        raise NotAllowed(_l("Only city staff can report on the implementation of ideas."))
    if idea.status not in states.TRACKED_STATUSES:
        raise NotAllowed(_l("Progress can only be reported for ideas the city accepted or is carrying out."))


def check_percent(percent: int | None) -> int | None:
    if percent is None:
        return None
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise InvalidProgress(_l("The progress is a whole number from 0 to 100."), field="progress_percent")
    return percent


def post_update(
    idea: Idea,
    staff: User,
    *,
    body: str = "",
    progress_percent: int | None = None,
    image: tuple[IO[bytes], str] | None = None,
) -> IdeaStatusChange:
    """An update post: text (limited Markdown, sanitised), a new progress percentage, a photo with alt text;
    at least the text or a changed percentage."""
    _require_tracking(idea, staff)
    percent = check_percent(progress_percent)
    source = (body or "").strip()
    fitting(source, UPDATE_MAX, error=InvalidProgress, field="body")
    body_html = clean_rich(source) if text_of_html(source) else ""
    changes_percent = percent is not None and percent != idea.progress_percent
    if not body_html and not changes_percent:
        raise InvalidProgress(_l("Write an update or change the progress percentage."), field="body")
    filename = alt = None
    if image is not None:
        stream, alt_text = image
        alt = fitting(clean_plain(alt_text), ALT_MAX, error=InvalidProgress, field="image_alt")
        if stream is None:
            raise InvalidProgress(ALT_WITHOUT_IMAGE, field="image_alt")
        if not alt:
            raise InvalidProgress(_l("Describe the photo for people who cannot see it."), field="image_alt")
        try:
            filename = store_image(stream)
        except InvalidImage as error:
            raise InvalidProgress(error.message, field="image") from error
    row = IdeaStatusChange(
        kind="update", changed_by_id=staff.id, body_html=body_html or None, image_filename=filename, image_alt=alt,
        progress_percent=percent if changes_percent else None,
    )
    idea.status_changes.append(row)
    if changes_percent:
        idea.progress_percent = percent
    db.session.flush()
    announce.progress_posted(idea, row, staff)
    return row


def add_milestone(idea: Idea, staff: User, *, title: str, planned_on: date | None, is_done: bool = False,
                  today: date | None = None, translations: Translations | None = None) -> IdeaStatusChange:
    """A dated step of the implementation ("works start", "trees planted"), planned or already reached."""
    _require_tracking(idea, staff)
    text = clean_plain(title)
    if not text:
        raise InvalidProgress(_l("Give the milestone a title."), field="title")
    if len(text) > MILESTONE_TITLE_MAX:
        raise InvalidProgress(lazy_ngettext("A milestone title can be at most %(num)s character long.", "A milestone title can be at most %(num)s characters long.", MILESTONE_TITLE_MAX), field="title")
    if planned_on is None:
        raise InvalidProgress(_l("Give the date the milestone is planned for."), field="planned_on")
    row = IdeaStatusChange(
        kind="milestone", changed_by_id=staff.id, title=text, planned_on=planned_on, is_done=is_done,
        done_on=(today or date.today()) if is_done else None,
    )
    if translations is not None:
        translations.apply(row)
    idea.status_changes.append(row)
    db.session.flush()
    announce.progress_posted(idea, row, staff)
    return row


def set_milestone_done(idea: Idea, milestone: IdeaStatusChange, staff: User, *, done: bool,
                       today: date | None = None) -> IdeaStatusChange:
    """Mark a milestone as reached (told to the audience once) or as not reached after all."""
    _require_tracking(idea, staff)
    if milestone.idea_id != idea.id or milestone.kind != "milestone":
        raise NotAllowed(_l("This milestone belongs to another idea."))
    milestone.is_done = done
    milestone.done_on = (today or date.today()) if done else None
    db.session.flush()
    if done:
        announce.progress_posted(idea, milestone, staff, event="milestone-done")
    return milestone
