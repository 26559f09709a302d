"""The current municipality's profile as every page reads it: one read per process, kept until a change.

Values not set yet fall back to the configuration (CITY_NAME, PLATFORM_NAME, LANGUAGES,
BABEL_DEFAULT_LOCALE, BABEL_DEFAULT_TIMEZONE, PUBLIC_BASE_URL), so an installation without a profile
behaves as before. The snapshot is cached per process and stamped with the page cache's version of the
MUNICIPALITY scope (core.pagecache), per municipality when several share the installation: saving the profile bumps that scope and GLOBAL after the commit,
so every process reloads it and every cached page is rebuilt with the new name. Without the page cache
it is read once per request.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g, has_app_context, has_request_context
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from participation.core import municipalities, pagecache
from participation.extensions import db
from participation.municipality.models import Municipality

MUNICIPALITY = "municipality"  # the page-cache scope of the profile
_CACHE = "municipality_profile"


@dataclass(frozen=True)
class Profile:
    official_names: dict[str, str]
    short_name: str
    platform_name: str
    logo_filename: str | None
    logo_alt: str
    primary_colour: str | None
    secondary_colour: str | None
    contact_email: str
    contact_phone: str
    contact_address: str
    dpo_contact: str
    languages: tuple[str, ...]
    default_language: str
    timezone: str
    public_url: str
    is_stored: bool

    def official_name(self, locale: str) -> str:
        return self.official_names.get(locale) or self.official_names.get(self.default_language) or self.short_name


def build(row: Municipality | None, config) -> Profile:
    city = config["CITY_NAME"]
    languages = tuple(code for code in (row.languages.split(",") if row and row.languages else ()) if code) or tuple(config["LANGUAGES"])
    names = {code: getattr(row, f"official_name_{code}", "") if row else "" for code in ("nl", "fr", "en")}
    return Profile(
        official_names={code: name for code, name in names.items() if name},
        short_name=(row.short_name if row else "") or city,
        platform_name=(row.platform_name if row else "") or config["PLATFORM_NAME"],
        logo_filename=row.logo_filename if row else None,
        logo_alt=row.logo_alt if row else "",
        primary_colour=row.primary_colour if row else None,
        secondary_colour=row.secondary_colour if row else None,
        contact_email=row.contact_email if row else "",
        contact_phone=row.contact_phone if row else "",
        contact_address=row.contact_address if row else "",
        dpo_contact=row.dpo_contact if row else "",
        languages=languages,
        default_language=(row.default_language if row else "") or config["BABEL_DEFAULT_LOCALE"],
        timezone=(row.timezone if row else "") or config["BABEL_DEFAULT_TIMEZONE"],
        public_url=(row.public_url if row else "") or config["PUBLIC_BASE_URL"],
        is_stored=row is not None,
    )


def stored_row() -> Municipality | None:
    return db.session.scalar(select(Municipality).where(Municipality.id == 1))


def _load() -> Profile | None:
    """The stored profile, or None when it cannot be read (a database not migrated yet): then the
    configuration's values serve, so even an error page renders."""
    try:
        return build(stored_row(), current_app.config.configured())
    except SQLAlchemyError:
        db.session.rollback()  # PostgreSQL refuses every later statement of a failed transaction
        return None


def current_profile() -> Profile:
    """The profile: from this request if read already, else this process's copy if still current."""
    if has_request_context() and "municipality_profile" in g:
        return g.municipality_profile
    cache = pagecache.get_cache()
    if cache is None:
        profile = _load() or build(None, current_app.config.configured())
    else:
        stamp = cache.stamp([MUNICIPALITY])
        kept = current_app.extensions.get(municipalities.key(_CACHE))
        if stamp is not None and kept is not None and kept[0] == stamp:
            profile = kept[1]
        else:
            profile = _load()
            if profile is None:
                profile = build(None, current_app.config.configured())
            elif stamp is not None:
                current_app.extensions[municipalities.key(_CACHE)] = (stamp, profile)
    if has_request_context():
        g.municipality_profile = profile
    return profile


def forget() -> None:
    """Drop this process's copy (tests roll back what they saved)."""
    if has_app_context():
        current_app.extensions.pop(municipalities.key(_CACHE), None)
        g.pop("municipality_profile", None)


def city_name() -> str:
    """The municipality's short name, for messages that say where people live ("%(city)s")."""
    return current_profile().short_name


def stored_setting(name: str):
    """The profile's value for a configuration setting (core.municipalities.MunicipalConfig.OVERLAID), or
    None while no profile is stored or none was read yet in this request or process (never a query:
    the configuration is read everywhere, also while a flush or a migration runs)."""
    if not has_app_context():
        return None
    profile = g.get("municipality_profile")
    if profile is None:
        kept = current_app.extensions.get(municipalities.key(_CACHE))
        profile = kept[1] if kept is not None else None
    if profile is None or not profile.is_stored:
        return None
    if name == "LANGUAGES":
        return profile.languages
    if name == "BABEL_DEFAULT_LOCALE":
        return profile.default_language
    if name == "BABEL_DEFAULT_TIMEZONE":
        return profile.timezone
    if name == "PUBLIC_BASE_URL":
        return profile.public_url
    return None


def _touched(session, objects) -> set:
    return {MUNICIPALITY, pagecache.GLOBAL} if any(isinstance(obj, Municipality) for obj in objects) else set()


def init_app(app: Flask) -> None:
    pagecache.watch_changes(objects=_touched)
    # The stored languages, default language, time zone and public address replace the configuration's.
    app.config.overlay = stored_setting
    if current_profile not in municipalities.on_enter:
        municipalities.on_enter.append(current_profile)

    @app.before_request
    def read_profile_once() -> None:
        # Before the language is chosen: the first request of a process (per municipality) reads it; later
        # ones find this process's copy (current_profile checks it is still current when a page renders).
        if municipalities.key(_CACHE) not in current_app.extensions and "municipality_profile" not in g:
            current_profile()

    @app.context_processor
    def inject_municipality() -> dict:
        profile = current_profile()
        return {"municipality": profile, "city_name": profile.short_name, "platform_name": profile.platform_name}
