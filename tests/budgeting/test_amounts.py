"""Budgets and costs as staff type them: city-sized amounts are stored exactly, nonsense is a message."""
from __future__ import annotations

from sqlalchemy import func, select

from participation.budgeting import services
from participation.budgeting.models import BudgetRound
from participation.extensions import db


def _new_round(client, process, budget: str):
    return client.post(f"/beheer/trajecten/{process.id}/stemronden/nieuw", data={
        "title": "Stadsbudget", "district_id": 0, "vote_method": "approval", "budget": budget, "min_choices": 1,
        "max_choices": 3, "min_age": 16, "census_key": "national_number"})


def test_a_city_wide_budget_past_21_million_is_stored_to_the_cent(client, make_process, make_user, login):
    process = make_process(phases=(("voting", -1, 10),))
    login(make_user("staff"))
    response = _new_round(client, process, "30.428.140,00")  # Warsaw 2024, city-wide
    assert response.status_code == 302
    round_ = services.rounds_of(process, include_drafts=True)[0]
    db.session.expire(round_)
    assert round_.budget_cents == 3_042_814_000
    round_id = round_.id
    response = client.post(f"/beheer/stemronden/{round_id}/projecten/nieuw", data={
        "title": "Nieuwe brug", "cost": "25.000.000", "district_id": 0, "idea_id": 0})
    assert response.status_code == 302
    assert round_.projects[0].cost_cents == 2_500_000_000


def test_a_budget_that_is_no_amount_is_refused_with_a_message_and_what_was_typed(client, make_process, make_user, login):
    process = make_process(phases=(("voting", -1, 10),))
    login(make_user("staff"))
    before = db.session.scalar(select(func.count(BudgetRound.id)))
    for typed in ("1e400", "Infinity", "99999999999999999999"):
        response = _new_round(client, process, typed)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, typed
        assert "bedrag" in page.lower()
        assert f'value="{typed}"' in page
    assert db.session.scalar(select(func.count(BudgetRound.id))) == before
