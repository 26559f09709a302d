"""Demo content for the outcome pages: the evaluated demo process with answered ideas and its closing report.

"Kunst in de wijk 2025" is in its evaluation phase: its ideas came in months ago and the city answered
them, so they are written with their history (dates in the past); services would stamp them "now".
If another seed already gave the process ideas, those are kept and only the report is added.

Call seed_demo_outcomes() after the demo ideas; safe to run twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from participation.accounts.models import User
from participation.city.models import Department
from participation.core.models import utcnow
from participation.core.text import clean_plain, clean_rich
from participation.extensions import db
from participation.ideas.models import Idea, IdeaStatusChange
from participation.ideas.search import normalise
from participation.outcomes import services
from participation.outcomes.models import ClosingReport
from participation.processes.models import Process

EVALUATED_PROCESS = "kunst-in-de-wijk"
STAFF_EMAIL = "stad@demo.stadslab.be"
DEPARTMENT = "cultuur"


@dataclass(frozen=True)
class PastIdea:
    author: str  # a demo account's email, or "" for an idea received on paper
    title: str
    description: str
    published_days_ago: int
    # (days after publication, new status, public explanation); the first one is the official response.
    responses: tuple[tuple[int, str, str], ...] = ()
    offline_name: str = ""


PAST_IDEAS = (
    PastIdea(
        "burger@demo.stadslab.be", "Laat de muurschildering aan de Voorhavenlaan staan",
        "De muurschildering van de havenarbeiders is een herkenningspunt geworden. Laat ze staan na de proefperiode.",
        150,
        ((9, "accepted", "De muurschildering blijft. De cultuurdienst sluit een onderhoudscontract af tot 2030."),
         (40, "in_progress", "Het onderhoudscontract is getekend; de kunstenaar herstelt de beschadigde hoek."),
         (90, "implemented", "De muurschildering is hersteld en beschermd met een anti-graffitilaag.")),
    ),
    PastIdea(
        "buur@demo.stadslab.be", "Verlichting bij het beeld aan de Afrikalaan",
        "'s Avonds zie je het beeld aan het water niet meer. Met wat verlichting blijft het ook in de winter zichtbaar.",
        120,
        ((12, "accepted", "Goed idee: we plaatsen zuinige ledverlichting op een tijdschakelaar."),
         (45, "in_progress", "De verlichting is besteld; de plaatsing volgt samen met de werken aan de kade.")),
    ),
    PastIdea(
        "", "Meer kunstprojecten met de kinderen van de buurtscholen",
        "Ingediend op papier tijdens de wijkwandeling. De kinderen van de Muide willen zelf iets maken voor hun buurt.",
        100,
        ((20, "accepted", "De volgende editie reserveert een derde van het budget voor projecten met scholen en jeugdhuizen."),),
        offline_name="Leerkracht basisschool De Muide (via de wijkwandeling)",
    ),
    PastIdea(
        "burger@demo.stadslab.be", "Een groot kunstwerk op het Dampoortplein",
        "Het Dampoortplein is grijs. Een groot kunstwerk in het midden zou het plein een gezicht geven.",
        90,
        ((6, "not_feasible", "Het Dampoortplein wordt in 2027 heraangelegd. Een kunstwerk nu zou na één jaar weer weg moeten; "
                             "we nemen het idee mee in het ontwerp van het nieuwe plein."),),
    ),
    PastIdea(
        "buur@demo.stadslab.be", "Een graffitimuur voor jongeren in Meulestede",
        "Jongeren zoeken een plek waar ze legaal mogen spuiten. De blinde muur aan de sporthal is ideaal.",
        40,
    ),
)

REPORT_TITLE = "Jullie zeiden, wij deden: Kunst in de wijk 2025"
REPORT_BODY = """Bedankt aan iedereen die meedacht over de kunstprojecten in de Muide, Meulestede, de Afrikalaan en Dampoort.

**Wat jullie zeiden**

- De muurschilderingen maken de buurt herkenbaarder en mogen blijven.
- Kunst moet ook 's avonds zichtbaar zijn: vraag naar verlichting.
- Meer plaats voor kinderen en jongeren in de volgende editie.

**Wat de stad deed**

- De muurschildering aan de Voorhavenlaan blijft; de cultuurdienst onderhoudt ze tot 2030.
- Aan de Afrikalaan komt verlichting bij het beeld aan het water.
- De volgende editie reserveert een derde van het budget voor projecten met scholen en jeugdhuizen.

Elk idee krijgt een publiek antwoord: je leest het hieronder bij de uitkomst van elk idee."""


def _add_past_idea(process: Process, demo: PastIdea, users: dict[str, User], staff: User, department_id: int | None, now: datetime) -> None:
    published = now - timedelta(days=demo.published_days_ago)
    author = users.get(demo.author)
    idea = Idea(
        process_id=process.id,
        author_id=author.id if author else None,
        offline_author_name=demo.offline_name or None,
        channel="online" if author else "paper",
        entered_by_id=None if author else staff.id,
        title=demo.title,
        description_source=demo.description,
        description_html=clean_rich(demo.description),
        search_text=normalise(f"{demo.title} {demo.description}"),
        status="published",
        department_id=department_id,
        published_at=published,
        created_at=published,
        updated_at=published,
    )
    db.session.add(idea)
    db.session.flush()
    db.session.add(IdeaStatusChange(idea_id=idea.id, from_status=None, to_status="published", changed_by_id=None, created_at=published))
    for days, status, note in demo.responses:
        moment = published + timedelta(days=days)
        db.session.add(IdeaStatusChange(
            idea_id=idea.id, from_status=idea.status, to_status=status, note=clean_plain(note, multiline=True), changed_by_id=staff.id,
            is_official_response=True, department_id=department_id, created_at=moment,
        ))
        idea.status = status
        idea.first_response_at = idea.first_response_at or moment
        idea.updated_at = moment
    idea.progress_percent = 100 if idea.status == "implemented" else (40 if idea.status == "in_progress" else 0)


def seed_demo_outcomes(now: datetime | None = None) -> bool:
    """Give the evaluated process its answered ideas (unless it has ideas already) and publish its closing report.

    Returns True when the report was added.
    """
    now = now or utcnow()
    process = db.session.scalar(select(Process).where(Process.slug == EVALUATED_PROCESS))
    staff = db.session.scalar(select(User).where(User.email == STAFF_EMAIL))
    if process is None or staff is None or process.status == "draft":
        return False
    if db.session.scalar(select(ClosingReport.id).where(ClosingReport.process_id == process.id)) is not None:
        return False
    if db.session.scalar(select(Idea.id).where(Idea.process_id == process.id).limit(1)) is None:
        users = {user.email: user for user in db.session.scalars(select(User))}
        department_id = db.session.scalar(select(Department.id).where(Department.slug == DEPARTMENT))
        for demo in PAST_IDEAS:
            _add_past_idea(process, demo, users, staff, department_id, now)
        db.session.flush()
    report = services.save_report(process, staff, title=REPORT_TITLE, body=REPORT_BODY)
    services.publish_report(report, staff)
    return True
