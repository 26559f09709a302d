"""Only moderators of that process (or global moderators) and staff act on an item; staff decide who
moderates which process. Every moderation URL against every kind of visitor."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.core.errors import NotAllowed
from participation.extensions import db
from participation.moderation import services
from participation.moderation.models import ProcessModerator

ROLES = ("anonymous", "citizen", "moderator_elsewhere", "moderator_here", "global_moderator", "staff", "admin")
MODERATORS = {"moderator_here", "global_moderator", "staff", "admin"}
EVERY_MODERATOR = MODERATORS | {"moderator_elsewhere"}  # pages scoped to what each moderator moderates
GLOBAL = {"global_moderator", "staff", "admin"}
STAFF = {"staff", "admin"}


@pytest.fixture
def world(make_note, make_user, make_process, item_of):
    here, elsewhere = make_process(title="Sint-Amandsberg"), make_process(title="Zwijnaarde")
    decider = make_user("moderator", name="Dora Decider")
    target = make_user("moderator", name="Tom Target")  # the moderator staff assign and unassign
    services.assign_moderator(target, here)
    note = make_note(process=here)
    decision = services.decide(decider, item_of(note), "hide", reason="Buiten het onderwerp.")
    appeal = services.lodge_appeal(note.author, decision, "Het hoort er wel bij.")
    db.session.commit()
    return {"here": here, "elsewhere": elsewhere, "note": note, "item": item_of(note), "appeal": appeal,
            "author": note.author, "target": target}


@pytest.fixture
def person(make_user, world):
    """Someone in the given role; process moderators are assigned to their process."""

    def make(role: str):
        user = make_user({"moderator_here": "moderator", "moderator_elsewhere": "moderator",
                          "global_moderator": "moderator"}.get(role, role))
        if role in ("moderator_here", "moderator_elsewhere"):
            services.assign_moderator(user, world["here" if role == "moderator_here" else "elsewhere"])
        db.session.commit()
        return user

    return make


URLS = [
    # (method, url, data, roles that may use it)
    ("get", lambda w: "/moderatie", None, EVERY_MODERATOR),
    ("get", lambda w: f"/moderatie/items/{w['item'].id}", None, MODERATORS),
    ("post", lambda w: f"/moderatie/items/{w['item'].id}/beslissen",
     lambda w: {"action": "restore", "reason": "Toch relevant.", "template_id": 0, "version": w["item"].version}, MODERATORS),
    ("post", lambda w: "/moderatie/bulk",
     lambda w: {"action": "restore", "reason": "Toch relevant.", "template_id": 0, "item": f"{w['item'].id}:{w['item'].version}"},
     MODERATORS),
    ("get", lambda w: "/moderatie/bezwaren", None, EVERY_MODERATOR),
    ("post", lambda w: f"/moderatie/bezwaren/{w['appeal'].id}", lambda w: {"outcome": "refuse", "answer": "Blijft verborgen."},
     MODERATORS),
    ("post", lambda w: f"/moderatie/gebruikers/{w['author'].id}/blokkeren", lambda w: {"block-reason": "Spam.", "block-template_id": 0}, GLOBAL),
    ("post", lambda w: f"/moderatie/gebruikers/{w['author'].id}/deblokkeren", lambda w: {"block-reason": "Ok.", "block-template_id": 0}, GLOBAL),
    ("post", lambda w: "/moderatie/overzicht-per-mail", lambda w: {"wants_digest": "y"}, EVERY_MODERATOR),
    ("get", lambda w: "/moderatie/audit", None, {"admin"}),
    ("get", lambda w: "/moderatie/moderatoren", None, STAFF),
    ("post", lambda w: f"/moderatie/moderatoren/{w['target'].id}/trajecten", lambda w: {"process_id": w["elsewhere"].id}, STAFF),
    ("post", lambda w: f"/moderatie/moderatoren/{w['target'].id}/trajecten/{w['here'].id}/verwijderen", lambda w: {}, STAFF),
]
CASES = [(index, role) for index in range(len(URLS)) for role in ROLES]


@pytest.mark.parametrize("index, role", CASES, ids=[f"{URLS[i][0]}-{i}-{role}" for i, role in CASES])
def test_every_moderation_url_admits_exactly_the_right_people(client, login, world, person, index, role):
    method, url, data, allowed = URLS[index]
    if role != "anonymous":
        login(person(role))
    kwargs = {"data": data(world)} if data else {}
    response = getattr(client, method)(url(world), **kwargs)
    if role == "anonymous":
        assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
    elif role in allowed:
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code == 403


def test_a_process_moderator_sees_only_their_process_in_the_queue(client, login, world, person, make_note, item_of):
    elsewhere_note = make_note(process=world["elsewhere"], text="Parkeerplaatsen in Zwijnaarde")
    db.session.commit()
    login(person("moderator_elsewhere"))
    page = client.get("/moderatie").get_data(as_text=True)
    assert f"/moderatie/items/{item_of(elsewhere_note).id}" in page
    assert f"/moderatie/items/{world['item'].id}\"" not in page
    assert "Het hoort er wel bij." not in client.get("/moderatie/bezwaren").get_data(as_text=True)


def test_staff_assign_and_unassign_a_moderator_and_the_audit_log_says_who(client, login, world, person):
    staff = person("staff")
    moderator = person("global_moderator")
    login(staff)
    page = client.get("/moderatie/moderatoren").get_data(as_text=True)
    assert moderator.display_name in page and "Sint-Amandsberg" in page
    assert client.post(f"/moderatie/moderatoren/{moderator.id}/trajecten", data={"process_id": world["elsewhere"].id}).status_code == 302
    assert db.session.scalar(select(ProcessModerator).where(ProcessModerator.user_id == moderator.id)).process_id == world["elsewhere"].id
    client.post("/uitloggen")

    login(moderator)  # no longer global: the item in the other process is out of reach
    assert client.get(f"/moderatie/items/{world['item'].id}").status_code == 403
    client.post("/uitloggen")

    login(staff)
    client.post(f"/moderatie/moderatoren/{moderator.id}/trajecten/{world['elsewhere'].id}/verwijderen")
    assert db.session.scalar(select(ProcessModerator).where(ProcessModerator.user_id == moderator.id)) is None
    client.post("/uitloggen")
    login(moderator)
    assert client.get(f"/moderatie/items/{world['item'].id}").status_code == 200
    client.post("/uitloggen")
    login(person("admin"))
    audit = client.get(f"/moderatie/audit?kind=profile&object={moderator.id}").get_data(as_text=True)
    assert audit.count(staff.display_name) >= 2


def test_staff_cannot_be_assigned_to_one_process(client, login, world, person):
    staff = person("staff")
    login(person("admin"))
    response = client.post(f"/moderatie/moderatoren/{staff.id}/trajecten", data={"process_id": world["here"].id})
    assert response.status_code == 404  # only people with the moderator role appear on the page
    with pytest.raises(NotAllowed):
        services.assign_moderator(staff, world["here"])
