"""Two moderators deciding the same item at the same moment, on separate connections and threads:
one wins, the other is told, and the decision is applied once. Runs on SQLite (a file, so both
connections see it) and on PostgreSQL (the test database) alike."""
from __future__ import annotations

import threading

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError

from participation.accounts.models import User
from participation.accounts.services import create_user
from participation.extensions import db
from participation.moderation import services
from participation.moderation.models import AuditEntry, Decision, ModerationItem
from participation.moderation.registry import ModeratedKind, register_kind, unregister_kind
from participation.notifications.models import OutboxMessage


class Thing:
    def __init__(self, id, author):
        self.id, self.author = id, author


def test_two_moderators_deciding_at_once_one_wins_and_the_other_is_told(race_app):
    authors: dict[int, int] = {}
    visibility_calls: list[bool] = []  # list.append is atomic: both threads may call it
    register_kind(ModeratedKind(
        name="racething", label=_l("Idea"),
        load=lambda object_id: Thing(object_id, db.session.get(User, authors[object_id])),
        author_of=lambda thing: thing.author, process_of=lambda thing: None,
        url_of=lambda thing: None, excerpt_of=lambda thing: "race",
        visibility_changed=lambda thing, public: visibility_calls.append(public),
    ))
    created: dict[str, int] = {}
    try:
        with race_app.app_context():
            author = create_user("race-author@example.be", "Race Author", "correct horse battery staple")
            first = create_user("race-mod-1@example.be", "Race One", "correct horse battery staple", role="moderator")
            second = create_user("race-mod-2@example.be", "Race Two", "correct horse battery staple", role="moderator")
            authors[424242] = author.id
            item = services.track_contribution("racething", Thing(424242, author))
            db.session.commit()
            created = {"item": item.id, "users": [author.id, first.id, second.id]}

        barrier = threading.Barrier(2)
        outcomes: dict[int, str] = {}

        def decide(moderator_id: int, action: str) -> None:
            with race_app.app_context():
                try:
                    moderator = db.session.get(User, moderator_id)
                    item = db.session.get(ModerationItem, created["item"])
                    version = item.version  # both moderators loaded version 1
                    barrier.wait(timeout=10)
                    services.decide(moderator, item, action, reason=f"{action} by {moderator_id}",
                                    expected_version=version, notify=False)
                    db.session.commit()
                    outcomes[moderator_id] = "won"
                except services.AlreadyDecided:
                    db.session.rollback()
                    outcomes[moderator_id] = "told"
                except OperationalError:  # SQLite refuses the second writer outright ("database is locked")
                    db.session.rollback()
                    outcomes[moderator_id] = "told"
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=decide, args=(created["users"][1], "hide")),
                   threading.Thread(target=decide, args=(created["users"][2], "reject"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        assert sorted(outcomes.values()) == ["told", "won"]
        with race_app.app_context():
            item = db.session.get(ModerationItem, created["item"])
            decisions = db.session.scalars(select(Decision).where(Decision.item_id == item.id)).all()
            assert len(decisions) == 1
            assert item.version == 2
            assert item.state == {"hide": "hidden", "reject": "rejected"}[decisions[0].action]
        assert visibility_calls == [False]  # a counter the feature keeps moves once, not twice
    finally:
        unregister_kind("racething")
        if created:
            with race_app.app_context():
                db.session.execute(delete(AuditEntry).where(AuditEntry.item_id == created["item"]))
                db.session.execute(delete(ModerationItem).where(ModerationItem.id == created["item"]))
                db.session.execute(delete(OutboxMessage).where(OutboxMessage.recipient.like("race-%")))
                db.session.execute(delete(User).where(User.id.in_(created["users"])))
                db.session.commit()
