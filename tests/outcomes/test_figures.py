"""The arithmetic of the results page, without a database."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from participation.ideas import states
from participation.outcomes import figures

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)


def test_median_of_an_odd_number_of_response_times_is_the_middle_one():
    pairs = [(T0, T0 + timedelta(days=d)) for d in (10, 2, 4)]
    assert figures.median_days(pairs) == 4


def test_median_of_an_even_number_of_response_times_is_the_mean_of_the_middle_two():
    pairs = [(T0, T0 + timedelta(days=d)) for d in (1, 3, 8, 30)]
    assert figures.median_days(pairs) == 5.5


def test_median_counts_hours_as_parts_of_a_day_and_accepts_naive_sqlite_datetimes():
    naive_start = T0.replace(tzinfo=None)
    pairs = [(naive_start, T0 + timedelta(hours=36))]
    assert figures.median_days(pairs) == 1.5


def test_without_responses_there_is_no_median():
    assert figures.median_days([]) is None


def test_each_stage_of_the_funnel_includes_the_ideas_that_went_further():
    funnel = figures.build_funnel([
        ("awaiting_moderation", False, None, 2),
        ("hidden", False, None, 1),
        ("published", False, None, 5),
        ("under_review", True, None, 1),  # a response that kept it under review still answers it
        ("rejected", True, None, 3),
        ("accepted", True, None, 2),
        ("in_progress", True, None, 1),
        ("implemented", True, None, 4),
    ])
    assert funnel.stages() == [
        ("received", 19), ("published", 16), ("answered", 11), ("accepted", 7), ("in_progress", 5), ("implemented", 4),
    ]
    assert funnel.not_public == 3
    assert funnel.answered_share == pytest.approx(11 / 16)


def test_a_closed_idea_counts_where_it_was_when_it_was_closed():
    funnel = figures.build_funnel([
        ("closed", True, "implemented", 2),
        ("closed", True, "rejected", 1),
        ("closed", False, None, 1),  # closed without a timeline row: the closing is the city's answer
    ])
    assert funnel.implemented == 2
    assert funnel.accepted == 2
    assert funnel.answered == 4
    assert funnel.published == 4


def test_every_public_status_has_a_funnel_stage_and_answered_statuses_count_as_answered():
    for status in states.PUBLIC_STATUSES:
        stage = figures.furthest_stage(status, False, "implemented" if status == figures.CLOSED else None)
        assert stage != "received", status
    for status in states.ANSWERED_STATUSES:
        stage = figures.furthest_stage(status, False, "rejected" if status == figures.CLOSED else None)
        assert figures.STAGES.index(stage) >= figures.STAGES.index("answered"), status


def test_not_public_statuses_are_received_only():
    for status in set(states.IDEA_STATUSES) - set(states.PUBLIC_STATUSES):
        assert figures.furthest_stage(status, False) == "received"


def test_share_answered_without_published_ideas_is_unknown_not_zero():
    assert figures.build_funnel([("awaiting_moderation", False, None, 3)]).answered_share is None


@pytest.mark.parametrize(
    "waited, period",
    [(timedelta(days=13, hours=23), 0), (timedelta(days=14), 1), (timedelta(days=27), 1), (timedelta(days=28), 2)],
)
def test_an_idea_enters_a_new_overdue_period_every_response_days(waited, period):
    assert figures.overdue_period(T0, T0 + waited, 14) == period
