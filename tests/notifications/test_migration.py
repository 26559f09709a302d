"""The migration turns the two old user booleans into per-kind email opt-outs, and back on downgrade."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from participation import create_app
from participation.extensions import db

REVISION = "a74212ff2755"


def test_old_reply_and_status_choices_become_opt_outs(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'migrate.sqlite'}")
    with app.app_context():
        from alembic.script import ScriptDirectory

        before = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config()).get_revision(REVISION).down_revision
        upgrade(revision=before)
        columns = "email, display_name, password_hash, role, language, notification_frequency, session_token, created_at, updated_at"
        for email, replies, status in (("a@x.be", 0, 1), ("b@x.be", 1, 0), ("c@x.be", 1, 1)):
            db.session.execute(text(
                f"INSERT INTO users ({columns}, notify_on_replies, notify_on_status_changes) "
                f"VALUES (:email, 'P', 'h', 'citizen', 'nl', 'immediate', 't', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :r, :s)"
            ), {"email": email, "r": replies, "s": status})
        db.session.commit()

        upgrade(revision=REVISION)
        rows = db.session.execute(text(
            "SELECT users.email, notification_opt_outs.kind FROM notification_opt_outs JOIN users ON users.id = user_id"
        )).all()
        assert sorted(rows) == [("a@x.be", "idea_comment"), ("b@x.be", "idea_progress"), ("b@x.be", "idea_status")]
        db.session.commit()

        downgrade(revision=before)
        flags = db.session.execute(text(
            "SELECT email, notify_on_replies, notify_on_status_changes FROM users ORDER BY email"
        )).all()
        assert [tuple(row) for row in flags] == [("a@x.be", 0, 1), ("b@x.be", 1, 0), ("c@x.be", 1, 1)]
        db.session.remove()
        db.engine.dispose()
