from datetime import date

from participation.budgeting import services
from participation.budgeting.demo import seed_demo_budgeting
from participation.budgeting.models import BudgetRound
from participation.demo.seed import seed_demo
from participation.accounts.models import User
from participation.extensions import db


def test_the_demo_round_is_open_and_demo_citizens_can_vote(app):
    seed_demo()
    seeded = seed_demo_budgeting()
    round_ = db.session.get(BudgetRound, seeded["round_id"])
    assert len(services.ballot_projects(round_)) == 10 and len(seeded["letter_codes"]) == 5
    assert services.is_voting_open(round_, date.today())
    citizen = db.session.scalar(db.select(User).where(User.email == "burger@demo.stadslab.be"))
    services.cast_ballot(round_, citizen, {services.ballot_projects(round_)[0].id: 1}, date.today())
    assert seed_demo_budgeting()["round_id"] == round_.id  # idempotent
    letter_voter = services.redeem_letter_code(round_, db.session.scalar(db.select(User).where(User.email == "stad@demo.stadslab.be")),
                                               seeded["letter_codes"][0], date.today())
    assert letter_voter.identity_key.startswith("census:")  # a demo letter stands for a census resident
