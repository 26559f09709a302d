"""Idea pages through the test client: forms, messages, and what is kept on errors."""
from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.ideas import services
from participation.ideas.models import Comment, Idea, Support
from tests.ideas.conftest import image_bytes


def _form(**overrides):
    data = {"title": "Meer bomen op het Sint-Pietersplein", "description": "Schaduw in de zomer.", "theme_id": "0", "district_id": "0", "submit": "1"}
    data.update(overrides)
    return data


def test_a_citizen_submits_an_idea_and_lands_on_its_page(client, make_process, make_user, login):
    process = make_process()
    login(make_user())
    response = client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data=_form())
    assert response.status_code == 302
    idea = db.session.scalar(select(Idea))
    assert response.headers["Location"].endswith(f"/ideeen/{idea.id}")
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "Meer bomen op het Sint-Pietersplein" in page


def test_a_pre_moderated_idea_is_visible_to_its_author_only(client, make_process, make_user, login):
    process = make_process(moderation_mode="pre")
    author = make_user()
    login(author)
    client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data=_form())
    idea = db.session.scalar(select(Idea))
    assert idea.status == "awaiting_moderation"
    assert client.get(f"/ideeen/{idea.id}").status_code == 200
    assert "Meer bomen" not in client.get(f"/trajecten/{process.slug}/ideeen").get_data(as_text=True)
    client.post("/uitloggen")
    assert client.get(f"/ideeen/{idea.id}").status_code == 404


def test_an_over_long_title_returns_the_form_with_what_was_typed(client, make_process, make_user, login):
    process = make_process()
    login(make_user())
    response = client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data=_form(title="x" * 121, description="Mijn zorgvuldige tekst"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "error-summary" in page and "Mijn zorgvuldige tekst" in page
    assert db.session.scalar(select(func.count(Idea.id))) == 0


def test_submitting_outside_ideation_keeps_the_form_and_saves_nothing(client, make_process, make_user, login):
    process = make_process(phases=(("ideation", -20, -10), ("review", -9, 10)))
    login(make_user())
    response = client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data=_form(description="Bewaar dit"))
    assert response.status_code == 422
    assert "Bewaar dit" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Idea.id))) == 0


def test_a_wrong_file_type_is_refused_with_a_message(client, make_process, make_user, login, upload_folder):
    process = make_process()
    login(make_user())
    data = _form(image_1=(io.BytesIO(b"%PDF-1.4 nope"), "plan.pdf"), image_1_alt="Plan")
    response = client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Idea.id))) == 0


def test_a_corrupt_image_with_an_image_name_is_refused_and_nothing_is_half_saved(client, make_process, make_user, login, upload_folder):
    process = make_process()
    login(make_user())
    data = _form(image_1=(io.BytesIO(b"\xff\xd8\xff garbage"), "foto.jpg"), image_1_alt="Foto")
    response = client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Meer bomen op het Sint-Pietersplein" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Idea.id))) == 0


def test_an_image_upload_is_stored_with_its_alt_text(client, make_process, make_user, login, upload_folder):
    process = make_process()
    login(make_user())
    data = _form(image_1=(io.BytesIO(image_bytes()), "foto.jpg"), image_1_alt="Het lege plein")
    response = client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    idea = db.session.scalar(select(Idea))
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert 'alt="Het lege plein"' in page


def test_looking_for_similar_ideas_shows_them_and_saves_nothing(client, make_idea, make_user, login):
    existing = make_idea(title="Fietsenstalling aan station Dampoort", description="Overdekte fietsenstalling bij het station")
    login(make_user())
    response = client.post(
        f"/trajecten/{existing.process.slug}/ideeen/nieuw",
        data={"title": "Een grotere fietsenstalling", "description": "Aan het station", "check_similar": "1", "theme_id": "0", "district_id": "0"},
    )
    assert response.status_code == 200
    assert "Fietsenstalling aan station Dampoort" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Idea.id))) == 1


def test_supporting_twice_through_the_page_shows_a_message_and_keeps_one_support(client, make_idea, make_user, login):
    idea = make_idea()
    login(make_user())
    assert client.post(f"/ideeen/{idea.id}/steunen").status_code == 302
    response = client.post(f"/ideeen/{idea.id}/steunen")
    assert response.status_code == 422
    assert "already support" in response.get_data(as_text=True) or "steunt dit idee al" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Support.id))) == 1


