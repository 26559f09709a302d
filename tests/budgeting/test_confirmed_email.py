"""Voting needs a confirmed email address, before anyone types their census details."""
from __future__ import annotations

from sqlalchemy import func, select

from participation.budgeting.models import Ballot
from participation.extensions import db
from tests.budgeting.conftest import project_ids


def test_an_unconfirmed_account_is_asked_to_confirm_before_verifying_or_voting(client, make_round, make_user, make_voter, login):
    round_ = make_round()
    voter = make_voter(round_, make_user(verified=False, language="en"))  # on the census, address not confirmed
    login(voter)
    verify = client.get(f"/stemronden/{round_.id}/verifieren")
    assert verify.status_code == 403 and "/account/bevestiging-opnieuw" in verify.get_data(as_text=True)
    ids = project_ids(round_)
    cast = client.post(f"/stemronden/{round_.id}/stembiljet", data={"project": [ids["Bankjes"]], "action": "cast"})
    assert cast.status_code == 403
    assert db.session.scalar(select(func.count(Ballot.id))) == 0
