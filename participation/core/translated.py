"""What the city writes, in every language the platform offers.

Staff-written content (process titles and goals, phase texts, budget rounds and projects, official
responses, closing reports) is written in one language, its original, and may be translated into the
others. The original stays in the model's own columns, so everything that reads them (search, exports,
mails to staff) keeps working; the translations sit next to it in one JSON column,
{"fr": {"title": "...", "description_source": "...", "description_html": "..."}, "en": {...}}, which a
page reads with the row itself (no query per field or per language).

A page shows the reader's language and falls back to the original, and says so: the fallback carries
its `lang` (screen readers switch voice) and a visible "Available in Dutch only" (templates/_macros/
translated.html). Citizen content is not translated: it is shown in the language it was written in.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from flask_babel import get_locale, lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import JSON, String, text
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.text import clean_plain, clean_rich

SUPPORTED_LANGUAGES = ("nl", "fr", "en")
# Kinds of translated field: one line of plain text, several lines of plain text, or Markdown (stored as
# `<name>_source` as typed and `<name>_html` rendered, like the original columns).
PLAIN, MULTILINE, RICH = "plain", "multiline", "rich"

ONLY_IN = {
    "nl": _l("Available in Dutch only"),
    "fr": _l("Available in French only"),
    "en": _l("Available in English only"),
}


class TranslatedMixin:
    """Columns for a model whose texts staff translate. TRANSLATED maps each form field name to its kind."""

    TRANSLATED: ClassVar[dict[str, str]] = {}

    original_language: Mapped[str] = mapped_column(String(5), default="nl", server_default="nl", nullable=False)
    translations: Mapped[dict] = mapped_column(JSON, default=dict, server_default=text("'{}'"), nullable=False)


@dataclass(frozen=True)
class InLanguage:
    """One text as a reader gets it: in `language`, which is not the reader's when `is_fallback`."""

    text: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def only_in(self) -> str:
        return str(ONLY_IN.get(self.language, ""))


def reader_language() -> str:
    return str(get_locale() or "nl")


def in_language(obj: TranslatedMixin, column: str, language: str | None = None) -> InLanguage:
    """`obj.<column>` in `language` (the reader's by default), else the original, marked as a fallback."""
    language = language or reader_language()
    original = getattr(obj, column) or ""
    source_language = obj.original_language or "nl"
    if language == source_language:
        return InLanguage(original, language, False)
    translated = ((obj.translations or {}).get(language) or {}).get(column)
    if translated:
        return InLanguage(translated, language, False)
    return InLanguage(original, source_language, bool(original))


def lang_attribute(value: InLanguage) -> Markup:
    """` lang="nl"` on the element that shows a fallback, nothing when the text is in the reader's language."""
    return Markup(' lang="%s"') % value.language if value.is_fallback else Markup("")


def lang_text(obj: TranslatedMixin, column: str) -> Markup:
    """The text for inline use (breadcrumbs, links): a fallback is wrapped in a span with its lang."""
    value = in_language(obj, column)
    if value.is_fallback:
        return Markup('<span lang="%s">%s</span>') % (value.language, value.text)
    return Markup.escape(value.text)


def written_lang(content: object) -> Markup:
    """` lang="fr"` on citizen content (ideas, reactions, campaigns) written in another language than the
    page's: it is not translated, but screen readers must read it with the right voice."""
    language = getattr(content, "language", None)
    if language and language != reader_language():
        return Markup(' lang="%s"') % language
    return Markup("")


def translated_languages(obj: TranslatedMixin) -> list[str]:
    """The languages, besides the original, that have at least one translated text."""
    return [language for language in SUPPORTED_LANGUAGES if (obj.translations or {}).get(language)]


@dataclass(frozen=True)
class Translations:
    """What a form collected: the language of the original texts and the translations typed next to them."""

    original_language: str
    texts: dict[str, dict[str, str]]

    def apply(self, obj: TranslatedMixin) -> None:
        set_translations(obj, self.original_language, self.texts)


def set_translations(obj: TranslatedMixin, original_language: str, texts: dict[str, dict[str, str]]) -> None:
    """Store what staff typed for the other languages: plain text cleaned as typed, Markdown rendered.

    `texts` is {language: {field: text}} with the field names of obj.TRANSLATED. Only the fields it names
    change (two forms may edit different texts of one object); an empty text removes that translation (the
    page then falls back to the original) and the original language's own entry is dropped.
    """
    if original_language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unknown language {original_language!r}")
    stored = {language: dict(entry) for language, entry in (obj.translations or {}).items()}
    for language, fields in texts.items():
        if language not in SUPPORTED_LANGUAGES:
            continue
        entry = stored.setdefault(language, {})
        for field, typed in fields.items():
            kind = obj.TRANSLATED[field]
            keys = (f"{field}_source", f"{field}_html") if kind == RICH else (field,)
            for key in keys:
                entry.pop(key, None)
            if kind == RICH:
                if typed and typed.strip():
                    entry[keys[0]], entry[keys[1]] = typed, clean_rich(typed)
            else:
                cleaned = clean_plain(typed, multiline=kind == MULTILINE)
                if cleaned:
                    entry[field] = cleaned
    stored.pop(original_language, None)
    obj.original_language = original_language
    obj.translations = {language: entry for language, entry in stored.items() if entry}


def translation_of(obj: TranslatedMixin, field: str, language: str) -> str:
    """What staff typed for `field` in `language` (the Markdown source for rich fields), to edit it again."""
    entry = (obj.translations or {}).get(language) or {}
    if obj.TRANSLATED.get(field) == RICH:
        return entry.get(f"{field}_source", "")
    return entry.get(field, "")
