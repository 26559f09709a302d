"""Demo content: one account per role, and processes in every phase, dated around today."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from participation.accounts.models import User
from participation.accounts.services import create_user
from participation.city.models import District, Theme
from participation.city.seed import seed_districts_and_themes
from participation.core.translated import Translations
from participation.extensions import db
from participation.municipality.profile import stored_row
from participation.municipality.services import ProfileValues, save_profile
from participation.processes import services as processes
from participation.processes.models import Process


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    name: str


DEMO_LOGINS = (
    DemoLogin("citizen", "burger@demo.stadslab.be", "burger-demo-2026", "Ans Verbeke"),
    DemoLogin("citizen", "buur@demo.stadslab.be", "buur-demo-2026", "Karim El Idrissi"),
    DemoLogin("moderator", "moderator@demo.stadslab.be", "moderator-demo-2026", "Lotte De Smet"),
    DemoLogin("staff", "stad@demo.stadslab.be", "stadsdienst-demo-2026", "Pieter Claeys (Stad Gent)"),
    DemoLogin("admin", "admin@demo.stadslab.be", "beheerder-demo-2026", "Sara Janssens (beheer)"),
)


@dataclass(frozen=True)
class DemoProcess:
    slug: str
    title: str
    goal: str
    description: str
    themes: tuple[str, ...]
    districts: tuple[str, ...]
    moderation: str
    # (kind, first day offset from today, last day offset)
    phases: tuple[tuple[str, int, int], ...]
    status: str = "published"
    previous: str | None = None
    # Staff translations, {language: {"title": ..., "policy_goal": ..., "description": ...}}: the demo shows
    # one translated process and, everywhere else, the marked Dutch fallback.
    translations: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()


DEMO_PROCESSES = (
    DemoProcess(
        "ruimte-voor-gent-2040",
        "Ruimte voor Gent: hoe ziet jouw buurt eruit in 2040?",
        "De stad verwerkt alle ideeën in het nieuwe ruimtelijk structuurplan. Elk idee krijgt een publiek antwoord van de dienst Ruimtelijke Planning binnen 60 dagen na het einde van de ideeënfase.",
        "Gent groeit. Waar komen nieuwe woningen, parken, fietsroutes en pleinen?\n\n"
        "Deel je idee voor **jouw buurt** of voor de hele stad. Steun de ideeën van anderen en reageer.\n\n"
        "- Ideeën indienen kan tot het einde van de ideeënfase\n- Elk idee krijgt een antwoord van de stad",
        ("spatial-planning", "greenery", "housing"),
        (),
        "post",
        (("information", -40, -21), ("ideation", -20, 25), ("review", 26, 85), ("evaluation", 86, 120)),
    ),
    DemoProcess(
        "burgerbegroting-2027",
        "Burgerbegroting 2027",
        "De stad voert de projecten met de meeste stemmen uit, tot het budget van 1,2 miljoen euro op is. De uitvoering start in 2027 en je volgt de voortgang hier.",
        "Gentenaars beslissen mee over 1,2 miljoen euro. Kies de projecten die jouw wijk beter maken.",
        ("citizen-budget",),
        (),
        "pre",
        (("ideation", -120, -61), ("review", -60, -11), ("voting", -10, 20), ("implementation", 21, 400)),
        previous="burgerbegroting-2024",
    ),
    DemoProcess(
        "burgerbegroting-2024",
        "Burgerbegroting 2024",
        "De stad voerde de 18 gekozen projecten uit; het eindverslag staat op deze pagina.",
        "De vorige editie van de burgerbegroting.",
        ("citizen-budget",),
        (),
        "pre",
        (("ideation", -900, -840), ("voting", -800, -780), ("implementation", -779, -200), ("evaluation", -199, -150)),
        status="archived",
    ),
    DemoProcess(
        "schoolstraten",
        "Veilige schoolomgevingen en schoolstraten",
        "De mobiliteitsdienst beoordeelt elk voorstel en beslist per school of er een schoolstraat komt. We publiceren per voorstel de beslissing en de reden.",
        "Welke schoolomgevingen moeten veiliger? Stel een schoolstraat voor.",
        ("mobility", "youth", "safety"),
        ("Ledeberg", "Rabot - Blaisantvest", "Sint-Amandsberg"),
        "post",
        (("ideation", -70, -15), ("review", -14, 30)),
        translations=(
            ("fr", (
                ("title", "Des abords d'école sûrs et des rues scolaires"),
                ("policy_goal", "Le service de la mobilité examine chaque proposition et décide, école par école, "
                                "s'il y aura une rue scolaire. Nous publions la décision et sa raison pour chaque proposition."),
                ("description", "Quels abords d'école doivent devenir plus sûrs ? Proposez une rue scolaire."),
            )),
            ("en", (
                ("title", "Safe school surroundings and school streets"),
                ("policy_goal", "The mobility department assesses every proposal and decides, school by school, whether "
                                "a school street will come. We publish the decision and the reason for each proposal."),
            )),
        ),
    ),
    DemoProcess(
        "groen-brugse-poort",
        "Meer groen in de Brugse Poort",
        "De gekozen vergroeningsprojecten worden aangelegd in 2026-2027. De groendienst rapporteert hier elke maand over de vooruitgang.",
        "Geveltuinen, pocketparken en bomen in de straat: samen maken we de Brugse Poort groener.",
        ("greenery", "environment"),
        ("Brugse Poort - Rooigem",),
        "post",
        (("ideation", -300, -240), ("review", -239, -200), ("implementation", -199, 160)),
    ),
    DemoProcess(
        "jeugd-en-de-stad",
        "Jeugd en de stad: wat hebben jongeren nodig?",
        "De jeugddienst gebruikt de resultaten voor het nieuwe jeugdbeleidsplan en koppelt terug via deze pagina.",
        "Een informatiefase over vrije tijd, ontmoetingsplekken en sport voor jongeren van 12 tot 25.",
        ("youth", "sport"),
        (),
        "post",
        (("information", -5, 12), ("ideation", 13, 60)),
    ),
    DemoProcess(
        "kunst-in-de-wijk",
        "Kunst in de wijk 2025",
        "De cultuurdienst evalueert samen met bewoners welke kunstprojecten blijven.",
        "Hoe kijken bewoners terug op de kunstprojecten in hun wijk?",
        ("culture",),
        ("Muide - Meulestede - Afrikalaan", "Dampoort"),
        "post",
        (("implementation", -200, -30), ("evaluation", -29, 14)),
    ),
    DemoProcess(
        "speelpleinen-2027",
        "Nieuwe speelpleinen in Sint-Amandsberg en Oostakker",
        "De stad legt in 2027 twee nieuwe speelpleinen aan op basis van de voorstellen van kinderen en ouders.",
        "Binnenkort: denk mee over nieuwe speelpleinen.",
        ("youth", "greenery"),
        ("Sint-Amandsberg", "Oostakker"),
        "post",
        (("information", 21, 35), ("ideation", 36, 90)),
    ),
    DemoProcess(
        "voedselstrategie-concept",
        "Gentse voedselstrategie 2030 (concept)",
        "Nog in voorbereiding.",
        "Een concept dat de stadsdiensten nog voorbereiden.",
        ("food",),
        (),
        "post",
        (),
        status="draft",
    ),
)


GHENT_PROFILE = ProfileValues(
    official_name_nl="Stad Gent",
    official_name_fr="Ville de Gand",
    official_name_en="City of Ghent",
    short_name="Gent",
    primary_colour="#00406b",
    secondary_colour="#002b49",
    contact_email="info@demo.stadslab.be",
    contact_phone="09 210 10 10",
    contact_address="Botermarkt 1, 9000 Gent",
    dpo_contact="Functionaris voor gegevensbescherming, Botermarkt 1, 9000 Gent, privacy@demo.stadslab.be",
    languages=["nl", "fr", "en"],
    default_language="nl",
    timezone="Europe/Brussels",
)


def seed_profile(values: ProfileValues) -> bool:
    """Store the municipality's profile unless one was saved already (an admin's changes stay).
    Returns whether it stored one."""
    if stored_row() is not None:
        return False
    save_profile(values)
    return True


def seed_gent_profile() -> bool:
    """The demo city's profile: names, the colours the site already wears, contact, languages. Left alone
    once a profile exists."""
    return seed_profile(GHENT_PROFILE)


def seed_users(logins: tuple[DemoLogin, ...]) -> None:
    """One account per demo login; an account that exists is left as it is."""
    for login in logins:
        if db.session.scalar(select(User).where(User.email == login.email)) is None:
            create_user(login.email, login.name, login.password, role=login.role)


def seed_processes(demos: tuple[DemoProcess, ...], *, author: User, today: date) -> None:
    """Create the processes whose slug is not taken yet, with phases dated around `today`."""
    themes = {theme.slug: theme.id for theme in db.session.scalars(select(Theme))}
    districts = {district.name: district.id for district in db.session.scalars(select(District))}
    # Older editions first, so newer ones can link to them.
    for demo in sorted(demos, key=lambda d: d.previous is not None):
        if processes.get_process_by_slug(demo.slug) is not None:
            continue
        previous = processes.get_process_by_slug(demo.previous) if demo.previous else None
        process = processes.save_process(
            None,
            author=author,
            title=demo.title,
            slug=demo.slug,
            policy_goal=demo.goal,
            description=demo.description,
            moderation_mode=demo.moderation,
            theme_ids=[themes[slug] for slug in demo.themes],
            district_ids=[districts[name] for name in demo.districts],
            previous_edition_id=previous.id if previous else None,
            translations=Translations("nl", {language: dict(texts) for language, texts in demo.translations}),
        )
        for kind, first, last in demo.phases:
            processes.add_phase(
                process, kind=kind, starts_on=today + timedelta(days=first), ends_on=today + timedelta(days=last)
            )
        if demo.status != "draft":
            processes.change_status(process, "published")
        if demo.status == "archived":
            processes.change_status(process, "archived")


def seed_demo(today: date | None = None) -> list[DemoLogin]:
    """Seed the demo city. Safe to run twice: what exists is left alone."""
    today = today or date.today()
    seed_gent_profile()
    seed_districts_and_themes()
    seed_users(DEMO_LOGINS)
    staff = db.session.scalar(select(User).where(User.email == "stad@demo.stadslab.be"))
    seed_processes(DEMO_PROCESSES, author=staff, today=today)
    return list(DEMO_LOGINS)


def demo_already_seeded() -> bool:
    return db.session.scalar(select(Process.id).limit(1)) is not None


def seed_demo_features() -> dict:
    """Ideas, budget round and crowdfunding campaigns on top of the demo city (each safe to run twice)."""
    from participation.budgeting.demo import seed_demo_budgeting
    from participation.crowdfunding.demo import seed_demo_campaigns
    from participation.feedback.demo import seed_demo_feedback
    from participation.ideas.demo import seed_demo_ideas
    from participation.outcomes.demo import seed_demo_outcomes

    seed_demo_ideas()
    db.session.flush()
    budgeting = seed_demo_budgeting() or {}
    seed_demo_campaigns()
    db.session.flush()
    seed_demo_feedback()  # after the budget round, so its answers do not change which ideas became projects
    db.session.flush()
    seed_demo_outcomes()  # after the ideas and their answers: the closing report of the evaluated process
    db.session.flush()
    return budgeting
