"""Staff close voting in a round early: a confirmation page, then a POST; later ballots are refused."""
from __future__ import annotations

import re
from datetime import date

import pytest

from participation.budgeting import services
from participation.budgeting.models import RoundEvent
from participation.extensions import db
from tests.budgeting.conftest import project_ids


def _cast(round_, voter, project="Bankjes"):
    receipt = services.cast_ballot(round_, voter, {project_ids(round_)[project]: 1}, date.today())
    db.session.commit()
    return receipt


def test_the_confirmation_page_says_what_closing_does_with_the_numbers_of_now(client, make_round, make_voter, make_user, login):
    round_ = make_round()
    _cast(round_, make_voter(round_))
    _cast(round_, make_voter(round_))
    login(make_user("staff", language="en"))
    assert f"/beheer/stemronden/{round_.id}/stemming-sluiten" in client.get(f"/beheer/stemronden/{round_.id}").get_data(as_text=True)

    page = client.get(f"/beheer/stemronden/{round_.id}/stemming-sluiten").get_data(as_text=True)

    assert "2 ballots have been cast so far (2 online, 0 on paper)" in re.search(r'id="close-counted">(.*?)</li>', page, re.S).group(1)
    assert "still filling in are not counted" in re.search(r'id="close-in-progress">(.*?)</li>', page, re.S).group(1)
    form = re.search(r'<form method="post" action="(/beheer/stemronden/\d+/stemming-sluiten)">(.*?)</form>', page, re.S)
    assert form and 'name="csrf_token"' in form.group(2)  # a plain form: works without JavaScript
    assert services.is_voting_open(round_, date.today())  # looking changes nothing


def test_staff_close_voting_and_a_ballot_sent_afterwards_is_refused(client, make_round, make_voter, make_user, login):
    round_ = make_round()
    early, late = make_voter(round_), make_voter(round_)
    _cast(round_, early)
    staff = make_user("staff", language="en")
    login(staff)

    response = client.post(f"/beheer/stemronden/{round_.id}/stemming-sluiten", follow_redirects=True)

    assert "Voting is closed. 1 ballot is counted" in response.get_data(as_text=True)
    db.session.refresh(round_)
    assert round_.voting_closed_at is not None and not services.is_voting_open(round_, date.today())
    assert services.has_voting_closed(round_, date.today())  # results can be computed now
    event = db.session.scalar(db.select(RoundEvent).where(RoundEvent.round_id == round_.id, RoundEvent.action == "voting_closed"))
    assert event.actor_id == staff.id and event.detail == "1 ballots"
    with pytest.raises(services.VotingClosed, match="closed early"):
        services.cast_ballot(round_, late, {project_ids(round_)["Bomen"]: 1}, date.today())
    with pytest.raises(services.VotingClosed):
        services.cast_ballot(round_, early, {project_ids(round_)["Bomen"]: 1}, date.today())  # no changes either


def test_a_resident_whose_ballot_page_was_open_is_told_voting_closed(client, make_round, make_voter, make_user, login):
    round_ = make_round()
    voter = make_voter(round_)
    services.close_voting(round_, make_user("staff"), date.today())
    db.session.commit()
    login(voter)
    response = client.post(f"/stemronden/{round_.id}/stembiljet", data={"project": [project_ids(round_)["Bankjes"]], "action": "cast"},
                           follow_redirects=True)
    assert "Voting in this round is closed." in response.get_data(as_text=True)
    assert services.participation_counts(round_)["total"] == 0


def test_closing_twice_or_a_round_that_is_not_open_is_refused(make_round, make_user):
    staff = make_user("staff")
    round_ = make_round()
    services.close_voting(round_, staff, date.today())
    with pytest.raises(services.InvalidTransition, match="already closed"):
        services.close_voting(round_, staff, date.today())
    draft = make_round(status="draft")
    with pytest.raises(services.InvalidTransition, match="not open"):
        services.close_voting(draft, staff, date.today())


def test_a_citizen_cannot_close_voting(client, make_round, make_user, login):
    round_ = make_round()
    login(make_user())
    assert client.get(f"/beheer/stemronden/{round_.id}/stemming-sluiten").status_code == 403
    assert client.post(f"/beheer/stemronden/{round_.id}/stemming-sluiten").status_code == 403
    db.session.refresh(round_)
    assert round_.voting_closed_at is None


def test_closing_needs_a_csrf_token(app, client, make_round, make_user, login):
    round_ = make_round()
    login(make_user("staff"))
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(f"/beheer/stemronden/{round_.id}/stemming-sluiten").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.refresh(round_)
    assert round_.voting_closed_at is None
