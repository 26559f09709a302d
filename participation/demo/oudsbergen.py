"""A second demo municipality: Oudsbergen (Limburg), its six deelgemeenten, its own accounts, three
processes and a few ideas. It runs against whatever database is current, which is meant to be its own
(empty, migrated) one; safe to run twice: what exists is left alone.

Invented demo content: the addresses, phone number and people are not real.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from participation.accounts.models import User
from participation.city.models import Department, District, Theme
from participation.city.management import save_district
from participation.city.seed import THEMES
from participation.demo.seed import DemoLogin, DemoProcess, seed_processes, seed_profile, seed_users
from participation.extensions import db
from participation.ideas.demo import DemoIdea, seed_ideas
from participation.municipality.services import ProfileValues

DOMAIN = "oudsbergen.demo.stadslab.be"

OUDSBERGEN_PROFILE = ProfileValues(
    official_name_nl="Gemeente Oudsbergen",
    official_name_fr="Commune d’Oudsbergen",
    official_name_en="Municipality of Oudsbergen",
    short_name="Oudsbergen",
    primary_colour="#1e5631",  # dark green
    secondary_colour="#1a3e6e",  # dark blue
    contact_email=f"info@{DOMAIN}",
    contact_phone="089 00 00 00",
    contact_address="Dorpsstraat 1, 3660 Oudsbergen",
    dpo_contact=f"Functionaris voor gegevensbescherming, Dorpsstraat 1, 3660 Oudsbergen, privacy@{DOMAIN}",
    languages=["nl", "en"],
    default_language="nl",
    timezone="Europe/Brussels",
)

# The deelgemeenten with approximate numbers of residents (about 24,000 together).
DISTRICTS = (
    ("Meeuwen", 5600),
    ("Gruitrode", 4900),
    ("Ellikom", 800),
    ("Neerglabbeek", 1700),
    ("Wijshagen", 1000),
    ("Opglabbeek", 10200),
)

# Themes the first demo city uses too, with the same slugs and names.
THEME_SLUGS = ("mobility", "greenery", "spatial-planning", "youth", "culture", "sport")

DEPARTMENTS = (
    ("omgeving-mobiliteit", "Omgeving en Mobiliteit", "Environnement et mobilité", "Planning and mobility"),
    ("vrije-tijd", "Vrije Tijd", "Loisirs", "Leisure"),
)

CITIZEN, MODERATOR, STAFF, ADMIN = (f"{name}@{DOMAIN}" for name in ("inwoner", "moderator", "gemeente", "admin"))

OUDSBERGEN_LOGINS = (
    DemoLogin("citizen", CITIZEN, "inwoner-oudsbergen-2026", "Mieke Stulens"),
    DemoLogin("moderator", MODERATOR, "moderator-oudsbergen-2026", "Jef Ceyssens"),
    DemoLogin("staff", STAFF, "gemeente-oudsbergen-2026", "Griet Bollen (gemeente Oudsbergen)"),
    DemoLogin("admin", ADMIN, "beheerder-oudsbergen-2026", "Koen Hendrikx (beheer)"),
)

DORPSKERNEN = "dorpskernen-meeuwen-opglabbeek"

OUDSBERGEN_PROCESSES = (
    DemoProcess(
        DORPSKERNEN,
        "Dorpskernen Meeuwen en Opglabbeek: wat moet er beter?",
        "Het college bespreekt alle ideeën en neemt de beste op in het plan voor de dorpskernen. Elk idee krijgt "
        "binnen 60 dagen na de ideeënfase een publiek antwoord van de dienst Omgeving en Mobiliteit.",
        "De dorpskernen van Meeuwen en Opglabbeek krijgen de komende jaren een opknapbeurt. Hoe maken we ze "
        "veiliger, groener en gezelliger?\n\n"
        "Deel je idee voor **jouw dorp**, steun de ideeën van anderen en reageer.\n\n"
        "- Ideeën indienen kan tot het einde van de ideeënfase\n- Elk idee krijgt een antwoord van de gemeente",
        ("mobility", "greenery", "spatial-planning"),
        ("Meeuwen", "Opglabbeek"),
        "post",
        (("information", -30, -15), ("ideation", -14, 30), ("review", 31, 90)),
    ),
    DemoProcess(
        "jeugdlokalen-gruitrode-ellikom",
        "Een plek voor jongeren in Gruitrode en Ellikom",
        "De dienst Vrije Tijd gebruikt de resultaten voor de nieuwe jeugdlokalen en koppelt terug via deze pagina.",
        "Binnenkort: denk mee over een ontmoetingsplek, sport en fuiven voor jongeren van 12 tot 25.",
        ("youth", "sport"),
        ("Gruitrode", "Ellikom"),
        "post",
        (("information", 14, 30), ("ideation", 31, 75)),
    ),
    DemoProcess(
        "trage-wegen-2025",
        "Trage wegen in Neerglabbeek en Wijshagen",
        "De gemeente heeft de gekozen wandel- en fietsverbindingen opnieuw opengelegd; het verslag staat op deze pagina.",
        "Welke oude voetwegen tussen de dorpen en de Hoge Kempen verdienen een tweede leven?",
        ("mobility", "greenery"),
        ("Neerglabbeek", "Wijshagen"),
        "post",
        (("ideation", -400, -340), ("review", -339, -280), ("evaluation", -279, -200)),
    ),
)

OUDSBERGEN_IDEAS = (
    DemoIdea(
        DORPSKERNEN, CITIZEN,
        "Een veilige oversteek aan de kerk van Meeuwen",
        "Aan de kerk steken elke ochtend kinderen over naar school, terwijl de auto's er vaak te snel rijden.\n\n"
        "**Voorstel:** een verhoogd zebrapad met een middenberm en betere verlichting.",
        "mobility", "Meeuwen", (51.0855, 5.5260),
        supporters=(MODERATOR, ADMIN),
        comments=((MODERATOR, "Ook de bushalte ligt daar: een goede plek om te beginnen."),),
    ),
    DemoIdea(
        DORPSKERNEN, CITIZEN,
        "Meer bomen en zitbanken op het marktplein van Opglabbeek",
        "Het marktplein is in de zomer een hete stenen vlakte. Een paar grote bomen, zitbanken in de schaduw en "
        "een drinkwaterpunt maken er weer een plek om elkaar te ontmoeten.",
        "greenery", "Opglabbeek", (51.0430, 5.5830),
        supporters=(MODERATOR,),
    ),
    DemoIdea(
        DORPSKERNEN, CITIZEN,
        "Fietsenstalling met laadpunten bij de winkels",
        "Wie met de (elektrische) fiets boodschappen doet, vindt nu nergens een overdekte stalling. Een stalling "
        "met een paar laadpunten moedigt meer mensen aan om de auto thuis te laten.",
        "mobility", "Opglabbeek", None,
        supporters=(ADMIN,),
    ),
    DemoIdea(
        DORPSKERNEN, CITIZEN,
        "Een wekelijkse boerenmarkt in de dorpskern",
        "Laat lokale boeren en makers uit de deelgemeenten op zaterdagvoormiddag hun producten verkopen in de "
        "dorpskern van Meeuwen. Zo komt er meer leven in het centrum.",
        "spatial-planning", "Meeuwen", None,
    ),
)


def seed_oudsbergen_lists() -> None:
    """The deelgemeenten with their population, the themes and the departments that are still missing."""
    existing = set(db.session.scalars(select(District.name)))
    for name, population in DISTRICTS:
        if name not in existing:
            save_district(None, name=name, population=population)
    existing_themes = set(db.session.scalars(select(Theme.slug)))
    chosen = [theme for theme in THEMES if theme[0] in THEME_SLUGS]
    for position, (slug, nl, fr, en) in enumerate(chosen, start=1):
        if slug not in existing_themes:
            db.session.add(Theme(slug=slug, name_nl=nl, name_fr=fr, name_en=en, position=position))
    existing_departments = set(db.session.scalars(select(Department.slug)))
    for position, (slug, nl, fr, en) in enumerate(DEPARTMENTS, start=1):
        if slug not in existing_departments:
            db.session.add(Department(slug=slug, name_nl=nl, name_fr=fr, name_en=en, position=position))
    db.session.flush()


def seed_oudsbergen(today: date | None = None) -> list[DemoLogin]:
    """Seed Oudsbergen in the current database: profile, lists, accounts, processes, ideas. Flushes, does
    not commit. Returns the logins to print."""
    today = today or date.today()
    seed_profile(OUDSBERGEN_PROFILE)
    seed_oudsbergen_lists()
    seed_users(OUDSBERGEN_LOGINS)
    staff = db.session.scalar(select(User).where(User.email == STAFF))
    seed_processes(OUDSBERGEN_PROCESSES, author=staff, today=today)
    seed_ideas(OUDSBERGEN_IDEAS, staff_email=STAFF, moderator_email=MODERATOR, today=today)
    db.session.flush()
    return list(OUDSBERGEN_LOGINS)
