"""Voting day: N distinct verified voters cast a ballot over HTTP at C concurrent connections.

The script creates a fresh PostgreSQL database, migrates it, seeds one open knapsack round with
10 projects and N verified voters, starts gunicorn (gthread) on 127.0.0.1, and has C client
threads each keep one connection open: GET the ballot page (reading its CSRF token), POST the
ballot, expect the redirect to the receipt. It then checks in the database: zero errors, exactly
N ballots, N distinct voter tokens, no ballot lost or doubled. For scale it also measures the
req/s of a bare Flask endpoint on the same gunicorn settings in the same run.

Login is not part of the measurement: sessions are minted with the app's own signing serializer
(the same cookie a login would set), because scrypt password checks would dominate the figure.

    .venv/bin/python bench/bench_voting_day.py [--voters 5000] [--concurrency 64] [--workers 2] [--threads 32]
    BENCH_POSTGRES=postgresql+psycopg://postgres@127.0.0.1:5432  (server URL, no database)
"""
from __future__ import annotations

import argparse
import http.client
import os
import queue
import random
import re
import socket
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

bare_app = Flask("bare")


@bare_app.get("/ping")
def ping():
    return "ok"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, path: str, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start")


def gunicorn(target: str, port: int, env: dict, workers: int, threads: int, chdir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-k", "gthread", "-w", str(workers), "--threads", str(threads),
         "-b", f"127.0.0.1:{port}", "--chdir", str(chdir), "--log-level", "warning", "--backlog", "2048", target],
        env=env,
    )


