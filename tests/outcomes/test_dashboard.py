"""The staff responsiveness dashboard: waiting ideas by age, overdue ones, per department, filters."""
from __future__ import annotations

import re
from datetime import timedelta

from participation.core.models import utcnow
from participation.extensions import db
from participation.outcomes import dashboard
from tests.ideas.conftest import count_queries


def _rows(html: str) -> list[str]:
    table = re.search(r'<table class="waiting-table">(.*?)</table>', html, re.S)
    if table is None:
        return []
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)][1:]


def test_waiting_ideas_are_listed_longest_waiting_first_with_overdue_marked(client, login, make_user, make_process, make_idea, answer):
    now = utcnow()
    process = make_process()
    make_idea(process, title="Vijf dagen", published_at=now - timedelta(days=5))
    make_idea(process, title="Twintig dagen", published_at=now - timedelta(days=20), status="under_review")
    make_idea(process, title="Veertig dagen", published_at=now - timedelta(days=40))
    answer(make_idea(process, title="Al beantwoord", published_at=now - timedelta(days=60)), after_days=3)
    make_idea(process, title="Nog in moderatie", status="awaiting_moderation")
    login(make_user("staff"))

    rows = _rows(client.get("/beheer/opvolging").get_data(as_text=True))

    assert [row.split(" (")[0] for row in rows] == ["Veertig dagen", "Twintig dagen", "Vijf dagen"]
    assert "40 dagen te laat" in rows[0] and "20 dagen te laat" in rows[1]
    assert "te laat" not in rows[2]


def test_the_dashboard_filters_by_department_and_process_and_counts_per_department(client, login, make_user, make_process, make_idea, department):
    now = utcnow()
    mobility, green = department("mobiliteit"), department("groendienst")
    process, other_process = make_process(), make_process()
    make_idea(process, title="Zebrapad", department=mobility, published_at=now - timedelta(days=30))
    make_idea(process, title="Fietsenrek", department=mobility, published_at=now - timedelta(days=2))
    make_idea(process, title="Boom", department=green, published_at=now - timedelta(days=15))
    make_idea(other_process, title="Elders", department=mobility, published_at=now - timedelta(days=50))
    make_idea(process, title="Nog niemand", published_at=now - timedelta(days=1))
    login(make_user("staff"))

    by_department = client.get(f"/beheer/opvolging?department={mobility.id}").get_data(as_text=True)
    by_process = client.get(f"/beheer/opvolging?process_id={process.id}&department={mobility.id}").get_data(as_text=True)
    unassigned = client.get("/beheer/opvolging?department=none").get_data(as_text=True)
    overdue_only = client.get(f"/beheer/opvolging?process_id={process.id}&overdue=y").get_data(as_text=True)

    assert [r.split(" (")[0] for r in _rows(by_department)] == ["Elders", "Zebrapad", "Fietsenrek"]
    assert [r.split(" (")[0] for r in _rows(by_process)] == ["Zebrapad", "Fietsenrek"]
    assert [r.split(" (")[0] for r in _rows(unassigned)] == ["Nog niemand"]
    assert [r.split(" (")[0] for r in _rows(overdue_only)] == ["Zebrapad", "Boom"]
    counts = {c.department_id: (c.waiting, c.overdue) for c in dashboard.counts_per_department(
        dashboard.DashboardFilters(process_id=process.id), now, 14)}
    assert counts[mobility.id] == (2, 1) and counts[green.id] == (1, 1) and counts[None] == (1, 0)


def test_the_overdue_limit_comes_from_the_configuration(app, client, login, make_user, make_process, make_idea):
    make_idea(make_process(), title="Drie dagen", published_at=utcnow() - timedelta(days=3))
    login(make_user("staff"))
    app.config["OUTCOMES_RESPONSE_DAYS"] = 2
    try:
        rows = _rows(client.get("/beheer/opvolging").get_data(as_text=True))
    finally:
        app.config["OUTCOMES_RESPONSE_DAYS"] = 14
    assert "te laat" in next(row for row in rows if row.startswith("Drie dagen"))


def test_the_dashboard_reads_a_fixed_number_of_queries(client, login, make_user, make_process, make_idea, department):
    login(make_user("staff"))

    def queries_for(count: int) -> int:
        process = make_process()
        for _ in range(count):
            make_idea(process, department=department("wonen"), published_at=utcnow() - timedelta(days=20))
        db.session.expire_all()
        with count_queries(db.engine) as statements:
            assert client.get("/beheer/opvolging").status_code == 200
        return len(statements)

    assert queries_for(2) == queries_for(10)
