"""Posting limits never lose work: only accepted posts count, a post over the limit comes back with
what was typed and when to try again, and staff typing in paper ideas have a budget of their own."""
from __future__ import annotations

from sqlalchemy import func, select

from participation.extensions import db
from participation.ideas.models import Idea


def _form(title: str, **overrides):
    data = {"title": title, "description": "Schaduw in de zomer.", "theme_id": "0", "district_id": "0", "submit": "1"}
    data.update(overrides)
    return data


def _ideas() -> int:
    return db.session.scalar(select(func.count(Idea.id)))


def test_refused_ideas_do_not_count_toward_the_posting_limit(client, make_process, make_user, login, limits):
    limits(POSTING_RATE_LIMIT="2 per minute")
    process = make_process()
    login(make_user())
    url = f"/trajecten/{process.slug}/ideeen/nieuw"
    for _ in range(4):  # a title far too long, four times: refused, so nothing is spent
        assert client.post(url, data=_form("x" * 121)).status_code == 422
    assert client.post(url, data=_form("Meer bomen op het Sint-Pietersplein")).status_code == 302
    assert client.post(url, data=_form("Een bank aan de Leie")).status_code == 302
    assert _ideas() == 2


def test_an_idea_over_the_limit_comes_back_with_what_was_typed_and_when_to_retry(client, make_process, make_user, login, limits):
    limits(POSTING_RATE_LIMIT="1 per minute")
    process = make_process()
    login(make_user())
    url = f"/trajecten/{process.slug}/ideeen/nieuw"
    assert client.post(url, data=_form("Meer bomen op het Sint-Pietersplein")).status_code == 302
    response = client.post(url, data=_form("Een bank aan de Leie", description="Mijn zorgvuldige tekst"))
    page = response.get_data(as_text=True)
    assert response.status_code == 429 and 0 < int(response.headers["Retry-After"]) <= 60
    assert 'value="Een bank aan de Leie"' in page and "Mijn zorgvuldige tekst" in page
    assert "probeer opnieuw over 1 minuut" in page
    assert _ideas() == 1


def test_a_reaction_over_the_limit_is_kept_on_the_idea_page(client, make_idea, make_user, login, limits):
    limits(POSTING_RATE_LIMIT="1 per minute")
    idea = make_idea()
    login(make_user())
    assert client.post(f"/ideeen/{idea.id}/reacties", data={"body": "Goed idee!"}).status_code == 302
    response = client.post(f"/ideeen/{idea.id}/reacties", data={"body": "En nog iets dat ik lang typte"})
    assert response.status_code == 429 and "En nog iets dat ik lang typte" in response.get_data(as_text=True)


def test_staff_answering_many_reactions_do_not_use_the_citizens_budget(client, make_idea, make_user, login, limits):
    limits(POSTING_RATE_LIMIT="2 per minute", POSTING_IP_RATE_LIMIT="2 per minute")
    idea = make_idea()
    login(make_user("staff"))
    codes = [client.post(f"/ideeen/{idea.id}/reacties", data={"body": f"Antwoord {n}"}).status_code for n in range(4)]
    assert codes == [302, 302, 302, 302]


def test_staff_typing_in_a_box_of_paper_ideas_are_not_held_by_posting_limits(client, make_process, make_user, login, limits):
    # A library: the citizens' budgets of this address are spent, the staff member types on.
    limits(POSTING_RATE_LIMIT="1 per minute", POSTING_IP_RATE_LIMIT="1 per minute", STAFF_POSTING_RATE_LIMIT="1 per minute")
    process = make_process()
    login(make_user())
    assert client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data=_form("Een idee van de balie")).status_code == 302
    client.post("/uitloggen")
    login(make_user("staff"))
    url = f"/beheer/trajecten/{process.slug}/ideeen/offline"
    codes = [
        client.post(url, data=_form(f"Papieren idee {n}", channel="paper", author_name=f"Inwoner {n}")).status_code
        for n in range(5)
    ]
    assert codes == [302] * 5 and _ideas() == 6


def test_paper_entry_has_its_own_ceiling_against_a_runaway_script(client, make_process, make_user, login, limits):
    limits(OFFLINE_ENTRY_RATE_LIMIT="2 per minute")
    process = make_process()
    login(make_user("staff"))
    url = f"/beheer/trajecten/{process.slug}/ideeen/offline"
    codes = [
        client.post(url, data=_form(f"Papieren idee {n}", channel="paper", author_name="Jozef")).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]