def seed(database_url: str, voters: int) -> tuple[int, list[dict], str]:
    os.environ["DATABASE_URL"] = database_url
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from participation import create_app
    from participation.accounts.models import User, UserSession
    from participation.accounts.sessions import hash_login_token
    from participation.accounts.services import create_user
    from participation.budgeting import eligibility, services
    from participation.budgeting.models import CensusEntry, RoundVoter
    from participation.extensions import db
    from participation.processes import services as processes

    app = create_app("default", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
        staff = create_user("bench-staff@example.be", "Bench staff", "bench-password-123", role="staff")
        process = processes.save_process(None, author=staff, title="Voting day bench", slug=None, policy_goal="Bench.",
                                         description="", moderation_mode="post", theme_ids=[], district_ids=[],
                                         previous_edition_id=None)
        processes.add_phase(process, kind="voting", starts_on=date.today() - timedelta(days=1), ends_on=date.today() + timedelta(days=1))
        processes.change_status(process, "published")
        round_ = services.save_round(None, process=process, actor=staff, title="Bench round", description="",
                                     district_id=None, vote_method="knapsack", budget_cents=1_000_000_00)
        for n in range(10):
            project = services.save_project(None, round_=round_, actor=staff, title=f"Project {n}", description="",
                                            cost_cents=(n + 1) * 50_000_00)
            services.review_project(project, staff, verdict="feasible", explanation="ok", cost_cents=(n + 1) * 50_000_00)
        services.change_round_status(round_, "published", staff)
        db.session.commit()
        tokens = [f"bench{n:05d}tok" for n in range(voters)]
        db.session.execute(insert(User), [
            {"email": f"voter{n}@bench.example", "display_name": f"Voter {n}", "password_hash": "!", "role": "citizen",
             "language": "en", "notification_frequency": "never"} for n in range(voters)])
        user_ids = db.session.scalars(db.select(User.id).where(User.email.like("%@bench.example")).order_by(User.id)).all()
        users = list(zip(user_ids, tokens))
        db.session.execute(insert(UserSession), [
            {"user_id": uid, "token_hash": hash_login_token(token), "user_agent": "bench"} for uid, token in users])
        keys = [eligibility.keyed_hash("census", round_.id, f"bench:{uid}") for uid, _ in users]
        db.session.execute(insert(CensusEntry), [{"round_id": round_.id, "identity_key": "census:" + k} for k in keys])
        db.session.execute(insert(RoundVoter), [
            {"round_id": round_.id, "user_id": uid, "identity_key": "census:" + k, "channel": "census"}
            for (uid, _), k in zip(users, keys)])
        db.session.commit()
        project_costs = [(p.id, p.cost_cents) for p in services.ballot_projects(round_)]
        serializer = app.session_interface.get_signing_serializer(app)
        people = []
        rng = random.Random(7)
        for uid, token in users:
            cookie = serializer.dumps({"_user_id": f"{uid}:{token}", "_fresh": True, "language": "en"})
            chosen, spent = [], 0
            for pid, cost in rng.sample(project_costs, len(project_costs)):
                if spent + cost <= 1_000_000_00 and rng.random() < 0.5:
                    chosen.append(pid)
                    spent += cost
            people.append({"cookie": cookie, "choices": chosen or [project_costs[0][0]]})
        return round_.id, people, app.config["SESSION_COOKIE_NAME"]


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def vote_worker(port, round_id, cookie_name, jobs, results):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while True:
        try:
            person = jobs.get_nowait()
        except queue.Empty:
            break
        try:
            cookie = f"{cookie_name}={person['cookie']}"
            conn.request("GET", f"/stemronden/{round_id}/stembiljet", headers={"Cookie": cookie})
            response = conn.getresponse()
            page = response.read().decode()
            if response.status != 200:
                raise RuntimeError(f"GET ballot {response.status}")
            for header in response.headers.get_all("Set-Cookie") or []:
                if header.startswith(cookie_name + "="):
                    cookie = header.split(";", 1)[0]
            token = CSRF.search(page).group(1)
            body = "&".join([f"csrf_token={token}", "action=cast"] + [f"project={pid}" for pid in person["choices"]])
            conn.request("POST", f"/stemronden/{round_id}/stembiljet", body=body,
                         headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
            response = conn.getresponse()
            response.read()
            if response.status != 302 or "ontvangstbewijs" not in response.headers.get("Location", ""):
                raise RuntimeError(f"POST ballot {response.status}")
            results.append(None)
        except Exception as error:  # noqa: BLE001 - every failure is counted and reported
            results.append(repr(error))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.close()


def bare_worker(port, count, results):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(count):
        try:
            conn.request("GET", "/ping")
            response = conn.getresponse()
            response.read()
            results.append(None if response.status == 200 else response.status)
        except Exception as error:  # noqa: BLE001
            results.append(repr(error))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voters", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--bare-requests", type=int, default=20000)
    args = parser.parse_args()

    server = os.environ.get("BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432")
    name = f"stadslab_bench_{os.getpid()}"
    admin_url = server.replace("+psycopg", "")
    subprocess.run(["psql", admin_url + "/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    database_url = f"{server}/{name}"
    processes = []
    try:
        t0 = time.time()
        round_id, people, cookie_name = seed(database_url, args.voters)
        print(f"seeded {len(people)} verified voters in {time.time() - t0:.1f}s (database {name})")
        env = dict(os.environ, DATABASE_URL=database_url, APP_CONFIG="default", RATELIMIT_ENABLED="0",
                   SECRET_KEY=os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me"))
        app_port, bare_port = free_port(), free_port()
        processes.append(gunicorn("wsgi:app", app_port, env, args.workers, args.threads, ROOT))
        processes.append(gunicorn("bench_voting_day:bare_app", bare_port, env, args.workers, args.threads, ROOT / "bench"))
        wait_for(app_port, "/")
        wait_for(bare_port, "/ping")

        # The bare endpoint first, so both figures come from the same machine state.
        bare_results: list = []
        per = args.bare_requests // args.concurrency
        threads = [threading.Thread(target=bare_worker, args=(bare_port, per, bare_results)) for _ in range(args.concurrency)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        bare_seconds = time.perf_counter() - start
        bare_rps = len(bare_results) / bare_seconds

        jobs: queue.Queue = queue.Queue()
        for person in people:
            jobs.put(person)
        results: list = []
        threads = [threading.Thread(target=vote_worker, args=(app_port, round_id, cookie_name, jobs, results)) for _ in range(args.concurrency)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - start
        errors = [r for r in results if r is not None]

        from sqlalchemy import create_engine, text

        engine = create_engine(database_url)
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT count(*) FROM budget_ballots WHERE round_id = :r"), {"r": round_id}).scalar()
            distinct = conn.execute(text("SELECT count(DISTINCT voter_token) FROM budget_ballots WHERE round_id = :r"), {"r": round_id}).scalar()
            empty = conn.execute(text("SELECT count(*) FROM budget_ballots b WHERE round_id = :r AND NOT EXISTS "
                                      "(SELECT 1 FROM budget_ballot_choices c WHERE c.ballot_id = b.id)"), {"r": round_id}).scalar()
        engine.dispose()
        ballots_per_s = args.voters / seconds
        requests_per_s = 2 * args.voters / seconds
        print(f"voters {args.voters}, concurrency {args.concurrency}, gunicorn gthread {args.workers}x{args.threads}, {os.cpu_count()} CPUs")
        print(f"errors {len(errors)}; ballots stored {stored}; distinct voter tokens {distinct}; "
              f"lost {args.voters - stored}; duplicates {stored - distinct}; ballots without choices {empty}")
        print(f"voting: {seconds:.1f}s, {ballots_per_s:.0f} ballots/s ({requests_per_s:.0f} req/s: GET ballot page + POST ballot)")
        print(f"bare Flask endpoint: {bare_rps:.0f} req/s ({len(bare_results)} requests in {bare_seconds:.1f}s)")
        print(f"ratio: ballots/s ÷ bare req/s = {ballots_per_s / bare_rps:.3f}; request ratio = {requests_per_s / bare_rps:.3f}")
        if errors:
            print("first errors:", errors[:5])
        ok = not errors and stored == args.voters and distinct == args.voters and empty == 0
        print("OK" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(10)
        subprocess.run(["psql", admin_url + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)


if __name__ == "__main__":
    sys.exit(main())
