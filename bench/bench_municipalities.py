"""What hosting several municipalities costs: throughput of a cached page, and a worker's memory.

    .venv/bin/python bench/bench_municipalities.py              # ~40 s
    .venv/bin/python bench/bench_municipalities.py --seconds 5  # measure each page longer

1. Throughput. The demo city is seeded once into a SQLite file. The same cached anonymous pages (the
   city-wide idea list, an idea page) are requested from two apps on that same database: a single
   installation, and one with a registry of 50 municipalities where the host picks the demo city.
   Both are measured in alternating rounds together with a bare one-route Flask app, and printed as
   ratios to it; goal: the registry costs at most 10 % (several/single ≥ 0.90).
2. Memory. A fresh process serves the home page of one registered municipality, another serves
   that of each of 50 (each its own SQLite database with a process and an idea), page cache off so
   that only what a municipality itself costs is counted (in production the pages live in Redis).
   Printed: the resident memory of each after the requests, the growth per added municipality, and
   the memory once the idle municipalities' engines are closed. Goal: 50 add < 50 MB.
Exit status 1 when a goal is missed.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from flask import Flask  # noqa: E402

THROUGHPUT_GOAL = 0.90
MEMORY_GOAL_MB = 50.0
MANY = 50
ROUNDS = 5


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rate(client, urls: list[str], seconds: float, host: str) -> float:
    base = f"http://{host}"
    for url in urls:
        assert client.get(url, base_url=base).status_code == 200, url
    done, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        assert client.get(urls[done % len(urls)], base_url=base).status_code == 200
        done += 1
    return done / elapsed


def registry_with(folder: Path, count: int, first_url: str) -> str:
    """A registry of `count` municipalities; the first one on `first_url`, the others on their own files."""
    from participation.core.registry import Registry

    url = f"sqlite:///{folder / f'registry-{count}.sqlite'}"
    registry = Registry(url)
    for number in range(count):
        database = first_url if number == 0 else f"sqlite:///{folder / f'm{number:02}.sqlite'}"
        registry.add(f"m{number:02}", f"Gemeente {number:02}", [f"m{number:02}.bench.test"], database)
    registry.dispose()
    return url


def seed_small(app, municipality) -> None:
    from datetime import date, timedelta

    from participation.accounts.services import create_user
    from participation.core import municipalities
    from participation.extensions import db
    from participation.ideas import services as ideas
    from participation.processes import services as processes

    with app.app_context(), municipalities.using(municipality):
        db.create_all()
        staff = create_user(f"staff@{municipality.slug}.test", "Staff", "a bench password 123", role="staff")
        process = processes.save_process(
            None, author=staff, title=f"Traject van {municipality.name}", slug=None, policy_goal="Elk idee krijgt antwoord.",
            description="", moderation_mode="post", theme_ids=[], district_ids=[], previous_edition_id=None,
        )
        processes.add_phase(process, kind="ideation", starts_on=date.today() - timedelta(days=1), ends_on=date.today() + timedelta(days=9))
        processes.change_status(process, "published")
        ideas.submit_idea(process, staff, title=f"Een idee voor {municipality.name}", description="Meer bomen op het plein.")
        db.session.commit()


def memory_child(count: int, folder: str) -> None:
    """Run in a fresh process: serve the home page of `count` municipalities, print memory as JSON."""
    from participation import create_app

    folder_path = Path(folder)
    registry_url = f"sqlite:///{folder_path / f'registry-{count}.sqlite'}"
    app = create_app("testing", MUNICIPALITIES_DATABASE_URL=registry_url, SERVER_NAME=None, PAGE_CACHE_ENABLED=False,
                     UPLOAD_FOLDER=str(folder_path / "uploads"), MUNICIPALITIES_IDLE_SECONDS=3600)
    client = app.test_client()
    before = rss_mb()
    registry = app.extensions["municipalities"]
    for municipality in registry.all():
        for _ in range(3):
            assert client.get("/", base_url=f"http://{municipality.hosts[0]}").status_code == 200
    served = rss_mb()
    engines = app.extensions["municipal_engines"]
    engines.idle_seconds = 0.001
    time.sleep(0.01)  # let every engine become idle, then close them as the sweep does after MUNICIPALITIES_IDLE_SECONDS
    closed = engines.sweep()
    import gc

    gc.collect()
    print(json.dumps({"before": before, "served": served, "after_idle": rss_mb(), "closed": len(closed)}))


def memory(folder: Path) -> dict:
    from participation import create_app

    setup = create_app("testing", MUNICIPALITIES_DATABASE_URL=registry_with(folder, MANY, f"sqlite:///{folder / 'm00.sqlite'}"),
                       SERVER_NAME=None, UPLOAD_FOLDER=str(folder / "uploads"))
    for municipality in setup.extensions["municipalities"].all():
        seed_small(setup, municipality)
    setup.extensions["municipal_engines"].dispose()
    registry_with(folder, 1, f"sqlite:///{folder / 'm00.sqlite'}")
    results = {}
    for count in (1, MANY):
        output = subprocess.run([sys.executable, __file__, "--memory-child", str(count), str(folder)],
                                check=True, capture_output=True, text=True).stdout
        results[count] = json.loads(output.strip().splitlines()[-1])
    return results


def throughput(folder: Path, seconds: float) -> tuple[dict, list[str]]:
    from participation import create_app
    from participation.core.jobs import commit_and_release
    from participation.demo.seed import seed_demo, seed_demo_features
    from participation.extensions import db
    from participation.ideas.models import Idea

    demo_url = f"sqlite:///{folder / 'demo.sqlite'}"
    single = create_app("testing", SQLALCHEMY_DATABASE_URI=demo_url, SERVER_NAME=None, UPLOAD_FOLDER=str(folder / "uploads"))
    with single.app_context():
        db.create_all()
        seed_demo()
        commit_and_release()
        seed_demo_features()
        commit_and_release()
        idea_id = db.session.scalar(db.select(Idea.id).where(Idea.status == "published").order_by(Idea.id))
    urls = ["/ideeen", f"/ideeen/{idea_id}"]
    several = create_app("testing", MUNICIPALITIES_DATABASE_URL=registry_with(folder, MANY, demo_url), SERVER_NAME=None,
                         UPLOAD_FOLDER=str(folder / "uploads"))
    bare = Flask("bare")

    @bare.get("/")
    def hello():
        return "Hello"

    clients = {"bare": bare.test_client(), "single": single.test_client(), "several": several.test_client()}
    hosts = {"bare": "localhost", "single": "localhost", "several": "m00.bench.test"}
    ratios: dict[str, list[float]] = {"single": [], "several": [], "several/single": []}
    rates: dict[str, list[float]] = {"bare": [], "single": [], "several": []}
    for _ in range(ROUNDS):
        bare_rps = rate(clients["bare"], ["/"], seconds / ROUNDS / 2, hosts["bare"])
        single_rps = rate(clients["single"], urls, seconds / ROUNDS, hosts["single"])
        several_rps = rate(clients["several"], urls, seconds / ROUNDS, hosts["several"])
        rates["bare"].append(bare_rps)
        rates["single"].append(single_rps)
        rates["several"].append(several_rps)
        ratios["single"].append(single_rps / bare_rps)
        ratios["several"].append(several_rps / bare_rps)
        ratios["several/single"].append(several_rps / single_rps)
    return {"rates": {k: statistics.median(v) for k, v in rates.items()},
            "ratios": {k: statistics.median(v) for k, v in ratios.items()}}, urls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="measuring time per app and page set")
    parser.add_argument("--memory-child", nargs=2, metavar=("COUNT", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(int(args.memory_child[0]), args.memory_child[1])
        return 0
    import logging

    logging.disable(logging.INFO)
    failed = False
    with tempfile.TemporaryDirectory(prefix="stadslab-bench-municipalities-") as folder:
        measured, urls = throughput(Path(folder), args.seconds)
        print(f"Cached anonymous pages {', '.join(urls)} (page cache in-process), median of {ROUNDS} alternating rounds:")
        print(f"  {'':<44} {'req/s':>8} {'ratio':>7}")
        print(f"  {'bare Flask endpoint':<44} {measured['rates']['bare']:>8.0f} {1:>7.3f}")
        print(f"  {'single installation':<44} {measured['rates']['single']:>8.0f} {measured['ratios']['single']:>7.3f}")
        print(f"  {f'host picks 1 of {MANY} registered municipalities':<44} {measured['rates']['several']:>8.0f} {measured['ratios']['several']:>7.3f}")
        share = measured["ratios"]["several/single"]
        print(f"  several / single = {share:.3f} (goal ≥ {THROUGHPUT_GOAL:.2f})")
        failed |= share < THROUGHPUT_GOAL
        with tempfile.TemporaryDirectory(prefix="stadslab-bench-memory-") as memory_folder:
            results = memory(Path(memory_folder))
        one, many = results[1], results[MANY]
        growth = many["served"] - one["served"]
        print("Memory of one worker (resident, page cache off), after serving every registered municipality's home page:")
        print(f"  1 municipality:    {one['served']:>7.1f} MB   (app loaded: {one['before']:.1f} MB)")
        print(f"  {MANY} municipalities: {many['served']:>7.1f} MB   (app loaded: {many['before']:.1f} MB)")
        print(f"  growth: {growth:.1f} MB for {MANY - 1} more, {growth / (MANY - 1):.2f} MB each (goal < {MEMORY_GOAL_MB:.0f} MB)")
        print(f"  after closing idle engines ({many['closed']} closed): {many['after_idle']:.1f} MB")
        failed |= growth >= MEMORY_GOAL_MB
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
