"""core.pagecache: entries are served only while the versions they were built from are current; the
versions move right after a commit (not after a savepoint, not after a rollback); Redis shares it all
between instances (tested against the real Redis on 127.0.0.1:6379)."""
from __future__ import annotations

import uuid

import pytest

from participation.core import pagecache
from participation.extensions import db

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_store() -> pagecache.RedisStore:
    return pagecache.RedisStore(REDIS_URL, f"stadslab-test-{uuid.uuid4().hex}:")


@pytest.fixture
def redis_store():
    store = _redis_store()
    store.redis.ping()  # the real Redis must be there: this test does not skip
    yield store
    for key in store.redis.scan_iter(store.prefix + "*"):
        store.redis.delete(key)


@pytest.fixture(params=["memory", "redis"])
def cache(request):
    store = pagecache.MemoryStore() if request.param == "memory" else request.getfixturevalue("redis_store")
    return pagecache.PageCache(store, 60)


def test_an_entry_is_served_until_one_of_its_scopes_changes(cache):
    stamp = cache.stamp([7, pagecache.GLOBAL])
    cache.put("page", stamp, "<p>zeven</p>")
    assert cache.get("page") == "<p>zeven</p>"
    cache.bump([8])  # another process
    assert cache.get("page") == "<p>zeven</p>"
    cache.bump([7])
    assert cache.get("page") is None


def test_every_bump_moves_all_and_global_stales_everything_that_depends_on_it(cache):
    cache.put("city-wide", cache.stamp([pagecache.ALL]), "alles")
    cache.put("process", cache.stamp([3, pagecache.GLOBAL]), "drie")
    cache.bump([5])
    assert cache.get("city-wide") is None
    assert cache.get("process") == "drie"
    cache.bump([pagecache.GLOBAL])
    assert cache.get("process") is None


def test_text_with_newlines_and_the_csrf_placeholder_survives(cache):
    html = "<form>\n<input value=\"%s\">\n</form>" % pagecache.CSRF_PLACEHOLDER
    cache.put("form", cache.stamp([1]), html)
    assert pagecache.with_csrf(cache.get("form"), "mijn-token") == "<form>\n<input value=\"mijn-token\">\n</form>"
    assert pagecache.csrf_free('value="abc"', "abc") == f'value="{pagecache.CSRF_PLACEHOLDER}"'


def test_redis_entries_expire_and_two_instances_share_entries_and_versions(redis_store):
    one = pagecache.PageCache(redis_store, 60)
    other = pagecache.PageCache(pagecache.RedisStore(REDIS_URL, redis_store.prefix), 60)
    one.put("gedeeld", one.stamp([4]), "gedeeld")
    assert other.get("gedeeld") == "gedeeld"
    assert 0 < redis_store.redis.ttl(redis_store.prefix + "page:gedeeld") <= 60
    other.bump([4])
    assert one.get("gedeeld") is None


def test_a_cache_that_is_down_serves_nothing_and_breaks_nothing(app, client, make_process):
    down = pagecache.PageCache(pagecache.RedisStore("redis://127.0.0.1:1/0", "x:"), 60)
    assert down.stamp([1]) is None
    down.put("k", {"p:1": 1}, "x")
    assert down.get("k") is None
    down.bump([1])  # logged, not raised
    process = make_process()
    previous = app.extensions.get("pagecache")
    app.extensions["pagecache"] = down
    try:
        assert client.get(f"/trajecten/{process.slug}/ideeen").status_code == 200
    finally:
        app.extensions["pagecache"] = previous


def test_versions_move_after_the_commit_not_after_a_savepoint_or_a_rollback(app, make_process, make_user):
    from participation.ideas import services

    process = make_process()
    idea = services.submit_idea(process, make_user(), title="Meer bomen op de Coupure", description="Schaduw in de zomer.")
    db.session.commit()
    cache = app.extensions["pagecache"]
    scope = f"p:{process.id}"
    start = cache.stamp([scope, pagecache.ALL])

    supporter, commenter = make_user(), make_user()
    start = cache.stamp([scope, pagecache.ALL])
    with db.session.begin_nested():  # all_or_nothing() around a service, inside the request's transaction
        services.support_idea(idea, supporter)
    assert cache.stamp([scope, pagecache.ALL]) == start  # not committed yet: nobody may see it
    db.session.commit()
    after_commit = cache.stamp([scope, pagecache.ALL])
    assert after_commit[scope] == start[scope] + 1 and after_commit[pagecache.ALL] == start[pagecache.ALL] + 1

    services.add_comment(idea, commenter, "Ja, graag!")
    db.session.rollback()
    db.session.commit()
    assert cache.stamp([scope, pagecache.ALL]) == after_commit


def test_a_page_served_through_redis_is_invalidated_by_a_change(app, client, make_process, make_user, redis_store):
    from participation.ideas import services

    process = make_process()
    idea = services.submit_idea(process, make_user(), title="Een speelstraat", description="Elke woensdag.")
    db.session.commit()
    previous = app.extensions.get("pagecache")
    app.extensions["pagecache"] = pagecache.PageCache(redis_store, 60)
    try:
        url = f"/ideeen/{idea.id}"
        assert client.get(url).headers["X-Page-Cache"] == "miss"
        assert client.get(url).headers["X-Page-Cache"] == "hit"
        assert any(True for _ in redis_store.redis.scan_iter(redis_store.prefix + "page:*"))
        services.support_idea(idea, make_user())
        db.session.commit()
        response = client.get(url)
        assert response.headers["X-Page-Cache"] == "miss"
        assert '<strong>1</strong>' in response.get_data(as_text=True)
    finally:
        app.extensions["pagecache"] = previous


def test_the_setting_switches_it_off_and_redis_is_chosen_from_the_settings():
    from participation import create_app

    assert "pagecache" not in create_app("testing", PAGE_CACHE_ENABLED=False).extensions
    assert isinstance(create_app("testing").extensions["pagecache"].store, pagecache.MemoryStore)
    shared = create_app("testing", CACHE_REDIS_URL=REDIS_URL).extensions["pagecache"]
    assert isinstance(shared.store, pagecache.RedisStore)


def test_near_copies_in_front_of_redis_keep_this_process_exact_and_others_late_by_at_most_their_moment(redis_store):
    import time

    here = pagecache.PageCache(redis_store, 60, pagecache.NearCopies(0.3, 10))
    elsewhere = pagecache.PageCache(pagecache.RedisStore(REDIS_URL, redis_store.prefix), 60)
    here.put("pagina", here.stamp([5]), "versie 1")
    assert here.get("pagina") == "versie 1"
    redis_store.redis.delete(redis_store.prefix + "page:pagina")
    assert here.get("pagina") == "versie 1"  # served from this process's copy, no round trip

    elsewhere.bump([5])  # another instance changes process 5
    assert here.get("pagina") == "versie 1"  # at most the near moment late...
    time.sleep(0.35)
    assert here.get("pagina") is None  # ...then the shared store decides

    here.put("pagina", here.stamp([5]), "versie 2")
    assert here.get("pagina") == "versie 2"
    here.bump([5])  # this process's own change: its copies go at once
    assert here.get("pagina") is None


def test_near_copies_are_used_only_with_a_shared_store():
    from participation import create_app

    assert create_app("testing").extensions["pagecache"].near is None
    assert create_app("testing", CACHE_REDIS_URL=REDIS_URL).extensions["pagecache"].near.seconds == 1.0
    assert create_app("testing", CACHE_REDIS_URL=REDIS_URL, PAGE_CACHE_NEAR_SECONDS=0).extensions["pagecache"].near is None