def test_support_is_withdrawn_with_a_button(client, make_idea, make_user, login):
    idea = make_idea()
    login(make_user())
    client.post(f"/ideeen/{idea.id}/steunen")
    assert client.post(f"/ideeen/{idea.id}/steun-intrekken").status_code == 302
    db.session.refresh(idea)
    assert idea.support_count == 0


def test_a_comment_and_a_reply_appear_on_the_idea_page(client, make_idea, make_user, login):
    idea = make_idea()
    login(make_user(name="Fatima"))
    client.post(f"/ideeen/{idea.id}/reacties", data={"body": "Goed plan"})
    first = db.session.scalar(select(Comment))
    client.post(f"/ideeen/{idea.id}/reacties", data={"body": "Eens", "parent_id": str(first.id)})
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "Goed plan" in page and "Eens" in page and 'class="replies"' in page


def test_an_empty_comment_returns_the_page_with_a_message(client, make_idea, make_user, login):
    idea = make_idea()
    login(make_user())
    response = client.post(f"/ideeen/{idea.id}/reacties", data={"body": "   "})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_a_script_in_a_comment_is_shown_as_inert_text(client, make_idea, make_user, login):
    idea = make_idea()
    login(make_user())
    client.post(f"/ideeen/{idea.id}/reacties", data={"body": '<script>alert("x")</script><b onmouseover="x()">Hoi</b>'})
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "<script>alert" not in page and "<b onmouseover" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b onmouseover=&#34;x()&#34;&gt;Hoi&lt;/b&gt;" in page


def test_a_deleted_comment_shows_a_placeholder(client, make_idea, make_user, login):
    idea = make_idea()
    author = make_user()
    comment = services.add_comment(idea, author, "Weg ermee")
    login(author)
    assert client.post(f"/reacties/{comment.id}/verwijderen").status_code == 302
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "Weg ermee" not in page
    assert "deleted" in page or "verwijderd" in page


def test_the_author_edits_the_idea_and_the_old_text_is_kept(client, make_idea, login):
    idea = make_idea(title="Oude titel")
    login(idea.author)
    response = client.post(f"/ideeen/{idea.id}/bewerken", data=_form(title="Nieuwe titel"))
    assert response.status_code == 302
    assert idea.title == "Nieuwe titel"
    moderator_view = client.get(f"/ideeen/{idea.id}/versies")
    assert moderator_view.status_code == 403  # versions are for moderators


def test_a_moderator_sees_earlier_versions(client, make_idea, make_user, login):
    idea = make_idea(title="Oude titel")
    services.edit_idea(idea, idea.author, title="Nieuwe titel", description="tekst")
    login(make_user("moderator"))
    page = client.get(f"/ideeen/{idea.id}/versies").get_data(as_text=True)
    assert "Oude titel" in page


