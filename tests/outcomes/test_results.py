"""The page "What happened to your input?" of a process: funnel, share answered, median, outcomes list."""
from __future__ import annotations

import re

from participation.extensions import db
from participation.ideas.models import IdeaStatusChange
from participation.outcomes import queries
from tests.ideas.conftest import count_queries


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def _figure(html: str, figure_id: str) -> str:
    match = re.search(rf'id="{figure_id}">(.*?)</dd>', html, re.S)
    assert match, figure_id
    return re.sub(r"<[^>]+>", " ", match.group(1))


def test_funnel_counts_every_stage_from_constructed_ideas(make_process, make_idea, answer):
    process = make_process()
    make_idea(process, status="awaiting_moderation")
    make_idea(process, status="hidden")
    make_idea(process, status="published")
    make_idea(process, status="under_review")
    answer(make_idea(process), after_days=3, status="rejected")
    answer(make_idea(process), after_days=5, status="accepted")
    answer(make_idea(process), after_days=8, status="in_progress")
    implemented = make_idea(process)
    answer(implemented, after_days=2, status="accepted")
    answer(implemented, after_days=40, status="in_progress")
    answer(implemented, after_days=90, status="implemented")
    answer(implemented, after_days=100, status="closed")
    db.session.add(IdeaStatusChange(idea_id=implemented.id, from_status="closed", to_status="closed", note="Een latere vermelding."))
    db.session.commit()
    make_idea(status="accepted")  # another process: not counted

    funnel = queries.funnel(process)

    assert funnel.stages() == [
        ("received", 8), ("published", 6), ("answered", 4), ("accepted", 3), ("in_progress", 2), ("implemented", 1),
    ]
    assert funnel.answered_share == 4 / 6


def test_median_days_to_first_response_uses_only_the_first_response(make_process, make_idea, answer):
    process = make_process()
    for days in (2, 4, 10):
        idea = make_idea(process)
        answer(idea, after_days=days, status="under_review")
        answer(idea, after_days=days + 50, status="accepted")  # later responses do not change the first
    make_idea(process)  # not answered: not part of the median

    assert queries.median_response_days(process) == 4


