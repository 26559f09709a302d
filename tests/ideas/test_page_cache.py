"""Anonymous idea pages come from the shared page cache, and are never stale or someone else's.

Every scenario goes through HTTP: a first visit fills the cache (X-Page-Cache: miss), the next is served
from it (hit); a change made by someone else, through the site or a service, must show at the very
next visit.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from participation.core import pagecache
from participation.extensions import db
from participation.ideas import services
from tests.conftest import TEST_PASSWORD

HEADER = "X-Page-Cache"


@pytest.fixture(autouse=True)
def fresh_cache(app):
    """Each test starts from an empty in-process cache (the test app is shared by the whole run)."""
    previous = app.extensions.get("pagecache")
    app.extensions["pagecache"] = pagecache.PageCache(pagecache.MemoryStore(), 300)
    yield app.extensions["pagecache"]
    if previous is None:
        app.extensions.pop("pagecache")
    else:
        app.extensions["pagecache"] = previous


@pytest.fixture
def new_idea(make_idea):
    """make_idea, committed (services flush; a request or a command commits)."""

    def make(*args, **kwargs):
        idea = make_idea(*args, **kwargs)
        db.session.commit()
        return idea

    return make


@pytest.fixture
def visitor(app):
    return app.test_client()


@pytest.fixture
def citizen_client(app, make_user):
    """A second browser, signed in."""
    person = make_user()
    browser = app.test_client()
    assert browser.post("/inloggen", data={"email": person.email, "password": TEST_PASSWORD}).status_code == 302
    browser.person = person
    return browser


def visit(client, url: str, expect: str | None = None):
    response = client.get(url)
    assert response.status_code == 200, url
    if expect is not None:
        assert response.headers.get(HEADER) == expect, (url, response.headers.get(HEADER))
    return response.get_data(as_text=True)


def without_csrf_tokens(html: str) -> str:
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*"', r'\1"', html)


def support_count(html: str) -> int:
    return int(re.search(r'class="support-count"><strong>(\d+)</strong>', html).group(1))


def test_a_second_anonymous_visit_is_served_from_the_cache_without_queries(visitor, new_idea, queries_counter):
    idea = new_idea(title="Bankjes op het Sint-Pietersplein")
    url = f"/ideeen/{idea.id}"
    first = visit(visitor, url, "miss")
    with queries_counter() as statements:
        second = visit(visitor, url, "hit")
    assert statements == []
    # Same page, except the CSRF token: Flask-WTF signs it with the current second, so two visits
    # a second apart carry different (both valid) tokens.
    assert without_csrf_tokens(second) == without_csrf_tokens(first)
    assert "Bankjes op het Sint-Pietersplein" in second


def test_a_support_shows_at_the_next_anonymous_visit(visitor, citizen_client, new_idea):
    idea = new_idea()
    page, lists = f"/ideeen/{idea.id}", (f"/trajecten/{idea.process.slug}/ideeen", "/ideeen?sort=supported")
    assert support_count(visit(visitor, page)) == 0
    for url in lists:
        visit(visitor, url, "miss")
        visit(visitor, url, "hit")
    visit(visitor, page, "hit")

    assert citizen_client.post(f"/ideeen/{idea.id}/steunen").status_code == 302

    assert support_count(visit(visitor, page, "miss")) == 1
    for url in lists:
        visit(visitor, url, "miss")
    # and withdrawing it (a DELETE statement, not an ORM object) too
    assert citizen_client.post(f"/ideeen/{idea.id}/steun-intrekken").status_code == 302
    assert support_count(visit(visitor, page, "miss")) == 0


def test_a_reaction_shows_at_the_next_anonymous_visit(visitor, citizen_client, new_idea):
    idea = new_idea()
    visit(visitor, f"/ideeen/{idea.id}", "miss")
    visit(visitor, f"/ideeen/{idea.id}", "hit")
    response = citizen_client.post(f"/ideeen/{idea.id}/reacties", data={"body": "Heel goed idee, doen!"})
    assert response.status_code == 302
    assert "Heel goed idee, doen!" in visit(visitor, f"/ideeen/{idea.id}", "miss")


def test_a_status_change_by_a_service_outside_a_request_shows_at_once(visitor, new_idea, make_user):
    """As a CLI command or a job would do it: a service, then a commit."""
    idea = new_idea()
    staff = make_user("staff")
    list_url = f"/trajecten/{idea.process.slug}/ideeen"
    visit(visitor, list_url, "miss")
    visit(visitor, list_url, "hit")
    visit(visitor, f"/ideeen/{idea.id}", "miss")
    assert "De stad bekijkt dit." not in visit(visitor, f"/ideeen/{idea.id}", "hit")
    services.change_idea_status(idea, "under_review", staff, note="De stad bekijkt dit.")
    db.session.commit()
    html = visit(visitor, f"/ideeen/{idea.id}", "miss")
    assert "De stad bekijkt dit." in html
    visit(visitor, list_url, "miss")


def test_hiding_an_idea_makes_it_disappear_from_cached_pages(visitor, new_idea, make_user):
    idea = new_idea(title="Een idee dat verdwijnt")
    staff = make_user("staff")
    assert "Een idee dat verdwijnt" in visit(visitor, "/ideeen", "miss")
    visit(visitor, f"/ideeen/{idea.id}", "miss")
    services.change_idea_status(idea, "hidden", staff, note="moderation")
    db.session.commit()
    assert visitor.get(f"/ideeen/{idea.id}").status_code == 404
    assert "Een idee dat verdwijnt" not in visit(visitor, "/ideeen", "miss")


def test_moderation_hiding_a_reaction_or_a_profile_shows_at_once(visitor, new_idea, make_user):
    from participation.moderation import services as moderation

    author = make_user(name="Zichtbare Naam")
    idea = new_idea(author=author)
    comment = services.add_comment(idea, make_user(), "Een ongepaste reactie")
    db.session.commit()
    assert "Een ongepaste reactie" in visit(visitor, f"/ideeen/{idea.id}", "miss")
    visit(visitor, f"/ideeen/{idea.id}", "hit")

    moderator = make_user("moderator")
    moderation.decide(moderator, moderation.ensure_item("comment", comment), "hide", reason="Beledigend")
    db.session.commit()
    html = visit(visitor, f"/ideeen/{idea.id}", "miss")
    assert "Een ongepaste reactie" not in html

    assert "Zichtbare Naam" in visit(visitor, "/ideeen", "miss")
    moderation.decide(moderator, moderation.ensure_item("profile", author), "hide", reason="Naam")
    db.session.commit()
    assert "Zichtbare Naam" not in visit(visitor, "/ideeen", "miss")
    assert "Zichtbare Naam" not in visit(visitor, f"/ideeen/{idea.id}", "miss")


def test_an_image_and_a_renamed_author_show_at_once(visitor, new_idea, make_user):
    from participation.ideas.models import IdeaImage

    author = make_user(name="Oude Naam")
    idea = new_idea(author=author)
    assert "Oude Naam" in visit(visitor, f"/ideeen/{idea.id}", "miss")
    visit(visitor, f"/ideeen/{idea.id}", "hit")
    db.session.add(IdeaImage(idea_id=idea.id, filename="plein.jpg", alt_text="Een foto van het plein", position=1))
    db.session.commit()
    assert 'alt="Een foto van het plein"' in visit(visitor, f"/ideeen/{idea.id}", "miss")
    author.display_name = "Nieuwe Naam"
    db.session.commit()
    assert "Nieuwe Naam" in visit(visitor, f"/ideeen/{idea.id}", "miss")


def test_a_change_in_one_process_keeps_the_other_processes_cached(visitor, new_idea, make_process, make_user):
    first, second = new_idea(), new_idea()
    for idea in (first, second):
        visit(visitor, f"/ideeen/{idea.id}", "miss")
        visit(visitor, f"/trajecten/{idea.process.slug}/ideeen", "miss")
    visit(visitor, "/ideeen", "miss")
    services.support_idea(first, make_user())
    db.session.commit()
    visit(visitor, f"/ideeen/{first.id}", "miss")
    visit(visitor, f"/trajecten/{first.process.slug}/ideeen", "miss")
    visit(visitor, "/ideeen", "miss")  # the city-wide list shows every process
    visit(visitor, f"/ideeen/{second.id}", "hit")
    visit(visitor, f"/trajecten/{second.process.slug}/ideeen", "hit")


def test_a_rolled_back_change_does_not_invalidate_and_a_change_during_rendering_is_not_kept(visitor, new_idea, make_user, fresh_cache):
    idea = new_idea()
    visit(visitor, f"/ideeen/{idea.id}", "miss")
    services.support_idea(idea, make_user())
    db.session.rollback()
    visit(visitor, f"/ideeen/{idea.id}", "hit")

    # A page whose data changed while it rendered: the ALL version read before rendering differs after.
    key = "k"
    before = fresh_cache.stamp([pagecache.ALL])
    fresh_cache.bump([idea.process_id])
    after = fresh_cache.stamp([pagecache.ALL, idea.process_id])
    assert after[pagecache.ALL] != before[pagecache.ALL]
    fresh_cache.put(key, {"p:%d" % idea.process_id: after["p:%d" % idea.process_id] - 1}, "old")
    assert fresh_cache.get(key) is None


def test_no_visitor_gets_another_visitors_csrf_token_or_flash_message(app, new_idea, citizen_client):
    idea = new_idea()
    url = f"/ideeen/{idea.id}"
    first, second = app.test_client(), app.test_client()
    page_one = visit(first, url, "miss")
    page_two = visit(second, url, "hit")
    token_one = re.findall(r'name="csrf_token" value="([^"]+)"', page_one)
    token_two = re.findall(r'name="csrf_token" value="([^"]+)"', page_two)
    assert token_one and token_two  # the language switcher carries one
    assert set(token_one).isdisjoint(token_two)
    assert pagecache.CSRF_PLACEHOLDER not in page_two
    with second.session_transaction() as session:
        assert session["csrf_token"]  # the visitor's own token, which the cached copy was given back

    # A visitor with a pending flash message gets a freshly rendered page, and nobody else sees it.
    with first.session_transaction() as session:
        session["_flashes"] = [("success", "Alleen voor bezoeker een")]
    flashed = first.get(url)
    assert "Alleen voor bezoeker een" in flashed.get_data(as_text=True)
    assert flashed.headers.get(HEADER) is None
    assert "Alleen voor bezoeker een" not in visit(second, url, "hit")
    assert "Alleen voor bezoeker een" not in visit(first, url, "hit")  # shown once, as flash messages are

    # A signed-in visitor never gets the cached page, and their page never goes into it.
    signed_in = citizen_client.get(url)
    assert signed_in.headers.get(HEADER) is None
    assert citizen_client.person.display_name in signed_in.get_data(as_text=True)  # "My profile (name)"
    assert citizen_client.person.display_name not in visit(second, url, "hit")


def test_each_language_has_its_own_copy(visitor, app, new_idea):
    idea = new_idea()
    url = f"/ideeen/{idea.id}"
    dutch = visit(visitor, url, "miss")
    french_visitor = app.test_client()
    french = french_visitor.get(url, headers={"Accept-Language": "fr"})
    assert french.headers[HEADER] == "miss"
    assert '<html lang="fr">' in french.get_data(as_text=True) and '<html lang="nl">' in dutch
    assert '<html lang="fr">' in french_visitor.get(url, headers={"Accept-Language": "fr"}).get_data(as_text=True)
    with visitor.session_transaction() as session:
        session["language"] = "en"
    english = visitor.get(url)
    assert english.headers[HEADER] == "miss" and '<html lang="en">' in english.get_data(as_text=True)
    assert '<html lang="nl">' in visit(app.test_client(), url, "hit")


def test_the_random_order_is_each_visitors_own(app, new_idea, make_process, make_user):
    process = make_process()
    people = [make_user() for _ in range(3)]
    for n in range(45):
        new_idea(process, people[n % 3], title=f"Idee {n:02d}")
    url = f"/trajecten/{process.slug}/ideeen?sort=random"
    orders = []
    for seed in (500_001, 777_767):
        browser = app.test_client()
        with browser.session_transaction() as session:
            session["ideas_random_seed"] = seed
        orders.append(re.findall(r">(Idee \d\d)</a></h3>", visit(browser, url, "miss")))
        assert re.findall(r">(Idee \d\d)</a></h3>", visit(browser, url, "hit")) == orders[-1]
    assert orders[0] != orders[1]


def test_the_cache_can_be_switched_off(app, visitor, new_idea):
    idea = new_idea()
    app.extensions.pop("pagecache")
    assert visitor.get(f"/ideeen/{idea.id}").headers.get(HEADER) is None
    assert visitor.get(f"/ideeen/{idea.id}").headers.get(HEADER) is None


def test_renaming_a_theme_or_a_department_invalidates_every_idea_page(visitor, new_idea):
    from participation.city.models import Department, Theme

    idea = new_idea()
    url = f"/ideeen/{idea.id}"
    visit(visitor, url, "miss")
    visit(visitor, url, "hit")
    theme = db.session.scalars(db.select(Theme)).first()
    theme.name_nl = theme.name_nl + " (nieuw)"
    db.session.commit()
    visit(visitor, url, "miss")
    visit(visitor, url, "hit")
    department = db.session.scalars(db.select(Department)).first()
    assert department is not None  # seeded with the city
    department.name_nl = "Dienst met een nieuwe naam"
    db.session.commit()
    visit(visitor, url, "miss")


def test_a_support_for_one_idea_keeps_the_other_idea_pages_of_the_process_cached(visitor, citizen_client, new_idea, make_process):
    process = make_process()
    supported, neighbour = new_idea(process=process), new_idea(process=process)
    process_list = f"/trajecten/{process.slug}/ideeen"
    for url in (f"/ideeen/{supported.id}", f"/ideeen/{neighbour.id}", process_list):
        visit(visitor, url, "miss")

    assert citizen_client.post(f"/ideeen/{supported.id}/steunen").status_code == 302

    assert support_count(visit(visitor, f"/ideeen/{supported.id}", "miss")) == 1
    visit(visitor, process_list, "miss")  # the list shows every idea's count
    visit(visitor, f"/ideeen/{neighbour.id}", "hit")


def test_a_phase_change_or_moderation_in_the_process_reaches_every_idea_page(visitor, new_idea, make_process, make_user):
    process = make_process()
    ideas = [new_idea(process=process) for _ in range(2)]
    for idea in ideas:
        visit(visitor, f"/ideeen/{idea.id}", "miss")
    phase = process.phases[0]
    phase.ends_on = date.today() - timedelta(days=1)  # staff close the ideation phase early
    db.session.commit()
    for idea in ideas:
        assert "Steunen kan alleen tijdens de ideeënfase." in visit(visitor, f"/ideeen/{idea.id}", "miss")
    services.add_comment(ideas[0], make_user(), "Goed idee, ik doe mee.")
    db.session.commit()
    visit(visitor, f"/ideeen/{ideas[0].id}", "miss")
    visit(visitor, f"/ideeen/{ideas[1].id}", "hit")


def test_the_token_on_a_cached_page_is_accepted_by_the_language_switcher(app, visitor, new_idea):
    """Cached pages reuse the visitor's signed token instead of signing it anew: it must still pass CSRF."""
    url = f"/ideeen/{new_idea().id}"
    visit(visitor, url, "miss")
    tokens = {re.search(r'name="csrf_token" value="([^"]+)"', visit(visitor, url, "hit")).group(1) for _ in range(3)}
    assert len(tokens) == 1
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        switched = visitor.post("/taal", data={"language": "en", "next": url, "csrf_token": tokens.pop()})
        assert switched.status_code == 302
        forged = visitor.post("/taal", data={"language": "fr", "next": url, "csrf_token": "forged"})
        assert forged.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert 'lang="en"' in visit(visitor, url, "miss")


def test_a_visitor_kept_logged_in_by_the_remember_me_cookie_never_gets_the_anonymous_copy(app, visitor, new_idea, make_user):
    person = make_user(name="Blijft Ingelogd")
    url = f"/ideeen/{new_idea().id}"
    visit(visitor, url, "miss")
    returning = app.test_client()
    login = returning.post("/inloggen", data={"email": person.email, "password": TEST_PASSWORD, "remember": "y"})
    assert login.status_code == 302
    with returning.session_transaction() as session:
        session.clear()  # the browser was closed: only the remember-me cookie is left
    page = returning.get(url)
    assert page.headers.get(HEADER) is None
    assert "Blijft Ingelogd" in page.get_data(as_text=True)
