"""Demo content for the outcome pages: the published closing report of the process in its evaluation phase.

Call seed_demo_outcomes() after the demo ideas and their official responses; safe to run twice.
"""
from __future__ import annotations

from sqlalchemy import select

from participation.accounts.models import User
from participation.extensions import db
from participation.ideas.models import Idea
from participation.outcomes import services
from participation.outcomes.models import ClosingReport
from participation.processes.models import Process

EVALUATED_PROCESS = "kunst-in-de-wijk"
STAFF_EMAIL = "stad@demo.stadslab.be"

REPORT_TITLE = "Jullie zeiden, wij deden: Kunst in de wijk 2025"
REPORT_BODY = """Bedankt aan iedereen die meedacht over de kunstprojecten in de Muide, Meulestede, de Afrikalaan en Dampoort.

**Wat jullie zeiden**

- De muurschilderingen maken de buurt herkenbaarder en mogen blijven.
- Kunst moet ook 's avonds zichtbaar zijn: vraag naar verlichting.
- Meer plaats voor kinderen en jongeren in de volgende editie.

**Wat de stad deed**

- De drie muurschilderingen blijven staan; de cultuurdienst onderhoudt ze tot 2030.
- Aan de Afrikalaan komt verlichting bij het beeld aan het water.
- De volgende editie reserveert een derde van het budget voor projecten met scholen en jeugdhuizen.

Elk idee kreeg een publiek antwoord: je leest het hieronder bij de uitkomst van elk idee."""


def seed_demo_outcomes() -> bool:
    """Publish the closing report of the evaluated demo process, if it has ideas. Returns True when it was added."""
    process = db.session.scalar(select(Process).where(Process.slug == EVALUATED_PROCESS))
    staff = db.session.scalar(select(User).where(User.email == STAFF_EMAIL))
    if process is None or staff is None or process.status == "draft":
        return False
    if db.session.scalar(select(Idea.id).where(Idea.process_id == process.id).limit(1)) is None:
        return False
    if db.session.scalar(select(ClosingReport.id).where(ClosingReport.process_id == process.id)) is not None:
        return False
    report = services.save_report(process, staff, title=REPORT_TITLE, body=REPORT_BODY)
    services.publish_report(report, staff)
    return True
