"""Language choice: the visitor's explicit choice on this visit, then the user's saved language, then
Accept-Language, then Dutch.

The explicit choice (the language switcher, kept in the session) comes first so that someone who picked
English and then signs in to an account saved as Dutch keeps reading English on this visit; they are
offered to save it (accounts.language), never switched without asking."""
from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user

from participation.core.language_detection import detect_language

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and jobs render in the language they are told (force_locale)
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = explicit_language()
    if chosen is not None:
        return chosen
    if may_be_signed_in() and current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    return visitor_language()


def select_timezone() -> str:
    """The municipality's time zone (its profile, else BABEL_DEFAULT_TIMEZONE), read per request."""
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def explicit_language() -> str | None:
    """The language the visitor picked with the switcher on this visit (or saved on their profile), if any."""
    chosen = session.get("language")
    return chosen if chosen in current_app.config["LANGUAGES"] else None


def visitor_language() -> str:
    """The language of someone we know nothing about but their browser: Accept-Language, else the default."""
    languages = current_app.config["LANGUAGES"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def may_be_signed_in() -> bool:
    """False when the request carries neither a login in its session nor a remember-me cookie: then the
    visitor is anonymous for sure and the user loader need not run (it is the costly part of a cached page)."""
    return "_user_id" in session or current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


def written_in(text: str, *, chosen: str | None = None, fallback: str | None = None) -> str:
    """The language a resident wrote `text` in: theirs to say (`chosen`), else recognised, else `fallback`
    (the author's own language), else the platform's default."""
    languages = current_app.config["LANGUAGES"]
    if chosen in languages:
        return chosen
    recognised = detect_language(text, languages)
    if recognised is not None:
        return recognised
    return fallback if fallback in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def localized(obj: object, attribute: str, locale: str) -> str:
    """Pick `attribute_<locale>` from a model with per-language columns, falling back to Dutch."""
    value = getattr(obj, f"{attribute}_{locale}", None)
    return value or getattr(obj, f"{attribute}_nl")
