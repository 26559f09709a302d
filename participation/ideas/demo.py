"""Demo ideas for the demo city: a few realistic Ghent ideas with support, reactions and one paper idea.

Call seed_demo_ideas() after seed_demo(); it is safe to run twice (a process that has ideas is left alone).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from participation.accounts.models import User
from participation.city.models import District, Theme
from participation.extensions import db
from participation.ideas import services
from participation.ideas.models import Idea
from participation.processes.models import Process


@dataclass(frozen=True)
class DemoIdea:
    process: str
    author: str  # email of a demo account, or "" for an idea received on paper
    title: str
    description: str
    theme: str | None = None
    district: str | None = None
    location: tuple[float, float] | None = None
    supporters: tuple[str, ...] = ()
    comments: tuple[tuple[str, str], ...] = ()  # (email, text); a text starting with "↳ " replies to the previous one
    status: str | None = None  # moved on after submitting (review phase)
    offline_name: str = ""
    extra: dict = field(default_factory=dict)


ANS, KARIM, LOTTE, PIETER, SARA = (
    "burger@demo.stadslab.be", "buur@demo.stadslab.be", "moderator@demo.stadslab.be",
    "stad@demo.stadslab.be", "admin@demo.stadslab.be",
)

DEMO_IDEAS = (
    DemoIdea(
        "ruimte-voor-gent-2040", ANS,
        "Een autovrije Korenmarkt op zondag",
        "Op zondag is de Korenmarkt vol fietsers en wandelaars, maar de bussen en taxi's maken het onrustig.\n\n"
        "**Voorstel:** maak de Korenmarkt en de Veldstraat op zondag helemaal autovrij, met:\n\n"
        "- extra fietsenstallingen aan de randen\n- zitbanken en wat groen in bakken\n- een proefperiode van één zomer",
        "spatial-planning", "Binnenstad", (51.0545, 3.7215),
        supporters=(KARIM, LOTTE, SARA),
        comments=((KARIM, "Goed idee, maar denk aan de leveringen voor de winkels in de Veldstraat."),
                  (ANS, "↳ Leveringen kunnen tot 11 uur, zoals nu al in de voetgangerszone."),
                  (SARA, "Een proefzomer lijkt me een verstandige eerste stap.")),
    ),
    DemoIdea(
        "ruimte-voor-gent-2040", KARIM,
        "Pocketpark op de lege hoek aan de Phoenixstraat",
        "Het braakliggende stuk grond op de hoek van de Phoenixstraat ligt er al jaren bij. "
        "Maak er een klein buurtpark van met een paar bomen, een waterpunt en een petanquebaan. "
        "Buurtbewoners willen helpen met het onderhoud.",
        "greenery", "Brugse Poort - Rooigem", (51.0585, 3.7065),
        supporters=(ANS, LOTTE),
        comments=((ANS, "Ja! Er is nergens schaduw in de buurt voor de kinderen."),),
    ),
    DemoIdea(
        "ruimte-voor-gent-2040", ANS,
        "Betaalbare woningen boven de winkels in de Dampoortstraat",
        "Veel verdiepingen boven winkels staan leeg. De stad kan eigenaars helpen om er betaalbare woningen van te maken, "
        "bijvoorbeeld met een renovatiepremie en een aparte ingang.",
        "housing", "Dampoort", None,
        supporters=(KARIM,),
    ),
    DemoIdea(
        "ruimte-voor-gent-2040", "",
        "Meer zitbanken langs de Leie voor oudere wandelaars",
        "Ingediend op papier aan het infopunt in het Wijkcentrum. Mevrouw wandelt elke dag langs de Leie, "
        "maar tussen de Coupure en de Bijloke staan te weinig banken om even uit te rusten.",
        "welfare", "Watersportbaan - Ekkergem", (51.0478, 3.7138),
        supporters=(ANS, KARIM, LOTTE, SARA),
        comments=((LOTTE, "Sterk idee, ook voor mensen met een rolstoel die even willen pauzeren."),),
        offline_name="Godelieve (via het infopunt)",
    ),
    DemoIdea(
        "schoolstraten", ANS,
        "Schoolstraat aan de basisschool in de Kerkstraat",
        "Elke ochtend staan er auto's met draaiende motor voor de schoolpoort. "
        "Een schoolstraat van 8.15 tot 8.45 uur en van 15.15 tot 15.45 uur maakt het veiliger voor de kinderen.",
        "mobility", "Sint-Amandsberg", (51.0612, 3.7488),
        supporters=(KARIM, SARA),
        comments=((KARIM, "Ook de oversteekplaats aan de bakker mag beter verlicht worden."),),
        status="under_review",
    ),
    DemoIdea(
        "schoolstraten", KARIM,
        "Fietsstraat langs de school in Ledeberg",
        "Maak van de straat langs de school een fietsstraat: auto's mogen fietsers er niet inhalen.",
        "mobility", "Ledeberg", (51.0389, 3.7431),
        supporters=(ANS,),
        status="under_review",
    ),
)


def _ideation_day(process: Process, today: date) -> date:
    """A day in the process's ideation phase (today when it runs now), so the normal rules apply."""
    phase = next((p for p in process.phases if p.kind == "ideation"), None)
    if phase is None:
        return today
    return today if phase.starts_on <= today <= phase.ends_on else phase.starts_on + timedelta(days=1)


