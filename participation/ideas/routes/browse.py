"""Idea lists (per process and city-wide) with filters, search, sort and pages; the GeoJSON feed; similar ideas."""
from __future__ import annotations

import random
from datetime import date

from flask import current_app, jsonify, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user

from participation.city.services import all_districts, all_themes
from participation.core.forms import ActionForm
from participation.core.inputs import db_int, search_text
from participation.core import pagecache
from participation.ideas import bp, caching, queries, services, states
from participation.ideas.labels import STATUS_LABELS
from participation.ideas.permissions import can_submit_idea
from participation.ideas.routes.loading import load_process
from participation.processes.models import Process


SEED_KEY = "ideas_random_seed"


def _positive_int(name: str) -> int | None:
    value = request.args.get(name, type=db_int)
    return value if value and value > 0 else None


def _random_seed() -> int:
    seed = session.get(SEED_KEY)
    if not isinstance(seed, int) or not 0 < seed < queries.RANDOM_PRIME:
        seed = random.randint(1, queries.RANDOM_PRIME - 1)
        session[SEED_KEY] = seed
    return seed


def _filters(process: Process | None) -> queries.IdeaFilters:
    sort = request.args.get("sort", "newest")
    sort = sort if sort in queries.SORTS else "newest"
    status = request.args.get("status") or None
    language = request.args.get("taal") or None
    return queries.IdeaFilters(
        process_id=process.id if process else None,
        theme_id=_positive_int("theme"),
        district_id=_positive_int("district"),
        status=status if status in states.PUBLIC_STATUSES else None,
        language=language if language in current_app.config["LANGUAGES"] else None,
        query=search_text(),
        sort=sort,
        page=_positive_int("page") or 1,
        seed=_random_seed() if sort == "random" else 1,
    )


def _filter_args(filters: queries.IdeaFilters) -> dict:
    args = {"theme": filters.theme_id, "district": filters.district_id, "status": filters.status, "taal": filters.language,
            "q": filters.query or None, "sort": filters.sort}
    return {key: value for key, value in args.items() if value}


# --- Lists, map feed and search --------------------------------------------------------------


def _render_list(process: Process | None) -> tuple[str, int]:
    filters = _filters(process)
    page = queries.find_ideas(filters, current_user)
    locale = str(get_locale())
    return render_template(
        "ideas/list.html",
        process=process,
        page=page,
        filters=filters,
        filter_args=_filter_args(filters),
        themes=[(theme.id, theme.name(locale)) for theme in all_themes()],
        districts=[(district.id, district.label(locale)) for district in all_districts()],
        supported=page.supported,
        follows_process=queries.follows_process(process, current_user) if process else False,
        ideation_open=services.is_ideation_open(process, date.today()) if process else False,
        can_submit=can_submit_idea(current_user, process) if process else False,
        action_form=ActionForm(),
        hidden_profiles=page.hidden_profiles,
    ), 200


def _seed_part() -> int | None:
    """The random order differs per visitor, so their seed is part of the cache key."""
    return _random_seed() if request.args.get("sort") == "random" else None


@bp.get("/ideeen")
def index():
    return caching.anonymous_page(("ideas", _seed_part()), lambda: _render_list(None), lambda: (pagecache.ALL,))


@bp.get("/trajecten/<slug>/ideeen")
def process_list(slug: str):
    process_id = None

    def render():
        nonlocal process_id
        process = load_process(slug)
        process_id = process.id
        return _render_list(process)

    return caching.anonymous_page(("process-ideas", slug, _seed_part()), render, lambda: (pagecache.GLOBAL, process_id))


@bp.get("/ideeen.geojson")
def geojson():
    process = None
    if request.args.get("process"):
        process = load_process(request.args["process"])
    rows = queries.geojson_rows(_filters(process))
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row.longitude, row.latitude]},
            "properties": {
                "id": row.id,
                "title": row.title,
                "url": url_for("ideas.detail", idea_id=row.id),
                "supports": row.support_count,
                "comments": row.comment_count,
                "status": str(STATUS_LABELS[row.status]),
            },
        }
        for row in rows
    ]
    response = jsonify({"type": "FeatureCollection", "features": features})
    response.headers["Content-Type"] = "application/geo+json"
    return response


@bp.get("/trajecten/<slug>/ideeen/gelijkaardig")
def similar(slug: str):
    """For the submit form's script: published ideas that look like what is being typed."""
    process = load_process(slug)
    text = (request.args.get("q") or "")[:2000]
    return jsonify(
        [
            {"id": idea.id, "title": idea.title, "url": url_for("ideas.detail", idea_id=idea.id), "supports": idea.support_count}
            for idea, _score in queries.similar_ideas(process, text)
        ]
    )
