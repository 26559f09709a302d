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
