"""Nothing created at one municipality is visible, searchable, countable or usable at the other.

Gent holds the whole demo city; Oudsbergen a process, an idea and three accounts of its own, with the
same ids as some of Gent's rows. Every page of the application (every GET route, with the ids and slugs
that exist at Gent) is requested at Oudsbergen's host, anonymously and as its admin: none may show any
text of Gent's content, and none may fail.
"""
from __future__ import annotations

import itertools
import re

import pytest
from sqlalchemy import select

from participation.extensions import db

GENT_ONLY_WORDS = ("Gent", "Ghent", "Gand", "Brugse Poort", "Ledeberg")


def gent_markers(hosting) -> set[str]:
    """Texts of Gent's content and people, long enough that they cannot turn up by chance."""
    from participation.accounts.models import User
    from participation.budgeting.models import BudgetRound, Project
    from participation.city.models import District
    from participation.crowdfunding.models import Campaign
    from participation.ideas.models import Comment, Idea
    from participation.processes.models import Process

    texts = set()
    with hosting.at(hosting.gent):
        for column in (Process.title, Idea.title, Campaign.title, Project.title, BudgetRound.title, District.name,
                       User.display_name, User.email):
            texts.update(value for value in db.session.scalars(select(column)) if value)
        texts.update(body[:40] for body in db.session.scalars(select(Comment.body)) if body)
    return {text for text in texts if len(text) >= 8}


def gent_values(hosting) -> dict[str, list]:
    from participation.processes.models import Process

    with hosting.at(hosting.gent):
        slugs = list(db.session.scalars(select(Process.slug)))
    return {"int": [1, 2, 3, 5, 8], "slug": slugs}


def urls_to_try(app, values) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        options = {}
        for name in rule.arguments:
            converter = type(rule._converters[name]).__name__
            if "Integer" in converter:
                options[name] = values["int"]
            elif converter == "AnyConverter":
                options[name] = re.search(rf"<any\(([^)]*)\):{name}>", rule.rule).group(1).replace(" ", "").split(",")
            elif name == "slug":
                options[name] = values["slug"]
            else:
                options[name] = ["gent-token"]
        names = list(options)
        combinations = itertools.islice(itertools.product(*(options[name] for name in names)), 12)
        with app.test_request_context():
            from flask import url_for

            for combination in combinations:
                try:
                    urls.append(url_for(rule.endpoint, **dict(zip(names, combination))))
                except Exception:
                    continue
    return sorted(set(urls))


def leaks(body: str, markers: set[str]) -> list[str]:
    return [marker for marker in markers if marker in body]


@pytest.fixture(scope="module")
def sweep(hosting):
    return gent_markers(hosting), urls_to_try(hosting.app, gent_values(hosting))


def test_the_sweep_finds_gents_content_at_gent_itself(hosting, sweep):
    """The check can fail: the same pages at Gent's own host do show Gent's texts."""
    markers, urls = sweep
    assert len(urls) > 150 and len(markers) > 40
    client = hosting.client(hosting.gent)
    seen = set()
    for url in ("/", "/trajecten", "/ideeen", "/crowdfunding"):
        seen.update(leaks(client.get(url).get_data(as_text=True), markers))
    assert len(seen) > 10


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_no_page_at_oudsbergen_shows_anything_of_gent(hosting, sweep, who):
    markers, urls = sweep
    client = hosting.client(hosting.oudsbergen)
    if who == "admin":
        hosting.log_in(client, "admin@oudsbergen.test")
    problems = []
    for url in urls:
        response = client.get(url)
        body = response.get_data(as_text=True) + response.headers.get("Location", "")
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
        found = leaks(body, markers) + [word for word in GENT_ONLY_WORDS if re.search(rf"\b{word}\b", body)]
        if found:
            problems.append(f"{url}: shows {found[:3]}")
    assert problems == []


def test_oudsbergens_own_idea_with_gents_id_shows_its_own_text(hosting):
    client = hosting.client(hosting.oudsbergen)
    page = client.get("/trajecten").get_data(as_text=True)
    assert "Dorpskern Meeuwen" in page
    with hosting.at(hosting.oudsbergen):
        from participation.ideas.models import Idea

        idea_id = db.session.scalar(select(Idea.id))
    assert idea_id == 1  # Gent has an idea 1 too
    ideas = client.get("/ideeen").get_data(as_text=True)
    assert "Een bank aan de kerk van Meeuwen" in ideas


def test_searching_at_oudsbergen_for_gents_ideas_finds_nothing(hosting):
    from participation.ideas.models import Idea

    with hosting.at(hosting.gent):
        titles = list(db.session.scalars(select(Idea.title).limit(5)))
    client = hosting.client(hosting.oudsbergen)
    gent_client = hosting.client(hosting.gent)
    for title in titles:
        word = max(title.split(), key=len)
        assert title in gent_client.get("/ideeen", query_string={"q": word}).get_data(as_text=True)
        assert title not in client.get("/ideeen", query_string={"q": word}).get_data(as_text=True)


def test_the_map_feed_counts_only_the_municipalitys_own_ideas(hosting):
    from participation.ideas.models import Idea

    feeds = {}
    for municipality in (hosting.gent, hosting.oudsbergen):
        response = hosting.client(municipality).get("/ideeen.geojson")
        assert response.status_code == 200
        with hosting.at(municipality):
            located = db.session.scalar(select(db.func.count(Idea.id)).where(Idea.latitude.is_not(None)))
        feeds[municipality.slug] = (len(response.get_json()["features"]), located)
    assert feeds["gent"][0] > 0
    assert feeds["oudsbergen"][0] <= feeds["oudsbergen"][1]
    assert feeds["oudsbergen"][0] == 0
