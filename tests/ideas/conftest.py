"""Factories for idea tests: ideas, and small images carrying GPS data in their EXIF."""
from __future__ import annotations

import io
import itertools
from contextlib import contextmanager

import pytest
from PIL import Image
from sqlalchemy import event

from participation.extensions import db
from participation.ideas import services


def image_bytes(fmt: str = "JPEG", size=(8, 8), with_gps: bool = True) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    kwargs = {}
    if with_gps:
        exif = Image.Exif()
        exif[0x010F] = "SpyCam"  # Make
        gps = exif.get_ifd(0x8825)
        gps[1] = "N"
        gps[2] = (51.0, 3.0, 15.0)
        gps[3] = "E"
        gps[4] = (3.0, 43.0, 2.0)
        kwargs["exif"] = exif
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


@pytest.fixture
def upload_folder(app, tmp_path):
    previous = app.config["UPLOAD_FOLDER"]
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    yield tmp_path
    app.config["UPLOAD_FOLDER"] = previous


_idea_numbers = itertools.count(1)


@pytest.fixture
def make_idea(make_user, make_process):
    def make(process=None, author=None, *, title="Een fietsenstalling aan het station", description=None, **fields):
        process = process or make_process()
        author = author or make_user()
        if description is None:  # a different text each time: moderation refuses the same text twice
            description = f"Veel meer plaats voor fietsen (voorstel {next(_idea_numbers)})."
        return services.submit_idea(process, author, title=title, description=description, **fields)

    return make


@contextmanager
def count_queries(engine):
    """Count the SQL statements that read or write data (not BEGIN/SAVEPOINT bookkeeping)."""
    statements: list[str] = []

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(" ", 1)[0].upper() in {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}:
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


@pytest.fixture
def queries_counter():
    return lambda: count_queries(db.engine)
