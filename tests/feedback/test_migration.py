"""The lifecycle migration renames "declined" to "rejected" (ideas and their timeline) and back on downgrade."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from participation import create_app
from participation.extensions import db

REVISION = "d7cdf39425fb"


def test_declined_ideas_become_rejected_and_back(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'migrate.sqlite'}")
    with app.app_context():
        from alembic.script import ScriptDirectory

        before = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config()).get_revision(REVISION).down_revision
        upgrade(revision=before)
        db.session.execute(text(
            "INSERT INTO processes (id, slug, title, policy_goal, description_html, description_source, moderation_mode, status, created_at, updated_at) "
            "VALUES (1, 'p', 'P', 'g', '', '', 'post', 'published', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        ))
        for idea_id, status in ((1, "declined"), (2, "accepted")):
            db.session.execute(text(
                "INSERT INTO ideas (id, process_id, title, description_source, description_html, search_text, status, channel, "
                "offline_author_name, support_count, comment_count, created_at, updated_at) "
                "VALUES (:id, 1, 't', '', '', '', :status, 'paper', 'Jan', 0, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ), {"id": idea_id, "status": status})
            db.session.execute(text(
                "INSERT INTO idea_status_changes (idea_id, from_status, to_status, note, created_at) "
                "VALUES (:id, 'under_review', :status, 'Antwoord', CURRENT_TIMESTAMP)"
            ), {"id": idea_id, "status": status})
        db.session.commit()

        upgrade(revision=REVISION)
        assert db.session.execute(text("SELECT id, status FROM ideas ORDER BY id")).all() == [(1, "rejected"), (2, "accepted")]
        rows = db.session.execute(text("SELECT to_status, kind, is_official_response FROM idea_status_changes ORDER BY idea_id")).all()
        assert [tuple(row) for row in rows] == [("rejected", "status", 0), ("accepted", "status", 0)]
        db.session.commit()

        downgrade(revision=before)
        assert db.session.execute(text("SELECT id, status FROM ideas ORDER BY id")).all() == [(1, "declined"), (2, "accepted")]
        assert db.session.execute(text("SELECT to_status FROM idea_status_changes ORDER BY idea_id")).scalars().all() == ["declined", "accepted"]
        db.session.remove()
        db.engine.dispose()
