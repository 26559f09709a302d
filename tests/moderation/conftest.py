"""A test-only moderated kind ("note"), so moderation is tested without depending on any feature package."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pytest
from flask_babel import lazy_gettext as _l

from participation.extensions import db
from participation.moderation import services
from participation.moderation.registry import ModeratedKind, register_kind, unregister_kind

_ids = itertools.count(1_000_000)


@dataclass
class Note:
    id: int
    author: object
    process: object
    text: str
    is_visible: bool = True
    calls: list = field(default_factory=list)
    history: list = field(default_factory=list)


class NoteStore(dict):
    def hide(self, note):
        note.is_visible = False
        note.calls.append("hide")

    def show(self, note, call):
        note.is_visible = True
        note.calls.append(call)


@pytest.fixture
def notes():
    store = NoteStore()
    register_kind(
        ModeratedKind(
            name="note",
            label=_l("Idea"),
            load=store.get,
            author_of=lambda note: note.author,
            process_of=lambda note: note.process,
            url_of=lambda note: f"/notes/{note.id}",
            excerpt_of=lambda note: note.text,
            hide=store.hide,
            reject=store.hide,
            request_changes=store.hide,
            approve=lambda note: store.show(note, "approve"),
            restore=lambda note: store.show(note, "restore"),
            is_visible=lambda note: note.is_visible,
            history_of=lambda note: note.history,
        )
    )
    yield store
    unregister_kind("note")


@pytest.fixture
def make_note(notes, make_user, make_process):
    def make(author=None, process=None, text="Meer bomen op het Sint-Pietersplein", *, commit=True):
        author = author or make_user()
        process = process or make_process()
        note = Note(id=next(_ids), author=author, process=process, text=text)
        note.history.append((datetime.now(timezone.utc), text))
        notes[note.id] = note
        services.track_contribution("note", note, text=text)
        if commit:
            db.session.commit()
        return note

    return make


@pytest.fixture
def item_of():
    def get(note):
        item = services.item_for("note", note.id)
        db.session.refresh(item)
        return item

    return get


@pytest.fixture
def moderator(make_user):
    return make_user("moderator", name="Mira Moderator")


@pytest.fixture
def second_moderator(make_user):
    return make_user("moderator", name="Sam Second")


@pytest.fixture
def word_list(app):
    """The city's word list holds one word, so that a text with it waits for a moderator."""
    previous = app.config.get("MODERATION_WORD_LIST")
    app.config["MODERATION_WORD_LIST"] = ["sukkels"]
    yield
    app.config["MODERATION_WORD_LIST"] = previous
