"""Demo crowdfunding content: a live campaign, a funded one and one waiting for the city.

Call seed_demo_campaigns() after the demo accounts exist (participation/demo/seed.py). It uses bank
transfers only, so the demo works without Stripe keys; running it twice adds nothing.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from participation.accounts.models import User
from participation.core.models import utcnow
from participation.crowdfunding import matching, rewards, services
from participation.crowdfunding.models import Campaign
from participation.crowdfunding.payments import bank_transfers, pledges
from participation.extensions import db

OWNER_EMAIL = "burger@demo.stadslab.be"
BACKER_EMAILS = ("buur@demo.stadslab.be", "moderator@demo.stadslab.be", "admin@demo.stadslab.be")
STAFF_EMAIL = "stad@demo.stadslab.be"


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _draft(owner, today: date, title: str, summary: str, story: str, goal: str, days: int, model: str = "all_or_nothing") -> Campaign:
    return services.save_campaign(
        None, owner=owner, title=title, organisation_name="Buurtcomité Rabot", summary=summary, story=story,
        goal=goal, deadline=today + timedelta(days=days), funding_model=model, today=today,
    )


def seed_demo_campaigns(today: date | None = None) -> list[Campaign]:
    owner, staff = _user(OWNER_EMAIL), _user(STAFF_EMAIL)
    backers = [user for user in map(_user, BACKER_EMAILS) if user is not None]
    if owner is None or staff is None:
        return []
    if db.session.scalar(select(Campaign.id).where(Campaign.owner_id == owner.id).limit(1)) is not None:
        return []
    today = today or date.today()
    matching.set_match_budget(today.year, "50000")
    if today.month == 12:
        matching.set_match_budget(today.year + 1, "50000")

    live = _draft(
        owner, today, "Een moestuin op het Rabotplein",
        "Bakken, compost en een regenton voor iedereen uit de buurt.",
        "We bouwen **twaalf moestuinbakken** op het Rabotplein, met een compostvat en een regenton.\n\n"
        "- hout en aarde: € 2.400\n- regenton en compostvat: € 600\n\nIedereen uit de buurt kan een bak aanvragen.",
        "3000", 30,
    )
    rewards.add_reward_tier(live, title="Een zakje zaden", description="Zaden uit onze eigen tuin.", min_amount="10")
    rewards.add_reward_tier(live, title="Je naam op de bak", description="", min_amount="50")
    rewards.add_need(live, kind="volunteers", title="Helpen timmeren op zaterdag", quantity=8)
    rewards.add_need(live, kind="materials", title="Oude planken", quantity=20)
    services.submit_campaign(live, owner, today=today)
    matching.attach_match(live, percent=50, cap="1500", staff=staff)
    services.approve_campaign(live, staff, "Mooi project, veel succes!")
    services.launch_campaign(live, owner)
    for backer, amount, received in zip(backers, ("25", "50", "120"), (True, True, False)):
        pledge = pledges.record_pledge(live, backer, amount=amount, method="bank_transfer", is_anonymous=amount == "120")
        if received:
            bank_transfers.mark_transfer_received(pledge, staff, note="demo")

    funded = _draft(
        owner, today, "Speelstraat-kit voor de Sint-Amandsberg",
        "Verkeersborden, krijt en spelkoffers voor zomerse speelstraten.",
        "Elke zomer worden straten speelstraten. Met deze kit kan elke straat meteen beginnen.",
        "800", 15, "keep_it_all",
    )
    services.submit_campaign(funded, owner, today=today)
    services.approve_campaign(funded, staff)
    services.launch_campaign(funded, owner)
    for backer in backers:
        pledge = pledges.record_pledge(funded, backer, amount="300", method="bank_transfer")
        bank_transfers.mark_transfer_received(pledge, staff, note="demo")
    services.change_status(funded, "succeeded", actor=None, reason="deadline: goal reached")
    funded.closed_at = utcnow()

    vetting = _draft(
        owner, today, "Bankjes langs de Leie",
        "Vijf houten bankjes om even uit te rusten langs het water.",
        "Langs de Leie zijn te weinig plekken om te zitten. Wij plaatsen vijf bankjes van lokaal hout.",
        "4500", 45,
    )
    services.submit_campaign(vetting, owner, today=today)
    db.session.flush()
    return [live, funded, vetting]
