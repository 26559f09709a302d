"""An idea's own life: submitting (online or offline), editing with versions, co-authors. (Status: status.py.)"""
from __future__ import annotations

from datetime import date
from typing import IO, Iterable

from flask import url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.accounts.services import find_user_by_email, normalise_email
from participation.city.models import District, Theme
from participation.core.errors import DomainError, NotAllowed
from participation.core.i18n import written_in
from participation.core.images import ALT_WITHOUT_IMAGE, InvalidImage, store_image
from participation.core.models import utcnow
from participation.core.text import clean_plain, clean_rich, fitting, text_of_html, too_long
from participation.extensions import db
from participation.ideas import states
from participation.ideas.models import Idea, IdeaCoauthor, IdeaImage, IdeaVersion
from participation.ideas.search import normalise
from participation.ideas.services.engagement import follow_idea
from participation.ideas.services.rules import is_author, require_ideation  # noqa: F401  (is_author: re-exported)
from participation.ideas.services.status import change_idea_status, record_status
from participation.moderation.antiabuse import is_repeated_post, needs_premoderation
from participation.moderation.services import contribution_edited, track_contribution
from participation.processes.models import Process

TITLE_MAX = 120
ALT_MAX = 200
DESCRIPTION_MAX = 10_000
MAX_IMAGES = 3
MAX_COAUTHORS = 5


class InvalidIdea(DomainError):
    pass


class IdeaNotEditable(DomainError):
    pass


class InvalidInvitation(DomainError):
    field = "email"


def _newly_archived(row: Theme | District, current_id: int | None) -> bool:
    return row.is_archived and row.id != current_id


def _clean_fields(
    process: Process,
    *,
    title: str,
    description: str,
    theme_id: int | None,
    district_id: int | None,
    latitude: float | None,
    longitude: float | None,
    idea: Idea | None = None,
) -> dict:
    """The checked fields of a new idea, or of `idea` edited: an archived theme or district is refused
    unless the idea already has it."""
    title = clean_plain(title)
    if not title:
        raise InvalidIdea(_l("Give your idea a title."), field="title")
    if len(title) > TITLE_MAX:
        raise InvalidIdea(too_long(title, TITLE_MAX), field="title")
    description = (description or "").strip()
    if not text_of_html(description):
        raise InvalidIdea(_l("Describe your idea."), field="description")
    fitting(description, DESCRIPTION_MAX, error=InvalidIdea, field="description")
    if theme_id:
        allowed = {theme.id for theme in process.themes} or None
        theme = db.session.get(Theme, theme_id)
        if theme is None or (allowed is not None and theme_id not in allowed) or _newly_archived(theme, idea and idea.theme_id):
            raise InvalidIdea(_l("Choose a theme from the list."), field="theme_id")
    if district_id:
        allowed = {district.id for district in process.districts} or None
        district = db.session.get(District, district_id)
        if district is None or (allowed is not None and district_id not in allowed) or _newly_archived(district, idea and idea.district_id):
            raise InvalidIdea(_l("Choose a district from the list."), field="district_id")
    if (latitude is None) != (longitude is None):
        raise InvalidIdea(_l("A location needs both a latitude and a longitude."), field="latitude")
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InvalidIdea(_l("This location is not on the map."), field="latitude")
    description_html = clean_rich(description)
    return {
        "title": title,
        "description_source": description,
        "description_html": description_html,
        "search_text": normalise(f"{title} {text_of_html(description_html)}"),
        "theme_id": theme_id or None,
        "district_id": district_id or None,
        "latitude": latitude,
        "longitude": longitude,
    }


def _check_images(images: list[tuple[int, IO[bytes] | None, str]], already: int) -> None:
    """New images as (slot, stream, description); a slot with a description and no file has stream None."""
    for slot, stream, alt in images:
        if stream is None:
            raise InvalidIdea(ALT_WITHOUT_IMAGE, field=f"image_{slot}_alt")
    if already + len(images) > MAX_IMAGES:
        raise InvalidIdea(lazy_ngettext("An idea can have at most %(num)s image.", "An idea can have at most %(num)s images.", MAX_IMAGES), field="image_1")
    for slot, _stream, alt in images:
        if not clean_plain(alt):
            raise InvalidIdea(_l("Describe the image for people who cannot see it."), field=f"image_{slot}_alt")
        fitting(clean_plain(alt), ALT_MAX, error=InvalidIdea, field=f"image_{slot}_alt")


