"""Demo feedback: answer templates, official responses on a few demo ideas, and one accepted idea at 40%
with milestones and an update, so the demo shows the timeline and the progress bar.

Call seed_demo_feedback() after the demo ideas exist; it is safe to run twice (an idea that already has
an official response, and a template that exists, are left alone).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from participation.accounts.models import User
from participation.city.models import Department
from participation.extensions import db
from participation.feedback import services
from participation.feedback.models import AnswerTemplate
from participation.ideas import states
from participation.ideas.models import Idea, IdeaStatusChange

STAFF = "stad@demo.stadslab.be"

TEMPLATES = (
    ("Wordt onderzocht",
     "Bedankt voor je idee. De bevoegde dienst onderzoekt het en we laten je binnen 60 dagen weten wat we ermee doen.",
     "Merci pour votre idée. Le service compétent l'examine et nous vous dirons dans les 60 jours ce que nous en faisons.",
     "Thank you for your idea. The department in charge is looking into it; we will tell you within 60 days what we do with it."),
    ("Niet haalbaar: geen bevoegdheid",
     "Dit idee valt niet onder de bevoegdheid van de stad. We hebben het doorgegeven aan de bevoegde overheid.",
     "Cette idée ne relève pas de la compétence de la ville. Nous l'avons transmise à l'autorité compétente.",
     "This idea is not the city's responsibility. We passed it on to the authority in charge."),
)


@dataclass(frozen=True)
class DemoResponse:
    title: str
    steps: tuple[tuple[str, str, str, str], ...]  # (status, explanation, cost in euros, department slug)
    progress: int = 0
    milestones: tuple[tuple[str, int, bool], ...] = ()  # (title, days from today, reached)
    update: str = ""


RESPONSES = (
    DemoResponse(
        "Schoolstraat aan de basisschool in de Kerkstraat",
        (
            ("accepted", "De mobiliteitsdienst heeft de schoolomgeving bekeken met de school en de buurt. "
             "We voeren de schoolstraat in vanaf het volgende trimester, met hekken aan beide kanten.", "15000", "mobiliteit"),
        ),
        progress=40,
        milestones=(("Verkeersbesluit genomen", -10, True), ("Hekken en borden geplaatst", 20, False), ("Eerste schooldag met schoolstraat", 45, False)),
        update="De **hekken** zijn besteld. Tijdens de herfstvakantie plaatsen we ze, samen met de verkeersborden.",
    ),
    DemoResponse(
        "Fietsstraat langs de school in Ledeberg",
        (("not_feasible", "Een fietsstraat kan hier niet: de straat is een doorgaande busroute van De Lijn. "
          "We verbreden wel het fietspad en leggen een veilige oversteekplaats aan.", "", "mobiliteit"),),
    ),
    DemoResponse(
        "Pocketpark op de lege hoek aan de Phoenixstraat",
        (("under_review", "De Groendienst bekijkt of de grond van de stad is en wat de aanleg zou kosten.", "", "groendienst"),),
    ),
)


def seed_demo_feedback(today: date | None = None) -> int:
    """Add the demo answers; returns how many ideas were answered."""
    today = today or date.today()
    staff = db.session.scalar(select(User).where(User.email == STAFF))
    if staff is None:
        return 0
    existing = set(db.session.scalars(select(AnswerTemplate.name)))
    for name, nl, fr, en in TEMPLATES:
        if name not in existing:
            services.save_answer_template(None, staff, name=name, body_nl=nl, body_fr=fr, body_en=en)
    departments = {d.slug: d.id for d in db.session.scalars(select(Department))}
    answered = 0
    for demo in RESPONSES:
        idea = db.session.scalar(select(Idea).where(Idea.title == demo.title))
        if idea is None or db.session.scalar(
            select(IdeaStatusChange.id).where(IdeaStatusChange.idea_id == idea.id, IdeaStatusChange.is_official_response)
        ):
            continue
        for status, explanation, cost, department in demo.steps:
            if idea.status != status and states.can_move(idea.status, status):
                services.respond_to_idea(idea, staff, status=status, explanation=explanation, cost_estimate=cost,
                                         department_id=departments.get(department))
        services.assign_idea(idea, staff, department_id=departments.get(demo.steps[-1][3]), assignee_id=staff.id)
        for title, offset, reached in demo.milestones:
            services.add_milestone(idea, staff, title=title, planned_on=today + timedelta(days=offset), is_done=reached,
                                   today=today + timedelta(days=offset))
        if demo.update or demo.progress:
            services.post_update(idea, staff, body=demo.update, progress_percent=demo.progress)
        answered += 1
    db.session.flush()
    return answered
