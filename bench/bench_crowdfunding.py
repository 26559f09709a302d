"""Benchmark the crowdfunding pages with 200 live campaigns and 40,000 pledges.

    .venv/bin/python bench/bench_crowdfunding.py
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/stadslab_cf_bench .venv/bin/python bench/bench_crowdfunding.py

Without BENCH_DATABASE_URL it uses a temporary SQLite file; a PostgreSQL database named there is
dropped and recreated. It prints the time per request and the number of SQL queries each page needs,
and exits 1 when a page needs more than 10 queries (totals must come from one grouped query,
whatever the number of campaigns and pledges).
"""
from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, event, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

CAMPAIGNS, PLEDGES, USERS = 200, 40_000, 2_000
MAX_QUERIES = 10


def database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        return f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    return url


def seed(app) -> int:
    from werkzeug.security import generate_password_hash

    from participation.accounts.models import User
    from participation.core.models import utcnow
    from participation.crowdfunding.models import Campaign, Pledge
    from participation.extensions import db

    rng = random.Random(7)
    now = utcnow()
    password = generate_password_hash("x", method="pbkdf2:sha256:1")
    db.session.execute(insert(User), [
        {"email": f"u{i}@bench.be", "display_name": f"User {i}", "password_hash": password, "role": "citizen",
         "language": "nl", "notification_frequency": "never",
         "created_at": now, "updated_at": now}
        for i in range(USERS)
    ])
    user_ids = [row[0] for row in db.session.execute(text("SELECT id FROM users ORDER BY id"))]
    db.session.execute(insert(Campaign), [
        {"owner_id": rng.choice(user_ids), "title": f"Campagne {i}", "summary": "Een buurtproject", "story_html": "<p>x</p>",
         "story_source": "x", "goal_cents": rng.randint(1_000, 50_000) * 100, "deadline_at": now + timedelta(days=rng.randint(1, 60)),
         "funding_model": "all_or_nothing", "status": "live", "created_at": now, "updated_at": now}
        for i in range(CAMPAIGNS)
    ])
    campaign_ids = [row[0] for row in db.session.execute(text("SELECT id FROM campaigns ORDER BY id"))]
    statuses = ["authorised"] * 5 + ["awaiting_transfer", "received", "charged", "failed", "cancelled"]
    rows = []
    for i in range(PLEDGES):
        status = rng.choice(statuses)
        rows.append({
            "campaign_id": rng.choice(campaign_ids), "backer_id": rng.choice(user_ids), "amount_cents": rng.randint(5, 500) * 100,
            "method": "bank_transfer" if status in ("awaiting_transfer", "received") else "card", "is_anonymous": rng.random() < 0.2,
            "status": status, "gateway_key": f"k{i}", "attempts": 0, "created_at": now, "updated_at": now,
        })
    for start in range(0, len(rows), 5_000):
        db.session.execute(insert(Pledge), rows[start:start + 5_000])
    db.session.commit()
    return campaign_ids[0]


def measure(client, engine, path: str, repeat: int = 20) -> tuple[float, int]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    event.listen(engine, "before_cursor_execute", count)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    started = time.perf_counter()
    for _ in range(repeat):
        client.get(path)
    return (time.perf_counter() - started) / repeat, len(statements)


def main() -> int:
    from flask_migrate import upgrade

    from participation import create_app
    from participation.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url(), SERVER_NAME=None, RATELIMIT_ENABLED=False)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        first_campaign = seed(app)
        print(f"seeded {CAMPAIGNS} campaigns and {PLEDGES} pledges in {time.perf_counter() - started:.1f} s ({db.engine.dialect.name})")
        engine = db.engine
    client = app.test_client()
    failed = False
    for path in ("/crowdfunding", f"/crowdfunding/{first_campaign}"):
        with app.app_context():
            seconds, queries = measure(client, db.engine, path)
        verdict = "ok" if queries <= MAX_QUERIES else f"TOO MANY (goal ≤ {MAX_QUERIES})"
        failed |= queries > MAX_QUERIES
        print(f"{path:28} {seconds * 1000:8.1f} ms/request  {queries:3d} queries  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
