"""Saving the municipality's profile, and setting up an installation (`flask setup`). Flush, never commit."""
from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask_babel import lazy_gettext as _l

from participation.core.errors import DomainError
from participation.extensions import db
from participation.municipality.colours import AA_NORMAL_TEXT, WHITE, contrast_ratio, is_hex_colour
from participation.municipality.models import Municipality
from participation.municipality.profile import stored_row

OFFERED_LANGUAGES = ("nl", "fr", "en")
PAGE_BACKGROUND = WHITE  # static/css/site.css: the page is white, brand colours carry white text


class ProfileProblem(DomainError):
    """A value of the profile was refused; `field` names the form field."""


class AdminExists(DomainError):
    pass


@dataclass
class ProfileValues:
    official_name_nl: str = ""
    official_name_fr: str = ""
    official_name_en: str = ""
    short_name: str = ""
    platform_name: str = ""
    primary_colour: str = ""
    secondary_colour: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_address: str = ""
    dpo_contact: str = ""
    languages: list[str] = field(default_factory=lambda: list(OFFERED_LANGUAGES))
    default_language: str = "nl"
    timezone: str = "Europe/Brussels"
    public_url: str = ""
    logo_alt: str = ""


def check_colour(value: str, field_name: str) -> str | None:
    """The colour in lower case, or None when empty; refused without enough contrast with white."""
    value = (value or "").strip().lower()
    if not value:
        return None
    if not is_hex_colour(value):
        raise ProfileProblem(_l("Enter a colour as # and six hexadecimal digits, for example #1a5c9e."), field=field_name)
    ratio = contrast_ratio(value, WHITE)
    if ratio < AA_NORMAL_TEXT:
        raise ProfileProblem(
            _l("White text on %(colour)s has a contrast of %(ratio)s:1, and at least 4.5:1 is needed to be readable. Choose a darker colour.",
               colour=value, ratio=f"{int(ratio * 100) / 100:.2f}"),
            field=field_name,
        )
    return value


def check_timezone(value: str) -> str:
    value = (value or "").strip()
    try:
        if value not in available_timezones():
            raise ZoneInfoNotFoundError(value)
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ProfileProblem(_l("%(zone)s is not a known time zone. Use a name such as Europe/Brussels.", zone=value), field="timezone") from None
    return value


def check_languages(languages: list[str], default: str) -> tuple[list[str], str]:
    chosen = [code for code in OFFERED_LANGUAGES if code in languages]
    if not chosen:
        raise ProfileProblem(_l("Choose at least one language."), field="languages")
    if default not in chosen:
        raise ProfileProblem(_l("The default language must be one of the languages offered."), field="default_language")
    return chosen, default


def save_profile(values: ProfileValues, *, logo_filename: str | None = None, remove_logo: bool = False) -> Municipality:
    """Store the profile (creating the one row if needed). Every value is checked before anything changes."""
    primary = check_colour(values.primary_colour, "primary_colour")
    secondary = check_colour(values.secondary_colour, "secondary_colour")
    timezone = check_timezone(values.timezone)
    languages, default = check_languages(values.languages, values.default_language)
    if not values.short_name.strip():
        raise ProfileProblem(_l("Enter the municipality's short name."), field="short_name")
    row = stored_row()
    if row is None:
        row = Municipality(id=1)
        db.session.add(row)
    if logo_filename is not None and not values.logo_alt.strip():
        raise ProfileProblem(_l("Describe the logo for people who cannot see it."), field="logo_alt")
    for name in ("official_name_nl", "official_name_fr", "official_name_en", "short_name", "platform_name",
                 "contact_email", "contact_phone", "contact_address", "dpo_contact", "public_url", "logo_alt"):
        setattr(row, name, getattr(values, name).strip())
    row.primary_colour, row.secondary_colour = primary, secondary
    row.timezone = timezone
    row.languages, row.default_language = ",".join(languages), default
    if remove_logo:
        row.logo_filename = None
    if logo_filename is not None:
        row.logo_filename = logo_filename
    db.session.flush()
    return row


def set_up(values: ProfileValues, *, admin_email: str, admin_name: str, admin_password: str, allow_existing_admin: bool = False):
    """The first administrator and the profile. Refused when an admin exists, unless allowed; running it
    again with the same values changes nothing."""
    from sqlalchemy import select

    from participation.accounts.models import User
    from participation.accounts.passwords import password_problem
    from participation.accounts.services import create_user, find_user_by_email

    existing = find_user_by_email(admin_email)
    other_admin = db.session.scalar(select(User).where(User.role == "admin", User.email != admin_email.strip().lower()).limit(1))
    if other_admin is not None and not allow_existing_admin:
        raise AdminExists(_l("An administrator already exists. Use --allow-existing-admin to set up anyway."))
    profile = save_profile(values)
    if existing is not None:
        existing.role = "admin"
        db.session.flush()
        return existing, profile
    problem = password_problem(admin_password, email=admin_email, display_name=admin_name)
    if problem:
        raise ProfileProblem(problem, field="admin_password")
    return create_user(admin_email, admin_name, admin_password, role="admin"), profile
