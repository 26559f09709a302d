"""The rules of staff-written texts in several languages (participation/core/translated.py)."""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from participation.core.translated import in_language, lang_text, set_translations
from participation.processes.models import Process


def _process(**values) -> Process:
    process = Process(title="Pleinen", policy_goal="De stad beslist.", description_html="", original_language="nl",
                      translations={})
    for name, value in values.items():
        setattr(process, name, value)
    return process


def test_a_reader_gets_the_translation_else_the_original_marked_as_a_fallback():
    process = _process()
    set_translations(process, "nl", {"fr": {"title": "Places"}})
    assert (in_language(process, "title", "fr").text, in_language(process, "title", "fr").is_fallback) == ("Places", False)
    english = in_language(process, "title", "en")
    assert (english.text, english.language, english.is_fallback) == ("Pleinen", "nl", True)
    assert in_language(process, "title", "nl").is_fallback is False


def test_an_empty_original_is_not_marked_as_untranslated():
    process = _process(description_html="")
    assert in_language(process, "description_html", "en").is_fallback is False


def test_saving_some_fields_keeps_the_translations_of_the_others():
    process = _process()
    set_translations(process, "nl", {"en": {"title": "Squares", "policy_goal": "The city decides."}})
    set_translations(process, "nl", {"en": {"policy_goal": ""}})
    assert process.translations == {"en": {"title": "Squares"}}


def test_rich_text_translations_keep_the_source_and_store_sanitised_html():
    process = _process()
    set_translations(process, "nl", {"fr": {"description": "Pensez **avec** nous <script>alert(1)</script>"}})
    entry = process.translations["fr"]
    assert entry["description_source"] == "Pensez **avec** nous <script>alert(1)</script>"
    assert "<strong>avec</strong>" in entry["description_html"] and "<script>" not in entry["description_html"]


def test_plain_translations_are_kept_as_typed_and_escaped_on_output(app):
    process = _process(title="Pleinen <3")
    set_translations(process, "nl", {"en": {"title": "Squares <3\u202e"}})
    assert process.translations["en"]["title"] == "Squares <3"
    with app.test_request_context(), force_locale("en"):
        assert str(lang_text(process, "title")) == "Squares &lt;3"
    with app.test_request_context(), force_locale("fr"):
        assert str(lang_text(process, "title")) == '<span lang="nl">Pleinen &lt;3</span>'


def test_changing_the_original_language_drops_the_translation_into_that_language():
    process = _process(title="Places")
    set_translations(process, "nl", {"fr": {"title": "Places"}})
    set_translations(process, "fr", {"nl": {"title": "Pleinen"}})
    assert process.original_language == "fr" and process.translations == {"nl": {"title": "Pleinen"}}


def test_an_unknown_original_language_is_a_programming_error():
    with pytest.raises(ValueError):
        set_translations(_process(), "de", {})