def test_results_page_shows_the_numbers_the_median_and_the_share(client, make_process, make_idea, answer):
    process = make_process(title="Pleinen in de wijk")
    answer(make_idea(process), after_days=1, status="accepted")
    answer(make_idea(process), after_days=6, status="not_feasible", note="Te duur voor dit budget: 2 miljoen euro.")
    make_idea(process)
    make_idea(process)

    response = client.get(f"/trajecten/{process.slug}/resultaten")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "4" in _figure(html, "figure-received")
    assert "50%" in _figure(html, "figure-answered-share")
    assert "2 van 4" in _figure(html, "figure-answered-share")
    assert "3,5 dagen" in _figure(html, "figure-median")
    assert "Te duur voor dit budget: 2 miljoen euro." in html
    table = re.search(r'<table class="funnel-table">(.*?)</table>', html, re.S).group(1)
    rows = [re.sub(r"<[^>]+>", "|", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    assert any("Ontvangen" in row and "|4|" in row and "100%" in row for row in rows)
    assert any("Aanvaard" in row and "|1|" in row and "25%" in row for row in rows)


def test_ideas_that_are_not_public_are_counted_but_never_named(client, make_process, make_idea):
    process = make_process()
    make_idea(process, title="Geheim voorstel in moderatie", status="awaiting_moderation")
    make_idea(process, title="Verborgen scheldpartij", status="hidden")
    answered = make_idea(process, title="Zichtbaar voorstel")

    html = client.get(f"/trajecten/{process.slug}/resultaten").get_data(as_text=True)

    assert "Geheim voorstel in moderatie" not in html
    assert "Verborgen scheldpartij" not in html
    assert "2 ontvangen ideeën zijn niet openbaar" in _text_of(html)
    assert answered.title not in html  # no outcome yet: only answered ideas are listed


def _text_of(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_outcomes_list_is_paginated_and_filtered_by_status(client, make_process, make_idea, answer):
    process = make_process()
    for number in range(23):
        answer(make_idea(process, title=f"Aanvaard {number:02d}"), after_days=1, status="accepted")
    answer(make_idea(process, title="Niet haalbaar idee"), after_days=1, status="not_feasible")

    first = client.get(f"/trajecten/{process.slug}/resultaten").get_data(as_text=True)
    second = client.get(f"/trajecten/{process.slug}/resultaten?page=2").get_data(as_text=True)
    only_refused = client.get(f"/trajecten/{process.slug}/resultaten?status=not_feasible").get_data(as_text=True)

    assert "Aanvaard 00" in first and "Aanvaard 19" in first and "Aanvaard 20" not in first
    assert "Aanvaard 20" in second and "Niet haalbaar idee" in second
    assert "Niet haalbaar idee" in only_refused and "Aanvaard 00" not in only_refused


def test_the_results_page_reads_a_fixed_number_of_queries_whatever_the_number_of_ideas(client, make_process, make_idea, answer):
    def queries_for(count: int) -> int:
        process = make_process()
        for _ in range(count):
            answer(make_idea(process), after_days=2, status="accepted")
        db.session.expire_all()
        with count_queries(db.engine) as statements:
            assert client.get(f"/trajecten/{process.slug}/resultaten").status_code == 200
        return len(statements)

    assert queries_for(3) == queries_for(15)


def test_the_latest_official_response_is_the_explanation_shown(make_process, make_idea, answer):
    idea = make_idea(make_process())
    answer(idea, after_days=1, status="under_review", note="We bekijken het.")
    answer(idea, after_days=9, status="accepted", note="We doen het.")
    db.session.add(IdeaStatusChange(idea_id=idea.id, from_status="accepted", to_status="in_progress", note="intern"))
    db.session.commit()

    assert queries.latest_official_responses([idea.id])[idea.id].note == "We doen het."


def test_a_draft_process_has_no_public_results_page(client, make_process):
    process = make_process(status="draft", phases=())
    assert client.get(f"/trajecten/{process.slug}/resultaten").status_code == 404


def test_the_process_page_links_to_its_results(client, make_process):
    process = make_process()
    html = client.get(f"/trajecten/{process.slug}").get_data(as_text=True)
    assert f'href="/trajecten/{process.slug}/resultaten"' in html


def test_a_merged_idea_links_to_the_idea_it_became_part_of(client, make_process, make_idea, answer):
    process = make_process()
    target = make_idea(process, title="Het grote pleinplan")
    merged = make_idea(process, title="Een bank op het plein")
    merged.merged_into_id = target.id
    db.session.commit()
    answer(merged, after_days=4, status="merged", note="Samengevoegd met het pleinplan.")

    html = client.get(f"/trajecten/{process.slug}/resultaten").get_data(as_text=True)

    assert f'Nu onderdeel van <a href="/ideeen/{target.id}">Het grote pleinplan</a>' in html


def test_responses_given_through_the_idea_services_count_as_answered(make_user, make_process):
    from participation.ideas import services as idea_services

    staff = make_user("staff")
    process = make_process()
    idea = idea_services.submit_idea(process, make_user(), title="Bomen op het plein", description="Schaduw voor iedereen.")
    other = idea_services.submit_idea(process, make_user(), title="Een waterpunt", description="Drinkwater in de zomer.")
    idea_services.change_idea_status(idea, "under_review", staff, "We bekijken het met de groendienst.", is_official_response=True)
    idea_services.change_idea_status(idea, "accepted", staff, "We planten vier bomen.", is_official_response=True)
    idea_services.change_idea_status(other, "under_review", staff)  # a status change without an official response
    db.session.commit()

    funnel = queries.funnel(process)

    assert (funnel.published, funnel.answered, funnel.accepted) == (2, 1, 1)
    assert queries.latest_official_responses([idea.id, other.id]) == {idea.id: idea.status_changes[-1]}
    assert queries.median_response_days(process) is not None


def test_a_resident_reads_that_under_review_is_an_answer_but_not_an_outcome(client, make_process, make_idea, answer):
    """Two ideas answered "under review", none decided: the share of answered ideas is 100%, and the
    empty outcomes list says why that is not a contradiction instead of "no outcome for any idea"."""
    process = make_process()
    answer(make_idea(process), after_days=2, status="under_review", note="We bekijken dit met de dienst Mobiliteit.")
    answer(make_idea(process), after_days=3, status="under_review", note="We bekijken dit.")

    html = _text(client.get(f"/trajecten/{process.slug}/resultaten"))

    assert "Gepubliceerde ideeën die de stad beantwoordde" in html and "100%" in _figure(html, "figure-answered-share")
    assert "een tussentijds antwoord zoals “in behandeling”" in re.search(r'id="answered-hint">(.*?)</p>', html).group(1)
    no_outcomes = re.search(r'id="no-outcomes">(.*?)</p>', html).group(1)
    assert "De stad beantwoordde 2 ideeën, maar nog geen enkel idee heeft een uitkomst" in no_outcomes
    assert "has not given an outcome" not in html and "gaf nog voor geen enkel idee" not in html


def test_without_any_answer_the_results_page_says_no_idea_has_an_outcome_yet(client, make_process, make_idea):
    process = make_process()
    make_idea(process)

    no_outcomes = re.search(r'id="no-outcomes">(.*?)</p>', _text(client.get(f"/trajecten/{process.slug}/resultaten"))).group(1)

    assert no_outcomes.startswith("Nog geen enkel idee van dit traject heeft een uitkomst.")
