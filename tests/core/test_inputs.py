"""What the edge refuses before a route sees it: ids the database cannot hold, control characters,
Host headers that are not host names. Each of these crashed a route with a 500 before."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.accounts.models import User
from participation.core.inputs import MAX_ID, db_int, strip_control_characters
from participation.extensions import db
from tests.conftest import TEST_PASSWORD

HUGE = "99999999999999999999"


@pytest.mark.parametrize("value", ["1", "2147483647", "-3", " 12 "])
def test_a_whole_number_that_fits_an_id_column_is_read(value):
    assert db_int(value) == int(value)


@pytest.mark.parametrize("value", [HUGE, str(MAX_ID + 1), "1e400", "Infinity", "NaN", "1.5", "", "١٢", "12abc"])
def test_anything_else_is_not_a_number_for_an_id(value):
    with pytest.raises(ValueError):
        db_int(value)


def test_control_characters_go_and_tabs_and_line_breaks_stay():
    assert strip_control_characters("a\x00b\x07c\x1b\x7f\td\r\ne") == "abc\td\r\ne"


@pytest.mark.parametrize("path", [f"/ideeen/{HUGE}", f"/ideeen/{MAX_ID + 1}", f"/trajecten/{HUGE}/ideeen"])
def test_an_id_past_what_the_database_holds_is_a_page_that_does_not_exist(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", [f"page={HUGE}", "page=-4", "page=Infinity", f"process={HUGE}", f"theme={HUGE}&district=1e400"])
def test_a_query_number_out_of_range_falls_back_to_the_default(client, query):
    response = client.get(f"/ideeen?{query}")
    assert response.status_code == 200


def test_a_huge_page_number_in_a_paginated_staff_list_shows_the_first_page(client, make_user, login):
    admin = make_user("admin", name="Ada Admin")
    login(admin)
    response = client.get(f"/beheer/gebruikers?page={HUGE}")
    assert response.status_code == 200
    assert "Ada Admin" in response.get_data(as_text=True)


def test_a_nul_in_a_search_query_is_not_sent_to_the_database(client, make_user, login):
    admin = make_user("admin", name="Nora Nul")
    login(admin)
    response = client.get("/beheer/gebruikers?q=No%00ra")
    assert response.status_code == 200
    assert "Nora Nul" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/trajecten/%00", "/trajecten/a%01b/ideeen", "/trajecten/%7F/stemronden"])
def test_a_control_character_in_a_slug_is_a_page_that_does_not_exist(client, path):
    assert client.get(path).status_code == 404


def test_a_search_longer_than_any_search_needs_is_cut_rather_than_sent_whole(client, make_user, login):
    login(make_user("admin", name="Lange Zoeker"))
    response = client.get("/beheer/gebruikers?q=" + "Lange Zoeker" + "x" * 60_000)  # SQLite refused this LIKE pattern
    assert response.status_code == 200


def test_a_reply_to_a_reaction_id_past_the_id_column_is_a_page_that_does_not_exist(client, make_user, login, make_process):
    from participation.ideas import services

    process = make_process()
    idea = services.submit_idea(process, make_user(), title="Een bank in het park", description="Om te rusten bij de vijver, met schaduw.")
    login(make_user())
    response = client.post(f"/ideeen/{idea.id}/reacties", data={"body": "Goed idee", "parent_id": HUGE})
    assert response.status_code == 404


def test_a_nul_typed_into_a_form_is_removed_before_it_is_stored(client):
    response = client.post(
        "/registreren",
        data={"email": "nul@example.be", "display_name": "An\x00na", "password": TEST_PASSWORD, "password_repeat": TEST_PASSWORD, "accepts_privacy": "y"},
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "nul@example.be"))
    assert user.display_name == "Anna"


def test_a_nul_in_the_login_email_is_a_form_message(client):
    response = client.post("/inloggen", data={"email": "a\x00@example.be", "password": "whatever it is"})
    assert response.status_code == 422


@pytest.mark.parametrize("host", ["evil..example", "x" * 300])
def test_a_host_header_that_is_no_host_name_gets_the_400_page(app, host):
    app.config["SERVER_NAME"] = None
    try:
        response = app.test_client().get("/", headers={"Host": host})
    finally:
        app.config["SERVER_NAME"] = "localhost"
    assert response.status_code == 400
    assert "<html" in response.get_data(as_text=True)