def seed_demo_ideas(today: date | None = None) -> int:
    """Add the demo ideas; returns how many were created."""
    return seed_ideas(DEMO_IDEAS, staff_email=PIETER, moderator_email=LOTTE, today=today)


def seed_ideas(demo_ideas: tuple[DemoIdea, ...], *, staff_email: str, moderator_email: str, today: date | None = None) -> int:
    """Add demo ideas through the ideas services, as their authors would; a process that has ideas
    already is left alone. `staff_email` enters paper ideas and changes statuses, `moderator_email`
    publishes what waits for moderation. Returns how many were created."""
    today = today or date.today()
    users = {user.email: user for user in db.session.scalars(select(User))}
    themes = {theme.slug: theme.id for theme in db.session.scalars(select(Theme))}
    districts = {district.name: district.id for district in db.session.scalars(select(District))}
    staff = users.get(staff_email)
    created = 0
    for slug in dict.fromkeys(demo.process for demo in demo_ideas):
        process = db.session.scalar(select(Process).where(Process.slug == slug))
        if process is None or staff is None:
            continue
        if db.session.scalar(select(Idea.id).where(Idea.process_id == process.id).limit(1)) is not None:
            continue
        day = _ideation_day(process, today)
        for demo in (d for d in demo_ideas if d.process == slug):
            fields = dict(
                title=demo.title, description=demo.description,
                theme_id=themes.get(demo.theme) if demo.theme in {t.slug for t in process.themes} or not process.themes else None,
                district_id=districts.get(demo.district) if demo.district else None,
                latitude=demo.location[0] if demo.location else None,
                longitude=demo.location[1] if demo.location else None,
                today=day,
            )
            if process.districts and fields["district_id"] not in {d.id for d in process.districts}:
                fields["district_id"] = None
            if demo.author:
                idea = services.submit_idea(process, users[demo.author], **fields)
            else:
                idea = services.enter_offline_idea(process, staff, channel="info_point", author_name=demo.offline_name, **fields)
            if idea.status == "awaiting_moderation":
                services.publish_idea(idea, users.get(moderator_email))
            for email in demo.supporters:
                if email in users and users[email].id != idea.author_id:
                    services.support_idea(idea, users[email], today=day)
            previous = None
            for email, text in demo.comments:
                if email not in users:
                    continue
                if text.startswith("↳ ") and previous is not None:
                    services.add_comment(idea, users[email], text[2:], parent=previous)
                else:
                    previous = services.add_comment(idea, users[email], text)
            if demo.status:
                services.change_idea_status(idea, demo.status, staff)
            created += 1
    db.session.flush()
    return created
