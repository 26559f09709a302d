"""Every message the code shows is translated into Dutch and French, and catalogues compile."""
import pytest

from participation.core.catalogues import extract, feature_packages, untranslated


@pytest.mark.parametrize("catalogue", ["core"] + feature_packages())
def test_every_message_is_translated_into_dutch_and_french(catalogue):
    assert len(extract(catalogue)) > 0
    missing = untranslated(catalogue)
    assert missing == {}, f"untranslated in {catalogue}: " + "; ".join(f"{lang}: {ids[:5]}" for lang, ids in missing.items())


@pytest.mark.parametrize(
    "language, title", [("nl", "Pagina niet gevonden"), ("fr", "Page introuvable"), ("en", "Page not found")]
)
def test_error_pages_speak_the_visitor_s_language(client, language, title):
    response = client.get("/bestaat-niet", headers={"Accept-Language": language})
    assert response.status_code == 404
    assert title in response.get_data(as_text=True)


def test_a_403_page_is_shown_in_french_for_a_french_citizen(client, make_user, login):
    login(make_user(language="fr"))
    response = client.get("/beheer/trajecten")
    assert response.status_code == 403
    assert 'lang="fr"' in response.get_data(as_text=True)


# French adjectives that agree with different nouns (an idea is feminine, a process masculine) and
# one word with two meanings. They need message contexts (pgettext) to be told apart; until then
# they are listed here, so that no other message can get two translations unnoticed.
NEEDS_A_CONTEXT = {("fr", "Funded"), ("fr", "Published"), ("fr", "Rejected"), ("fr", "Submitted"),
                   ("fr", "Received"), ("fr", "Timeline")}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_message_means_the_same_in_every_catalogue(language):
    """Flask-Babel merges the catalogues, so a message translated two ways shows whichever wins:
    a "Report" link once read "Verslag" because another feature translated its "Report" as a noun."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    from participation.core.catalogues import translation_directories

    seen: dict[str, dict[str, str]] = {}
    for directory in translation_directories():
        path = Path(directory) / language / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            for message in read_po(handle):
                if isinstance(message.id, str) and message.id and message.string:
                    seen.setdefault(message.id, {})[path.parts[-5]] = message.string
    clashes = {msgid: by_catalogue for msgid, by_catalogue in seen.items()
               if len(set(by_catalogue.values())) > 1 and (language, msgid) not in NEEDS_A_CONTEXT}
    assert clashes == {}
