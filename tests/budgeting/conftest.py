"""Factories for budgeting tests: rounds in an open voting phase, projects, verified voters."""
from __future__ import annotations

import itertools
from datetime import date

import pytest

from participation.budgeting import eligibility, services
from participation.budgeting.models import CensusEntry
from participation.extensions import db

_numbers = itertools.count(1)


def national_number(n: int) -> str:
    """A valid Belgian national register number (born 1980-01-01, serial n)."""
    base = f"800101{n % 1000:03d}"
    return base + f"{97 - int(base) % 97:02d}"


@pytest.fixture
def make_round(make_process, make_user):
    def make(*, vote_method="knapsack", budget_cents=100_000_00, projects=((("Bankjes", 20_000_00)), ("Bomen", 50_000_00), ("Speeltuin", 70_000_00)),
             phases=(("voting", -1, 10),), status="published", process=None, district_id=None, **rules):
        process = process or make_process(phases=phases)
        staff = make_user("staff")
        round_ = services.save_round(None, process=process, actor=staff, title=f"Round {next(_numbers)}", description="",
                                     district_id=district_id, vote_method=vote_method, budget_cents=budget_cents, **rules)
        for title, cost in projects:
            project = services.save_project(None, round_=round_, actor=staff, title=title, description="", cost_cents=cost)
            services.review_project(project, staff, verdict="feasible", explanation="Kan.", cost_cents=cost)
        if status != "draft":
            services.change_round_status(round_, "published", staff)
        db.session.commit()
        return round_

    return make


@pytest.fixture
def add_to_census():
    def add(round_, n: int) -> str:
        """Put resident number n in the round's census; return their national register number."""
        number = national_number(n)
        key = eligibility.identity_key(round_.id, round_.census_key, national_number=number)
        db.session.add(CensusEntry(round_id=round_.id, identity_key=key))
        db.session.commit()
        return number

    return add


@pytest.fixture
def make_voter(make_user, add_to_census):
    counter = itertools.count(100)

    def make(round_, user=None):
        user = user or make_user(language="en")
        number = add_to_census(round_, next(counter))
        services.verify_with_census(round_, user, date.today(), national_number=number)
        db.session.commit()
        return user

    return make


def letters_csv(*numbers: str, census_key_columns: str = "national_number;birth_date") -> bytes:
    """A CSV of residents (born 1980-01-01) to send letters to, with the columns that address them."""
    lines = [f"{census_key_columns};name;street;city"]
    lines += [f"{number};1980-01-01;Resident {number[-4:]};Veldstraat {n};Gent" for n, number in enumerate(numbers, start=1)]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def send_letter(make_user, add_to_census):
    """Put resident n in the census and generate their letter code; return (national number, code)."""

    def send(round_, n: int) -> tuple[str, str]:
        number = add_to_census(round_, n)
        batch = services.generate_letter_codes(round_, letters_csv(number), make_user("admin"))
        db.session.commit()
        return number, batch.letters[0]["code"]

    return send


def project_ids(round_) -> dict[str, int]:
    return {p.title: p.id for p in round_.projects}


@pytest.fixture(autouse=True)
def _messages_in_english(app):
    """Service messages are matched in English (the source language) whatever the default locale."""
    from flask_babel import force_locale

    with force_locale("en"):
        yield


@pytest.fixture
def queries_counter():
    """A context manager listing the SQL statements that read or write data while it is open."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def count():
        statements: list[str] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            if statement.lstrip().split(" ", 1)[0].upper() in {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}:
                statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return count
