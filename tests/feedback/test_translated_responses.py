"""The city's answer reaches each person in their language when staff translated it, else in the
original, marked."""
from __future__ import annotations

from datetime import date

from participation.core.translated import Translations, in_language
from participation.extensions import db
from participation.feedback import services
from participation.ideas import services as idea_services


def test_a_translated_official_response_is_mailed_to_each_follower_in_their_language(make_idea, make_user, outbox):
    idea = make_idea()
    french, english = make_user(language="fr"), make_user(language="en")
    idea_services.follow_idea(idea, french)
    idea_services.follow_idea(idea, english)
    services.respond_to_idea(
        idea, make_user("staff"), status="accepted", explanation="We planten hier bomen in 2027.",
        translations=Translations("nl", {"fr": {"note": "Nous plantons des arbres ici en 2027."}, "en": {"note": ""}}),
    )
    assert "Nous plantons des arbres ici en 2027." in outbox(french.email)[-1].text_body
    assert "We planten hier bomen in 2027." in outbox(english.email)[-1].text_body


def test_the_timeline_shows_the_french_answer_and_marks_the_dutch_one_for_english_readers(client, make_idea, make_user):
    idea = make_idea()
    services.respond_to_idea(
        idea, make_user("staff"), status="accepted", explanation="We planten hier bomen.",
        translations=Translations("nl", {"fr": {"note": "Nous plantons des arbres."}}),
    )
    db.session.commit()
    french = client.get(f"/ideeen/{idea.id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<span class="timeline-text">Nous plantons des arbres.</span>' in french
    english = client.get(f"/ideeen/{idea.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert ('<span class="timeline-text"><span lang="nl">We planten hier bomen.</span> '
            '<span class="lang-fallback">(Available in Dutch only)</span></span>') in english


def test_staff_type_the_translations_next_to_the_explanation(client, login, make_idea, make_user):
    idea = make_idea()
    login(make_user("staff"))
    form = client.get(f"/ideeen/{idea.id}/antwoord").get_data(as_text=True)
    assert 'name="explanation_fr"' in form and 'name="explanation_en"' in form
    response = client.post(f"/ideeen/{idea.id}/antwoord", data={
        "status": "accepted", "explanation": "Goedgekeurd.", "explanation_en": "Accepted.", "submit": "1",
    })
    assert response.status_code == 302
    row = idea.status_changes[-1]
    assert in_language(row, "note", "en").text == "Accepted."
    assert in_language(row, "note", "fr").is_fallback


def test_using_an_answer_template_fills_in_its_translations_too(client, login, make_idea, make_user):
    idea = make_idea()
    staff = make_user("staff")
    template = services.save_answer_template(None, staff, name="Onderzoek", body_nl="We onderzoeken dit.",
                                             body_fr="Nous étudions cette idée.")
    db.session.commit()
    login(staff)
    page = client.post(f"/ideeen/{idea.id}/antwoord", data={
        "status": "", "explanation": "", "template_id": str(template.id), "use_template": "1",
    }).get_data(as_text=True)
    assert "We onderzoeken dit." in page
    assert "Nous étudions cette idée." in page


def test_a_milestone_title_has_translations(client, make_idea, make_user):
    idea = make_idea()
    staff = make_user("staff")
    services.respond_to_idea(idea, staff, status="accepted", explanation="Goedgekeurd.")
    services.add_milestone(idea, staff, title="Start van de werken", planned_on=date(2027, 3, 1),
                           translations=Translations("nl", {"en": {"title": "Works start"}}))
    db.session.commit()
    english = client.get(f"/ideeen/{idea.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<span class="timeline-name">Works start</span>' in english
