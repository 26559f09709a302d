"""Demo content for participatory budgeting: a city-wide round in "Burgerbegroting 2027".

Call seed_demo_budgeting() after seed_demo() (participation/demo/seed.py). Safe to run twice.
The demo citizens are verified voters already; five fictional residents on the census get a letter
code, printed for trying that path.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from participation.accounts.models import User
from participation.budgeting import eligibility, services
from participation.budgeting.models import BudgetRound, CensusEntry, RoundVoter
from participation.city.models import District
from participation.extensions import db
from participation.processes.services import get_process_by_slug

PROCESS_SLUG = "burgerbegroting-2027"
DEMO_VOTERS = ("burger@demo.stadslab.be", "buur@demo.stadslab.be")

# (title, cost in euro, district name or None, description)
PROJECTS = (
    ("Fietsenstalling aan Gent-Dampoort", 180_000, "Dampoort", "Een overdekte stalling voor 400 fietsen naast het station, met laadpunten voor elektrische fietsen."),
    ("Pocketpark op het Frans Rensplein", 95_000, None, "Een verharde parking wordt een klein park met bomen, bankjes en een waterpunt."),
    ("Speelbos aan de Watersportbaan", 140_000, None, "Een natuurlijk speelbos met boomstammen, een wilgenhut en een modderkeuken."),
    ("Geveltuinen in de Brugse Poort", 45_000, "Brugse Poort - Rooigem", "De stad legt 300 geveltuinen aan voor bewoners die erom vragen, met plantadvies."),
    ("Buurtsportveld in Nieuw Gent", 210_000, "Nieuw Gent - UZ", "Een omheind sportveld voor voetbal en basketbal, met verlichting tot 22 uur."),
    ("Waterpunten in de binnenstad", 60_000, None, "Twaalf drinkwaterfonteinen op pleinen en langs wandelroutes."),
    ("Veilige oversteek aan de Kortrijksesteenweg", 120_000, None, "Een verhoogd kruispunt en betere verlichting aan de schoolroute in Sint-Pieters-Aalst."),
    ("Buurtkeuken in Rabot", 85_000, "Rabot - Blaisantvest", "Een gedeelde keuken in het buurtcentrum voor kookateliers en buurtmaaltijden."),
    ("Zitbanken langs de Leie", 40_000, None, "Dertig nieuwe zitbanken met rugleuning langs de Leie, om de 200 meter."),
    ("Vergroening schoolomgeving Ledeberg", 150_000, "Ledeberg", "Ontharding van de schoolomgeving met bomen, een regentuin en een schoolstraat."),
)


def _demo_national_number(serial: int) -> str:
    base = f"850615{serial:03d}"
    return base + f"{97 - int(base) % 97:02d}"


# Fictional residents (valid check digits) who get a letter code in the demo.
LETTER_RESIDENTS = "national_number;birth_date;name;street;postcode;city\n" + "".join(
    f"{_demo_national_number(serial)};1985-06-15;{name};{street};9000;Gent\n"
    for serial, (name, street) in enumerate((
        ("An Peeters", "Veldstraat 1"), ("Youssef El Amrani", "Sleepstraat 12"), ("Marie Dubois", "Dampoortstraat 3"),
        ("Koen De Smet", "Overpoortstraat 40"), ("Fatma Yilmaz", "Wondelgemstraat 7"),
    ), start=501)
)


def seed_demo_budgeting() -> dict:
    """Create the demo round if it is missing; return its id and some letter codes to try."""
    process = get_process_by_slug(PROCESS_SLUG)
    if process is None:
        return {}
    existing = db.session.scalar(select(BudgetRound).where(BudgetRound.process_id == process.id))
    if existing is not None:
        return {"round_id": existing.id, "letter_codes": []}
    staff = db.session.scalar(select(User).where(User.email == "stad@demo.stadslab.be")) or process.created_by
    districts = {d.name: d.id for d in db.session.scalars(select(District))}
    round_ = services.save_round(
        None, process=process, actor=staff, title="Burgerbegroting 2027: de hele stad",
        description="Kies de projecten die jij het belangrijkst vindt, binnen de begroting van 1,2 miljoen euro.",
        district_id=None, vote_method="knapsack", budget_cents=1_200_000_00, min_age=16,
    )
    for title, euros, district, description in PROJECTS:
        project = services.save_project(None, round_=round_, actor=staff, title=title, description=description,
                                        cost_cents=euros * 100, district_id=districts.get(district) if district else None)
        services.review_project(project, staff, verdict="feasible",
                                explanation="De stadsdiensten bevestigen dat dit binnen twee jaar uitvoerbaar is.",
                                cost_cents=euros * 100)
    services.change_round_status(round_, "published", staff)
    # Demo citizens count as residents: a census entry made from a demo identity, and their account verified.
    for number, email in enumerate(DEMO_VOTERS, start=1):
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            continue
        key = eligibility.keyed_hash("census", round_.id, f"demo:{email}")
        db.session.add(CensusEntry(round_id=round_.id, identity_key="census:" + key))
        db.session.add(RoundVoter(round_id=round_.id, user_id=user.id, identity_key="census:" + key, channel="census"))
    # Five residents on the census who get a letter: each code stands for its resident (try one, then try
    # that resident's national register number on another account: it is refused, one person one ballot).
    services.upload_census(round_, LETTER_RESIDENTS.encode(), staff, date.today())
    batch = services.generate_letter_codes(round_, LETTER_RESIDENTS.encode(), staff)
    db.session.flush()
    return {"round_id": round_.id, "letter_codes": [letter["code"] for letter in batch.letters]}
