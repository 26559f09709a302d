"""Residents write in their own language: it is recognised, they may correct it, pages mark it, lists filter on it."""
from __future__ import annotations

from sqlalchemy import select

from participation.core.language_detection import detect_language
from participation.extensions import db
from participation.ideas import services
from participation.ideas.models import Comment, Idea

LANGUAGES = ("nl", "fr", "en")


def test_the_detector_recognises_dutch_french_and_english_and_says_nothing_about_a_single_word():
    assert detect_language("Een veilige oversteekplaats aan de school", LANGUAGES) == "nl"
    assert detect_language("Un banc près de l'école pour les parents", LANGUAGES) == "fr"
    assert detect_language("Please add a bike rack near the station", LANGUAGES) == "en"
    assert detect_language("Speeltuin", LANGUAGES) is None
    assert detect_language("", LANGUAGES) is None


def test_a_french_idea_is_recognised_and_shown_with_its_language(client, login, make_user, make_process):
    process = make_process()
    login(make_user())  # a Dutch account: the text decides, not the account
    response = client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data={
        "title": "Un banc près de l'école", "description": "Les parents attendent debout devant l'école tous les jours.",
        "language": "", "theme_id": "0", "district_id": "0", "submit": "1",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    idea = db.session.scalar(select(Idea).where(Idea.title == "Un banc près de l'école"))
    assert idea.language == "fr"
    client.post("/uitloggen")
    page = client.get(f"/ideeen/{idea.id}", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert '<h1 lang="fr">Un banc près de l&#39;école</h1>' in page
    french_page = client.get(f"/ideeen/{idea.id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<h1>Un banc près de l&#39;école</h1>' in french_page


def test_the_author_corrects_the_language_and_it_stays_corrected_when_editing(client, login, make_user, make_process):
    process = make_process()
    author = make_user()
    login(author)
    client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data={
        "title": "Parking vélo", "description": "Aan het station, graag overdekt en veilig voor iedereen.",
        "language": "nl", "theme_id": "0", "district_id": "0", "submit": "1",
    })
    idea = db.session.scalar(select(Idea).where(Idea.title == "Parking vélo"))
    assert idea.language == "nl"
    form = client.get(f"/ideeen/{idea.id}/bewerken").get_data(as_text=True)
    assert '<option selected value="nl">' in form or '<option value="nl" selected>' in form


def test_a_short_text_takes_the_authors_language(make_user, make_process):
    author = make_user(language="en")
    idea = services.submit_idea(make_process(), author, title="Speeltuin", description="Speeltuin!")
    assert idea.language == "en"


def test_reactions_are_recognised_and_marked(client, make_user, make_idea):
    idea = make_idea()
    comment = services.add_comment(idea, make_user(), "I fully agree, the square needs more trees and benches.")
    db.session.commit()
    assert db.session.get(Comment, comment.id).language == "en"
    page = client.get(f"/ideeen/{idea.id}", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert '<p class="comment-text" lang="en">I fully agree' in page


def test_the_idea_list_filters_on_the_language_ideas_are_written_in(client, make_user, make_process):
    process = make_process()
    author = make_user()
    services.submit_idea(process, author, title="Meer bomen op het plein", description="Het plein is te warm in de zomer, plant bomen.")
    services.submit_idea(process, author, title="Plus d'arbres sur la place", description="La place est trop chaude en été, plantez des arbres.")
    db.session.commit()
    french = client.get(f"/trajecten/{process.slug}/ideeen?taal=fr").get_data(as_text=True)
    assert "Plus d&#39;arbres sur la place" in french and "Meer bomen op het plein" not in french
    assert '<option value="fr" lang="fr" selected>' in french
    every = client.get(f"/trajecten/{process.slug}/ideeen?taal=de").get_data(as_text=True)
    assert "Plus d&#39;arbres" in every and "Meer bomen" in every