def _store_images(idea: Idea, images: list[tuple[int, IO[bytes], str]]) -> None:
    position = max((image.position for image in idea.images), default=0)
    for slot, stream, alt in images:
        try:
            filename = store_image(stream)
        except InvalidImage as error:
            raise InvalidIdea(error.message, field=f"image_{slot}") from error
        position += 1
        idea.images.append(IdeaImage(filename=filename, alt_text=clean_plain(alt), position=position))


# --- Submitting --------------------------------------------------------------------------------


def submit_idea(
    process: Process,
    author: User,
    *,
    title: str,
    description: str,
    theme_id: int | None = None,
    district_id: int | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    images: Iterable[tuple[int, IO[bytes], str]] = (),
    today: date | None = None,
    language: str | None = None,
) -> Idea:
    """A citizen posts an idea during the ideation phase. Pre-moderated processes hold it for a moderator."""
    require_ideation(process, today or date.today(), _l("Ideas can only be submitted during the ideation phase."))
    fields = _clean_fields(
        process, title=title, description=description, theme_id=theme_id, district_id=district_id,
        latitude=latitude, longitude=longitude,
    )
    images = list(images)
    _check_images(images, 0)
    text = _moderated_text(fields)
    if is_repeated_post(author, text):
        raise InvalidIdea(
            _l("You already posted this text a moment ago. Change it if you want to post something new."), field="description"
        )
    status = states.initial_status(process.moderation_mode)
    if needs_premoderation(author, text, process):
        status = states.AWAITING_MODERATION
    written = written_in(text, chosen=language, fallback=author.language)
    idea = Idea(process=process, author=author, status=status, channel="online", language=written, **fields)
    _create(idea, author, images)
    track_contribution("idea", idea, text=text)
    return idea


def _moderated_text(fields: dict) -> str:
    """What moderation reads of an idea: the title and the description, as plain text."""
    return f"{fields['title']}\n{text_of_html(fields['description_html'])}"


def enter_offline_idea(
    process: Process,
    staff: User,
    *,
    channel: str,
    author_name: str,
    contact: str = "",
    account_email: str = "",
    title: str,
    description: str,
    theme_id: int | None = None,
    district_id: int | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    images: Iterable[tuple[int, IO[bytes], str]] = (),
    today: date | None = None,
    language: str | None = None,
) -> Idea:
    """City staff enter an idea received on paper, by phone or at an info point, on behalf of a citizen."""
    require_ideation(process, today or date.today(), _l("Ideas can only be submitted during the ideation phase."))
    if channel not in states.OFFLINE_CHANNELS:
        raise InvalidIdea(_l("Choose how the idea came in."), field="channel")
    account = None
    if account_email and account_email.strip():
        account = find_user_by_email(account_email)
        if account is None:
            raise InvalidIdea(_l("No account uses this email address. Leave it empty for someone without an account."), field="account_email")
    name = fitting(clean_plain(author_name), 80, error=InvalidIdea, field="author_name")
    contact = fitting(clean_plain(contact), 254, error=InvalidIdea, field="contact")
    if account is None and not name:
        raise InvalidIdea(_l("Give the name of the person who sent in the idea."), field="author_name")
    fields = _clean_fields(
        process, title=title, description=description, theme_id=theme_id, district_id=district_id,
        latitude=latitude, longitude=longitude,
    )
    images = list(images)
    _check_images(images, 0)
    idea = Idea(
        process=process,
        author=account,
        offline_author_name=name or None,
        offline_contact=contact or None,
        entered_by=staff,
        channel=channel,
        status=states.initial_status(process.moderation_mode, entered_by_staff=True),
        language=written_in(_moderated_text(fields), chosen=language, fallback=account.language if account else None),
        **fields,
    )
    _create(idea, staff, images, follower=account)
    track_contribution("idea", idea, text=_moderated_text(fields), entered_by=staff)
    return idea


def _create(idea: Idea, by: User, images: list, follower: User | None = None) -> Idea:
    db.session.add(idea)
    if idea.status == states.PUBLISHED:
        idea.published_at = utcnow()
    record_status(idea, None, idea.status, by)
    db.session.flush()
    _store_images(idea, images)
    follower = follower if idea.entered_by_id else idea.author
    if follower is not None:
        follow_idea(idea, follower)
    db.session.flush()
    return idea