def test_staff_enter_an_offline_idea_that_shows_where_it_came_from(client, make_process, make_user, login):
    process = make_process()
    login(make_user("staff"))
    response = client.post(
        f"/beheer/trajecten/{process.slug}/ideeen/offline",
        data=_form(channel="paper", author_name="Jozef uit Ledeberg", contact="09 000 00 00"),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    idea = db.session.scalar(select(Idea))
    client.post("/uitloggen")
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "Jozef uit Ledeberg" in page
    assert "09 000 00 00" not in page  # the contact is for staff only
    assert idea.channel == "paper"


def test_following_an_idea_and_a_process(client, make_idea, make_user, login):
    idea = make_idea()
    login(make_user())
    assert client.post(f"/ideeen/{idea.id}/volgen").status_code == 302
    assert client.post(f"/trajecten/{idea.process.slug}/volgen").status_code == 302
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert f'action="/ideeen/{idea.id}/niet-meer-volgen"' in page


def test_inviting_a_coauthor_who_then_accepts(client, make_idea, make_user, login, outbox):
    idea = make_idea()
    friend = make_user()
    login(idea.author)
    assert client.post(f"/ideeen/{idea.id}/mede-auteurs", data={"email": friend.email}).status_code == 302
    client.post("/uitloggen")
    login(friend)
    assert f'action="/ideeen/{idea.id}/mede-auteurs/aanvaarden"' in client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert client.post(f"/ideeen/{idea.id}/mede-auteurs/aanvaarden").status_code == 302
    assert client.get(f"/ideeen/{idea.id}/bewerken").status_code == 200


def test_state_changes_need_a_csrf_token(app, client, make_idea, make_user, login):
    idea = make_idea()
    login(make_user())
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/ideeen/{idea.id}/steunen")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert idea.support_count == 0


def test_the_list_filters_searches_and_paginates(client, make_process, make_idea, make_user):
    process = make_process()
    author = make_user()
    for n in range(23):
        make_idea(process, author, title=f"Speelplein nummer {n}", description="Voor kinderen")
    make_idea(process, author, title="Fietspad langs de Leie", description="Veilig fietsen")
    first = client.get(f"/trajecten/{process.slug}/ideeen").get_data(as_text=True)
    assert "24 ideas" in first or "24 ideeën" in first
    assert 'rel="next"' in first
    found = client.get(f"/trajecten/{process.slug}/ideeen?q=fietspad+LEIE").get_data(as_text=True)
    assert "Fietspad langs de Leie" in found and "Speelplein nummer" not in found


def test_random_order_is_stable_for_one_visitor(client, make_process, make_idea, make_user):
    process = make_process()
    author = make_user()
    for n in range(8):
        make_idea(process, author, title=f"Idee {n}")
    pattern = re.compile(r'href="/ideeen/(\d+)"')
    first = pattern.findall(client.get(f"/trajecten/{process.slug}/ideeen?sort=random").get_data(as_text=True))
    again = pattern.findall(client.get(f"/trajecten/{process.slug}/ideeen?sort=random").get_data(as_text=True))
    assert first == again and len(first) == 8


def test_the_geojson_feed_lists_published_located_ideas(client, make_process, make_idea):
    process = make_process()
    make_idea(process, title="Op de kaart", latitude=51.05, longitude=3.72)
    make_idea(process, title="Zonder plaats")
    make_idea(make_process(moderation_mode="pre"), title="Nog niet gemodereerd", latitude=51.0, longitude=3.7)
    data = client.get("/ideeen.geojson").get_json()
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["title"] for f in data["features"]] == ["Op de kaart"]
    assert data["features"][0]["geometry"]["coordinates"] == [3.72, 51.05]


def test_the_map_tile_origin_is_allowed_by_the_content_security_policy(client, make_idea):
    idea = make_idea()
    response = client.get(f"/trajecten/{idea.process.slug}/ideeen")
    assert "https://tile.openstreetmap.org" in response.headers["Content-Security-Policy"]
    assert "<script>" not in response.get_data(as_text=True)


class _ActiveContent(HTMLParser):
    """Collects what a browser would run: inline scripts, on* attributes, javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            if not dict(attrs).get("src"):
                self.found.append("inline script")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src") and value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")
        if tag in ("svg", "iframe", "object", "embed"):
            self.found.append(tag)


def test_xss_in_an_idea_is_inert_on_every_page(client, make_process, make_user, login):
    process = make_process()
    login(make_user())
    payload = '<script>alert(1)</script><img src=x onerror=alert(1)>[klik](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)">x</a>'
    client.post(f"/trajecten/{process.slug}/ideeen/nieuw", data=_form(title="Titel <svg onload=alert(1)>", description=payload))
    idea = db.session.scalar(select(Idea))
    services.add_comment(idea, idea.author, '<iframe src="https://evil.example"></iframe> hallo')
    for url in (f"/ideeen/{idea.id}", f"/trajecten/{process.slug}/ideeen", "/ideeen", f"/ideeen/{idea.id}/bewerken"):
        parser = _ActiveContent()
        parser.feed(client.get(url).get_data(as_text=True))
        assert parser.found == [], url


def test_an_invitation_to_someone_without_an_account_is_in_the_inviter_s_language(client, make_idea, make_user, login, outbox):
    idea = make_idea(author=make_user(language="fr"))
    login(idea.author)
    client.post(f"/ideeen/{idea.id}/mede-auteurs", data={"email": "nieuw@example.be"})
    [mail] = outbox("nieuw@example.be")
    assert mail.subject == "Rédiger une idée ensemble sur Stadslab"


def test_an_invitation_to_an_account_holder_is_in_their_saved_language(client, make_idea, make_user, login, outbox):
    idea = make_idea(author=make_user(language="fr"))
    friend = make_user(language="en")
    login(idea.author)
    client.post(f"/ideeen/{idea.id}/mede-auteurs", data={"email": friend.email})
    [mail] = outbox(friend.email)
    assert mail.subject == "Write an idea together on Stadslab"
