"""The demo city's evaluated process shows a meaningful funnel and its closing report."""
from __future__ import annotations

from sqlalchemy import select

from participation.demo.seed import seed_demo
from participation.extensions import db
from participation.ideas.demo import seed_demo_ideas
from participation.outcomes import queries
from participation.outcomes.demo import EVALUATED_PROCESS, seed_demo_outcomes
from participation.outcomes.models import ClosingReport


def test_the_evaluated_demo_process_gets_answered_ideas_and_a_published_report_once(client):
    seed_demo()
    seed_demo_ideas()

    assert seed_demo_outcomes() is True
    assert seed_demo_outcomes() is False  # running it again adds nothing

    process = queries.get_process(EVALUATED_PROCESS)
    assert queries.funnel(process).stages() == [
        ("received", 5), ("published", 5), ("answered", 4), ("accepted", 3), ("in_progress", 2), ("implemented", 1),
    ]
    assert queries.median_response_days(process) == 10.5  # answered after 6, 9, 12 and 20 days
    reports = list(db.session.scalars(select(ClosingReport).where(ClosingReport.process_id == process.id)))
    assert len(reports) == 1 and reports[0].is_published
    html = client.get(f"/trajecten/{EVALUATED_PROCESS}/resultaten").get_data(as_text=True)
    assert "Jullie zeiden, wij deden: Kunst in de wijk 2025" in html
    assert "10,5 dagen" in html
