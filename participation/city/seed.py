"""Ghent's 25 districts (wijken), the city's participation themes and the departments that answer ideas."""
from __future__ import annotations

from sqlalchemy import select

from participation.city.models import Department, District, Theme
from participation.extensions import db
from participation.core.text import slugify

GHENT_DISTRICTS = (
    "Binnenstad", "Bloemekenswijk", "Brugse Poort - Rooigem", "Dampoort", "Drongen",
    "Elisabethbegijnhof - Prinsenhof - Papegaai - Sint-Michiels", "Gentbrugge", "Kanaaldorpen en -zone",
    "Ledeberg", "Macharius - Heirnis", "Mariakerke", "Moscou - Vogelhoek", "Muide - Meulestede - Afrikalaan",
    "Nieuw Gent - UZ", "Oostakker", "Oud Gentbrugge", "Rabot - Blaisantvest", "Sint-Amandsberg",
    "Sint-Denijs-Westrem - Afsnee", "Sluizeken - Tolhuis - Ham", "Stationsbuurt-Noord", "Stationsbuurt-Zuid",
    "Watersportbaan - Ekkergem", "Wondelgem", "Zwijnaarde",
)

THEMES = (
    ("youth", "Jeugd", "Jeunesse", "Youth"),
    ("spatial-planning", "Ruimtelijke planning", "Aménagement du territoire", "Spatial planning"),
    ("mobility", "Mobiliteit", "Mobilité", "Mobility"),
    ("citizen-budget", "Burgerbudget", "Budget citoyen", "Citizen budget"),
    ("food", "Voeding", "Alimentation", "Food"),
    ("environment", "Milieu en klimaat", "Environnement et climat", "Environment and climate"),
    ("culture", "Cultuur", "Culture", "Culture"),
    ("greenery", "Groen en natuur", "Verdure et nature", "Greenery and nature"),
    ("sport", "Sport", "Sport", "Sport"),
    ("welfare", "Welzijn en zorg", "Bien-être et soins", "Welfare and care"),
    ("safety", "Veiligheid", "Sécurité", "Safety"),
    ("housing", "Wonen", "Logement", "Housing"),
)


# The city departments (diensten) that answer ideas and carry them out.
DEPARTMENTS = (
    ("mobiliteit", "Mobiliteit", "Mobilité", "Mobility"),
    ("groendienst", "Groendienst", "Service des espaces verts", "Parks and green spaces"),
    ("wegen-bruggen-waterlopen", "Wegen, Bruggen en Waterlopen", "Routes, ponts et cours d'eau", "Roads, bridges and waterways"),
    ("stedenbouw-ruimtelijke-planning", "Stedenbouw en Ruimtelijke Planning", "Urbanisme et aménagement du territoire", "Urban planning"),
    ("jeugddienst", "Jeugddienst", "Service jeunesse", "Youth service"),
    ("cultuur", "Cultuur", "Culture", "Culture"),
    ("sportdienst", "Sportdienst", "Service des sports", "Sports service"),
    ("milieu-klimaat", "Milieu en Klimaat", "Environnement et climat", "Environment and climate"),
    ("welzijn-samenleving", "Welzijn en Samenleving", "Bien-être et société", "Welfare and society"),
    ("wonen", "Wonen", "Logement", "Housing"),
    ("feest-en-evenementen", "Evenementen en Feesten", "Événements et fêtes", "Events and festivities"),
)


def seed_departments() -> None:
    """Insert the departments that are missing; safe to run again."""
    existing = set(db.session.scalars(select(Department.slug)))
    for position, (slug, nl, fr, en) in enumerate(DEPARTMENTS, start=1):
        if slug not in existing:
            db.session.add(Department(slug=slug, name_nl=nl, name_fr=fr, name_en=en, position=position))
    db.session.flush()


def seed_districts_and_themes() -> None:
    """Insert what is missing; safe to run again."""
    existing_districts = set(db.session.scalars(select(District.name)))
    for name in GHENT_DISTRICTS:
        if name not in existing_districts:
            db.session.add(District(name=name, slug=slugify(name)))
    existing_themes = set(db.session.scalars(select(Theme.slug)))
    for position, (slug, nl, fr, en) in enumerate(THEMES, start=1):
        if slug not in existing_themes:
            db.session.add(Theme(slug=slug, name_nl=nl, name_fr=fr, name_en=en, position=position))
    db.session.flush()
    seed_departments()