# --- Editing and versions ----------------------------------------------------------------------


def edit_idea(
    idea: Idea,
    editor: User,
    *,
    title: str,
    description: str,
    theme_id: int | None = None,
    district_id: int | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    new_images: Iterable[tuple[int, IO[bytes], str]] = (),
    remove_image_ids: Iterable[int] = (),
    language: str | None = None,
) -> Idea:
    """Authors and co-authors change their idea until it is under review (or when a moderator asked them
    to: the edit then resubmits it); the old text is kept as a version."""
    if idea.status not in states.EDITABLE_STATUSES:
        raise IdeaNotEditable(_l("The city is reviewing this idea, so it can no longer be changed."))
    fields = _clean_fields(
        idea.process, title=title, description=description, theme_id=theme_id, district_id=district_id,
        latitude=latitude, longitude=longitude, idea=idea,
    )
    remove = set(remove_image_ids)
    keep = [image for image in idea.images if image.id not in remove]
    new_images = list(new_images)
    _check_images(new_images, len(keep))
    last = db.session.scalar(select(func.max(IdeaVersion.number)).where(IdeaVersion.idea_id == idea.id)) or 0
    db.session.add(
        IdeaVersion(
            idea_id=idea.id, number=last + 1, title=idea.title, description_source=idea.description_source,
            description_html=idea.description_html, theme_id=idea.theme_id, district_id=idea.district_id,
            edited_by_id=editor.id,
        )
    )
    for key, value in fields.items():
        setattr(idea, key, value)
    idea.language = written_in(_moderated_text(fields), chosen=language, fallback=idea.language or editor.language)
    idea.images = keep
    db.session.flush()
    _store_images(idea, new_images)
    db.session.flush()
    if idea.status == states.CHANGES_REQUESTED:
        # A moderator asked for these changes: the edited idea goes back to the moderation queue.
        change_idea_status(idea, states.AWAITING_MODERATION, editor)
    contribution_edited("idea", idea, text=_moderated_text(fields))
    return idea


# --- Co-authors --------------------------------------------------------------------------------


def invite_coauthor(idea: Idea, inviter: User, email: str) -> IdeaCoauthor:
    from participation.notifications.mail import send_mail

    email = normalise_email(email or "")
    if "@" not in email:
        raise InvalidInvitation(_l("Enter an email address like name@example.be."))
    if idea.author is not None and idea.author.email == email:
        raise InvalidInvitation(_l("This person already wrote the idea."))
    if any(co.email == email for co in idea.coauthors):
        raise InvalidInvitation(_l("This person is already invited."))
    if len(idea.coauthors) >= MAX_COAUTHORS:
        raise InvalidInvitation(lazy_ngettext("An idea can have at most %(num)s co-author.", "An idea can have at most %(num)s co-authors.", MAX_COAUTHORS))
    invitation = IdeaCoauthor(email=email, invited_by_id=inviter.id)
    idea.coauthors.append(invitation)
    db.session.flush()
    invitee = find_user_by_email(email)
    send_mail(
        email,
        _l("Write an idea together on %(platform)s", platform="Stadslab"),
        "feature_message",
        kind="idea_coauthor_invitation",
        # Someone without an account has no saved language: the one the inviter is using is our best guess.
        locale=invitee.language if invitee else str(get_locale() or "nl"),
        greeting=_l("Hello,"),
        body=_l(
            "%(name)s invites you to write the idea “%(title)s” together. Log in with this email address and accept the invitation on the idea's page.",
            name=inviter.display_name,
            title=idea.title,
        ),
        link=url_for("ideas.detail", idea_id=idea.id, _external=True),
    )
    return invitation


def accept_coauthor_invitation(idea: Idea, user: User) -> IdeaCoauthor:
    invitation = next((co for co in idea.coauthors if co.email == user.email and not co.is_accepted), None)
    if invitation is None:
        raise NotAllowed(_l("There is no open invitation for your email address."))
    if not user.is_email_verified:
        raise NotAllowed(_l("Confirm your email address first, then accept the invitation."))
    invitation.user_id = user.id
    invitation.accepted_at = utcnow()
    db.session.flush()
    follow_idea(idea, user)
    return invitation
