"""Budget rounds and their projects in the reader's language: what staff translated, else the marked original."""
from __future__ import annotations

from participation.budgeting import services
from participation.extensions import db


def test_a_round_and_its_project_are_written_translated_and_reviewed_without_losing_a_translation(client, make_process, make_user, login):
    process = make_process(phases=(("voting", -1, 10),))
    login(make_user("staff"))
    response = client.post(f"/beheer/trajecten/{process.id}/stemronden/nieuw", data={
        "title": "Wijkbudget", "title_fr": "Budget de quartier", "description": "Kies **drie** projecten.",
        "description_fr": "Choisissez **trois** projets.", "district_id": 0, "vote_method": "approval",
        "budget": "50000", "min_choices": 1, "max_choices": 3, "min_age": 16, "census_key": "national_number"})
    assert response.status_code == 302
    round_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert client.post(f"/beheer/stemronden/{round_id}/projecten/nieuw", data={
        "title": "Zitbanken", "title_en": "Benches", "cost": "12500", "district_id": 0, "idea_id": 0}).status_code == 302
    round_ = services.rounds_of(process, include_drafts=True)[0]
    project = round_.projects[0]
    # The review form translates only the explanation: the project's title translation stays.
    assert client.post(f"/beheer/projecten/{project.id}/haalbaarheid", data={
        "verdict": "feasible", "explanation": "Past in het straatbeeld.", "explanation_en": "Fits the street.",
        "cost": "13000"}).status_code == 302
    db.session.refresh(project)
    assert project.translations == {"en": {"title": "Benches", "feasibility_explanation": "Fits the street."}}
    client.post(f"/beheer/stemronden/{round_id}/status/published")
    client.post("/uitloggen")

    french = client.get(f"/stemronden/{round_id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "<h1>Budget de quartier</h1>" in french and "<strong>trois</strong>" in french
    assert '<span lang="nl">Zitbanken</span> <span class="lang-fallback">(Disponible uniquement en néerlandais)</span>' in french
    english = client.get(f"/stemronden/{round_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<h1 lang="nl">Wijkbudget</h1>' in english and "Available in Dutch only" in english
    assert "Benches" in english and "Fits the street." in english
    assert '<div class="rich-text" lang="nl"><p>Kies <strong>drie</strong> projecten.</p></div>' in english
