"""What the city writes reaches readers in their language, or says clearly that it is not translated."""
from sqlalchemy import select

from participation.extensions import db
from participation.processes.models import Process
from tests.processes.test_processes import days, process_form


def _create_translated_process(client, **extra):
    data = process_form(
        title="Pleinen in de Dampoort",
        title_fr="Les places de Dampoort",
        policy_goal_fr="La ville réaménage deux places à partir des idées.",
        description_fr="Pensez **avec** nous.",
        **extra,
    )
    response = client.post("/beheer/trajecten/nieuw", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    process = db.session.scalar(select(Process).where(Process.slug == "pleinen-in-de-dampoort"))
    client.post(f"/beheer/trajecten/{process.id}/fasen", data={
        "new-kind": "ideation", "new-starts_on": days(-1), "new-ends_on": days(30),
        "new-description": "Stuur je ideeën in.", "new-description_fr": "Envoyez vos idées.",
    })
    client.post(f"/beheer/trajecten/{process.id}/status/published")
    client.post("/uitloggen")
    return process


def test_a_french_reader_sees_the_texts_staff_translated_into_french(client, make_user, login):
    login(make_user("staff"))
    _create_translated_process(client)

    page = client.get("/trajecten/pleinen-in-de-dampoort", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "<h1>Les places de Dampoort</h1>" in page
    assert "La ville réaménage deux places" in page
    assert "<strong>avec</strong>" in page
    assert "Envoyez vos idées." in page
    assert "Disponible uniquement en néerlandais" not in page


def test_an_english_reader_gets_the_dutch_original_marked_with_its_language(client, make_user, login):
    login(make_user("staff"))
    _create_translated_process(client)

    page = client.get("/trajecten/pleinen-in-de-dampoort", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<h1 lang="nl">Pleinen in de Dampoort</h1>' in page
    assert "Available in Dutch only" in page
    assert '<span class="timeline-text" lang="nl">Stuur je ideeën in.</span>' in page
    home = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<span lang="nl">Pleinen in de Dampoort</span> <span class="lang-fallback">(Available in Dutch only)</span>' in home


def test_a_dutch_reader_sees_the_original_without_any_marker(client, make_user, login):
    login(make_user("staff"))
    _create_translated_process(client)

    page = client.get("/trajecten/pleinen-in-de-dampoort", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "<h1>Pleinen in de Dampoort</h1>" in page
    assert "lang-fallback" not in page


def test_staff_edit_translations_side_by_side_and_find_them_again(client, make_user, login):
    login(make_user("staff"))
    process = _create_translated_process(client)
    login(make_user("staff"))

    form = client.get(f"/beheer/trajecten/{process.id}").get_data(as_text=True)
    assert 'name="title_fr"' in form and 'name="title_en"' in form and 'name="title_nl"' not in form
    assert 'value="Les places de Dampoort"' in form
    assert 'lang="fr"' in form

    response = client.post(f"/beheer/trajecten/{process.id}", data=process_form(title_fr="", title_en="Squares in Dampoort"))
    assert response.status_code == 302
    db.session.refresh(process)
    assert process.translations == {"en": {"title": "Squares in Dampoort"}}


def test_a_process_written_in_french_falls_back_to_french_for_english_readers(client, make_user, login):
    login(make_user("staff"))
    data = process_form(title="Les places de Dampoort", original_language="fr", title_nl="Pleinen in de Dampoort")
    assert client.post("/beheer/trajecten/nieuw", data=data).status_code == 302
    process = db.session.scalar(select(Process).where(Process.title == "Les places de Dampoort"))
    assert process.original_language == "fr"
    assert process.translations == {"nl": {"title": "Pleinen in de Dampoort"}}
    client.post(f"/beheer/trajecten/{process.id}/fasen", data={"new-kind": "ideation", "new-starts_on": days(-1), "new-ends_on": days(9)})
    client.post(f"/beheer/trajecten/{process.id}/status/published")
    client.post("/uitloggen")

    page = client.get(f"/trajecten/{process.slug}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<h1 lang="fr">Les places de Dampoort</h1>' in page
    assert "Available in French only" in page


def test_an_unknown_original_language_is_refused_and_the_texts_are_kept(client, make_user, login):
    login(make_user("staff"))
    response = client.post("/beheer/trajecten/nieuw", data=process_form(original_language="de", title_fr="Les places"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="Les places"' in page
    assert db.session.scalar(select(Process).where(Process.slug == "pleinen-in-de-dampoort")) is None
