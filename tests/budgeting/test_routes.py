"""The web side: pages, the ballot form, permissions of every protected URL, CSRF."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from participation.budgeting import results, services
from participation.budgeting.models import Ballot, Project
from participation.extensions import db
from tests.budgeting.conftest import letters_csv, national_number, project_ids


def test_the_round_page_explains_the_rules(client, make_round):
    round_ = make_round()
    page = client.get(f"/stemronden/{round_.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "How voting works" in page and "stay within the budget" in page and "Bomen" in page


def test_the_process_lists_its_rounds(client, make_round):
    round_ = make_round()
    page = client.get(f"/trajecten/{round_.process.slug}/stemronden").get_data(as_text=True)
    assert round_.title in page


def test_a_draft_round_is_hidden_from_citizens(client, make_round, make_user, login):
    round_ = make_round(status="draft")
    assert client.get(f"/stemronden/{round_.id}").status_code == 404
    login(make_user("staff"))
    assert client.get(f"/stemronden/{round_.id}").status_code == 200


def test_a_citizen_verifies_votes_sees_the_meter_and_gets_a_receipt(client, make_round, make_user, login, add_to_census):
    round_ = make_round()
    number = add_to_census(round_, 1)
    user = make_user(language="en")
    login(user)
    assert client.get(f"/stemronden/{round_.id}/stembiljet").status_code == 302  # not verified yet
    response = client.post(f"/stemronden/{round_.id}/verifieren", data={"census-national_number": number})
    assert response.status_code == 302
    ids = project_ids(round_)
    page = client.post(f"/stemronden/{round_.id}/stembiljet",
                       data={"project": [ids["Bankjes"], ids["Bomen"]], "action": "check"}).get_data(as_text=True)
    assert "€70.000 of €100.000 chosen" in page and "follow the rules" in page
    response = client.post(f"/stemronden/{round_.id}/stembiljet", data={"project": [ids["Bankjes"]], "action": "cast"})
    assert response.status_code == 302
    receipt_page = client.get(response.headers["Location"]).get_data(as_text=True)
    code = re.search(r"<code>([A-Z0-9-]+)</code>", receipt_page).group(1)
    assert "Thank you" in receipt_page
    check = client.get(f"/stemronden/{round_.id}/ontvangstbewijs-controleren?code={code}").get_data(as_text=True)
    assert "is counted" in check
    page = client.get(f"/stemronden/{round_.id}/stembiljet").get_data(as_text=True)
    assert "Replace my ballot" in page and "€20.000 of €100.000" in page


@pytest.mark.parametrize("data, message", [
    ({"project": ["abc"]}, "not on this ballot"),
    ({"project": ["1", "1"]}, "appears twice"),
    ({"project": ["999999"]}, "not on this ballot"),
    ({}, "empty"),
])
def test_tampered_ballot_forms_get_a_clear_message(client, make_round, make_voter, login, data, message):
    round_ = make_round()
    login(make_voter(round_, None))
    data = dict(data, action="cast")
    if data.get("project") == ["1", "1"]:
        data["project"] = [str(round_.projects[0].id)] * 2
    response = client.post(f"/stemronden/{round_.id}/stembiljet", data=data, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Ballot.id)).where(Ballot.round_id == round_.id)) == 0


def test_over_budget_ballot_shows_the_meter_over_budget(client, make_round, make_voter, login):
    round_ = make_round()
    login(make_voter(round_))
    ids = project_ids(round_)
    response = client.post(f"/stemronden/{round_.id}/stembiljet", data={"project": [ids["Bomen"], ids["Speeltuin"]], "action": "cast"},
                           headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "more than the budget" in page and "over the budget" in page


def test_cumulative_ballot_form(client, make_round, make_voter, login):
    round_ = make_round(vote_method="cumulative", points_total=10, points_per_project=6)
    login(make_voter(round_))
    ids = project_ids(round_)
    response = client.post(f"/stemronden/{round_.id}/stembiljet", data={f"points-{ids['Bomen']}": "2.5", "action": "cast"},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 422 and "whole numbers" in response.get_data(as_text=True)
    response = client.post(f"/stemronden/{round_.id}/stembiljet", data={f"points-{ids['Bomen']}": "6", f"points-{ids['Bankjes']}": "4", "action": "cast"})
    assert response.status_code == 302


def test_the_points_meter_says_one_point_left_and_gives_the_script_both_sentences(client, make_round, make_voter, login):
    round_ = make_round(vote_method="cumulative", points_total=10, points_per_project=6)
    login(make_voter(round_))  # an English-speaking voter
    ids = project_ids(round_)
    page = client.post(f"/stemronden/{round_.id}/stembiljet",
                       data={f"points-{ids['Bomen']}": "6", f"points-{ids['Bankjes']}": "3", "action": "check"}).get_data(as_text=True)
    assert "9 of 10 points given" in page and "1 point left" in page and "1 points left" not in page
    assert 'data-left-one="{amount} point left"' in page and 'data-left="{amount} points left"' in page


def test_the_ballot_redirects_after_closing(client, make_round, make_user, login):
    round_ = make_round(phases=(("voting", -10, -1),))
    login(make_user())
    response = client.get(f"/stemronden/{round_.id}/stembiljet")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/stemronden/{round_.id}")


def test_reused_letter_code_gets_a_clear_message(client, make_round, make_user, login, send_letter):
    round_ = make_round()
    _number, code = send_letter(round_, 1)
    login(make_user())
    assert client.post(f"/stemronden/{round_.id}/verifieren", data={"letter-code": code}).status_code == 302
    client.post("/uitloggen")
    login(make_user(language="en"))
    response = client.post(f"/stemronden/{round_.id}/verifieren", data={"letter-code": code})
    assert response.status_code == 422 and "already been used" in response.get_data(as_text=True)


def test_admin_uploads_a_census_and_downloads_letter_codes(client, make_round, make_user, login):
    import io

    round_ = make_round()
    login(make_user("admin", language="en"))
    csv = f"national_number,birth_date\n{national_number(5)},1980-01-01\n".encode()
    response = client.post(f"/beheer/stemronden/{round_.id}/kiezerslijst", data={"file": (io.BytesIO(csv), "census.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "1 residents added" in response.get_data(as_text=True)
    response = client.post(f"/beheer/stemronden/{round_.id}/kiezerslijst", data={"file": (io.BytesIO(csv), "census.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "0 residents added, 1 already on the list" in response.get_data(as_text=True)
    letters = letters_csv(national_number(5), national_number(6))
    response = client.post(f"/beheer/stemronden/{round_.id}/briefcodes", data={"file": (io.BytesIO(letters), "letters.csv")},
                           content_type="multipart/form-data")
    assert response.mimetype == "text/csv" and response.headers["Cache-Control"] == "no-store"
    lines = response.get_data(as_text=True).strip().splitlines()
    assert lines[0] == "code,round,url,name,street,city" and len(lines) == 2  # resident 6 is not on the census
    assert national_number(5) not in response.get_data(as_text=True) and "Veldstraat 1,Gent" in lines[1]
    response = client.post(f"/beheer/stemronden/{round_.id}/briefcodes", data={"file": (io.BytesIO(letters), "letters.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert response.mimetype == "text/html" and "0 new, 1 residents already had one" in response.get_data(as_text=True)


def test_a_resident_redeems_their_letter_votes_and_their_details_cannot_vote_again(client, make_round, make_user, login, send_letter):
    round_ = make_round()
    number, code = send_letter(round_, 60)
    login(make_user(language="en"))
    assert client.post(f"/stemronden/{round_.id}/verifieren", data={"letter-code": code}).status_code == 302
    assert client.post(f"/stemronden/{round_.id}/stembiljet", data={"project": [round_.projects[0].id], "action": "cast"}).status_code == 302
    client.post("/uitloggen")
    login(make_user(language="en"))
    response = client.post(f"/stemronden/{round_.id}/verifieren", data={"census-national_number": number})
    assert response.status_code == 422 and "already used to verify another account" in response.get_data(as_text=True)
    client.post("/uitloggen")
    login(make_user("staff", language="en"))
    response = client.post(f"/beheer/stemronden/{round_.id}/papieren-stem", data={"national_number": number, "project": [str(round_.projects[1].id)]})
    assert response.status_code == 422 and "already voted" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Ballot.id)).where(Ballot.round_id == round_.id)) == 1


def test_admin_reissues_a_lost_letter_code_shown_once(client, make_round, make_user, login, send_letter):
    round_ = make_round()
    number, old_code = send_letter(round_, 61)
    login(make_user("admin", language="en"))
    url = f"/beheer/stemronden/{round_.id}/briefcode-opnieuw"
    page = client.get(url)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    response = client.post(url, data={"national_number": national_number(62)})
    assert response.status_code == 422 and "not on the list" in response.get_data(as_text=True)
    assert national_number(62) in response.get_data(as_text=True)  # the form keeps what was typed
    response = client.post(url, data={"national_number": number})
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    new_code = re.search(r'<code id="new-code">([A-Z0-9-]+)</code>', text).group(1)
    assert new_code != old_code and "The old code no longer works" in text
    assert new_code not in client.get(url).get_data(as_text=True)  # listed once
    client.post("/uitloggen")
    login(make_user(language="en"))
    response = client.post(f"/stemronden/{round_.id}/verifieren", data={"letter-code": old_code})
    assert response.status_code == 422 and "not valid" in response.get_data(as_text=True)
    assert client.post(f"/stemronden/{round_.id}/verifieren", data={"letter-code": new_code}).status_code == 302


def test_staff_records_a_paper_ballot(client, make_round, make_user, login, add_to_census):
    round_ = make_round()
    number = add_to_census(round_, 40)
    login(make_user("staff", language="en"))
    data = {"national_number": number, "project": [str(round_.projects[0].id)]}
    response = client.post(f"/beheer/stemronden/{round_.id}/papieren-stem", data=data)
    assert response.status_code == 200 and "Receipt code for the resident" in response.get_data(as_text=True)
    response = client.post(f"/beheer/stemronden/{round_.id}/papieren-stem", data=data)
    assert response.status_code == 422 and "already voted" in response.get_data(as_text=True)


def test_staff_creates_a_round_adds_a_project_reviews_it_and_publishes(client, make_process, make_user, login):
    process = make_process(phases=(("voting", -1, 10),))
    login(make_user("staff"))
    response = client.post(f"/beheer/trajecten/{process.id}/stemronden/nieuw", data={
        "title": "Wijkbudget", "district_id": 0, "vote_method": "approval", "budget": "50000", "min_choices": 1,
        "max_choices": 3, "min_age": 16, "census_key": "national_number"})
    assert response.status_code == 302
    round_id = int(response.headers["Location"].rsplit("/", 1)[1])
    response = client.post(f"/beheer/stemronden/{round_id}/projecten/nieuw", data={
        "title": "Zitbanken", "cost": "12500.50", "district_id": 0, "idea_id": 0})
    assert response.status_code == 302
    round_ = services.rounds_of(process, include_drafts=True)[0]
    project = round_.projects[0]
    assert project.cost_cents == 12_500_50
    assert client.post(f"/beheer/stemronden/{round_id}/status/published").status_code == 302
    assert round_.status == "draft"  # no feasible project yet
    response = client.post(f"/beheer/projecten/{project.id}/haalbaarheid", data={"verdict": "feasible", "explanation": "Past in het straatbeeld.", "cost": "13000"})
    assert response.status_code == 302
    client.post(f"/beheer/stemronden/{round_id}/status/published")
    db.session.refresh(round_)
    assert round_.status == "published" and round_.projects[0].cost_cents == 13_000_00


def test_an_appointed_reviewer_may_review_but_not_manage(client, make_round, make_user, login):
    round_ = make_round(status="draft")
    reviewer = make_user()
    services.appoint_reviewer(round_, reviewer.email, make_user("staff"))
    db.session.commit()
    login(reviewer)
    queue = client.get("/beheer/haalbaarheid").get_data(as_text=True)
    assert round_.title in queue and f"/beheer/projecten/{round_.projects[0].id}/haalbaarheid" in queue  # the draft round too
    assert client.get(f"/beheer/projecten/{round_.projects[0].id}/haalbaarheid").status_code == 200
    response = client.post(f"/beheer/projecten/{round_.projects[0].id}/haalbaarheid",
                           data={"verdict": "not_feasible", "explanation": "De grond is van de haven.", "cost": "25000"})
    assert response.status_code == 302 and "/beheer/haalbaarheid" in response.headers["Location"]
    project = db.session.get(Project, round_.projects[0].id)
    assert (project.feasibility, project.cost_cents, project.reviewed_by_id) == ("not_feasible", 25_000_00, reviewer.id)
    assert client.get(f"/beheer/stemronden/{round_.id}").status_code == 403
    client.post("/uitloggen")
    login(make_user())  # not appointed: no queue, no review form
    assert client.get("/beheer/haalbaarheid").status_code == 403
    assert client.get(f"/beheer/projecten/{round_.projects[1].id}/haalbaarheid").status_code == 403
    # Once the round is public, everyone reads the verdict, its explanation and the cost.
    services.change_round_status(round_, "published", make_user("staff"))
    db.session.commit()
    page = client.get(f"/stemronden/{round_.id}").get_data(as_text=True)
    assert "De grond is van de haven." in page and f"{project.title}</strong> (€25.000)" in page


def test_results_page_and_log_download(client, make_round, make_user, add_to_census):
    round_ = make_round(phases=(("voting", -10, -1),))
    staff = make_user("staff")
    ids = project_ids(round_)
    from participation.budgeting.services.voting import _store_ballot  # closed round: write ballots directly
    from participation.budgeting import eligibility

    for n in range(3):
        _store_ballot(round_, eligibility.identity_key(round_.id, "national_number", national_number=add_to_census(round_, 500 + n)), {ids["Bomen"]: 1}, "paper")
    results.publish_results(round_, "mes", staff, date.today())
    db.session.commit()
    page = client.get(f"/stemronden/{round_.id}/resultaten", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Method of Equal Shares" in page and "Effective support" in page and "Bomen" in page
    log = client.get(f"/stemronden/{round_.id}/resultaten/berekening.txt")
    assert log.status_code == 200 and "Method of Equal Shares" in log.get_data(as_text=True)
    export = client.get(f"/stemronden/{round_.id}/export.pb").get_data(as_text=True)
    assert "anon-3" in export


def test_a_round_with_one_voter_says_one_person_voted_in_every_language(client, make_round, make_user, add_to_census):
    round_ = make_round(phases=(("voting", -10, -1),))
    ids = project_ids(round_)
    from participation.budgeting.services.voting import _store_ballot  # closed round: write ballots directly
    from participation.budgeting import eligibility

    _store_ballot(round_, eligibility.identity_key(round_.id, "national_number", national_number=add_to_census(round_, 700)), {ids["Bomen"]: 1}, "paper")
    results.publish_results(round_, "mes", make_user("staff"), date.today())
    db.session.commit()
    said = {
        language: client.get(f"/stemronden/{round_.id}/resultaten", headers={"Accept-Language": language}).get_data(as_text=True)
        for language in ("en", "nl", "fr")
    }
    assert "1 person voted." in said["en"] and "1 people voted" not in said["en"]
    assert "1 persoon heeft gestemd." in said["nl"]
    assert "1 personne a voté." in said["fr"]


def test_staff_imports_a_pabulib_file(client, make_process, make_user, login):
    import io

    process = make_process()
    login(make_user("staff"))
    pb = "META\nkey;value\nbudget;100\nvote_type;approval\nnum_votes;2\nnum_projects;2\nPROJECTS\nproject_id;cost;name\n1;60;A\n2;50;B\nVOTES\nvoter_id;vote\nv1;1,2\nv2;2\n"
    response = client.post("/beheer/stemronden/import", data={"process_id": process.id, "file": (io.BytesIO(pb.encode()), "x.pb")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    round_ = services.rounds_of(process, include_drafts=True)[0]
    assert round_.is_imported and len(round_.projects) == 2 and services.participation_counts(round_)["import"] == 2


# --------------------------------------------------------------------------- permissions

PROTECTED = [
    # (method, url template, lowest role allowed)
    ("get", "/beheer/stemronden", "staff"),
    ("get", "/beheer/trajecten/{process}/stemronden/nieuw", "staff"),
    ("post", "/beheer/trajecten/{process}/stemronden/nieuw", "staff"),
    ("get", "/beheer/stemronden/{round}", "staff"),
    ("post", "/beheer/stemronden/{round}", "staff"),
    ("post", "/beheer/stemronden/{round}/status/draft", "staff"),
    ("post", "/beheer/stemronden/{round}/beoordelaars", "staff"),
    ("post", "/beheer/stemronden/{round}/resultaten", "staff"),
    ("post", "/beheer/stemronden/import", "staff"),
    ("get", "/beheer/stemronden/{round}/projecten/nieuw", "staff"),
    ("post", "/beheer/stemronden/{round}/projecten/nieuw", "staff"),
    ("get", "/beheer/projecten/{project}", "staff"),
    ("post", "/beheer/projecten/{project}", "staff"),
    ("get", "/beheer/projecten/{project}/haalbaarheid", "staff"),
    ("post", "/beheer/projecten/{project}/haalbaarheid", "staff"),
    ("post", "/beheer/stemronden/{round}/kiezerslijst", "admin"),
    ("post", "/beheer/stemronden/{round}/briefcodes", "admin"),
    ("get", "/beheer/stemronden/{round}/briefcode-opnieuw", "admin"),
    ("post", "/beheer/stemronden/{round}/briefcode-opnieuw", "admin"),
    ("get", "/beheer/stemronden/{round}/papieren-stem", "staff"),
    ("post", "/beheer/stemronden/{round}/papieren-stem", "staff"),
    ("get", "/beheer/stemronden/{round}/stemming-sluiten", "staff"),
    ("post", "/beheer/stemronden/{round}/stemming-sluiten", "staff"),
]
ROLES = ("citizen", "moderator", "staff", "admin")


@pytest.mark.parametrize("method, template, lowest", PROTECTED)
@pytest.mark.parametrize("role", [None, *ROLES])
def test_every_protected_url_checks_the_role(client, make_round, make_user, login, method, template, lowest, role):
    round_ = make_round()
    url = template.format(round=round_.id, process=round_.process_id, project=round_.projects[0].id)
    if role:
        login(make_user(role))
    response = getattr(client, method)(url)
    if role is None:
        assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
    elif ROLES.index(role) < ROLES.index(lowest):
        assert response.status_code == 403
    else:
        assert response.status_code not in (302, 401, 403) or "/inloggen" not in response.headers.get("Location", "")
        assert response.status_code != 403


@pytest.mark.parametrize("url", ["/stemronden/{round}/verifieren", "/stemronden/{round}/stembiljet"])
def test_voting_pages_need_a_login(client, make_round, url):
    round_ = make_round()
    response = client.get(url.format(round=round_.id))
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_unpublished_results_are_not_public(client, make_round):
    round_ = make_round()
    assert client.get(f"/stemronden/{round_.id}/resultaten").status_code == 404
    assert client.get(f"/stemronden/{round_.id}/resultaten/berekening.txt").status_code == 404
    assert client.get(f"/stemronden/{round_.id}/export.pb").status_code == 404


def test_state_changes_need_a_csrf_token(app, client, make_round, make_voter, login):
    round_ = make_round()
    login(make_voter(round_))
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/stemronden/{round_.id}/stembiljet", data={"project": [round_.projects[0].id], "action": "cast"})
        assert response.status_code == 400
        response = client.post(f"/stemronden/{round_.id}/verifieren", data={"letter-code": "AAAA"})
        assert response.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def _closed_round_with_ballots(make_round, add_to_census, process, *, district_id, title_prefix, ballots, residents):
    """A round in a process whose voting closed, with paper ballots and a census of `residents` people."""
    from participation.budgeting import eligibility
    from participation.budgeting.services.voting import _store_ballot  # closed round: write ballots directly

    round_ = make_round(process=process, district_id=district_id,
                        projects=((f"{title_prefix} bankjes", 20_000_00), (f"{title_prefix} speeltuin", 90_000_00)))
    ids = project_ids(round_)
    base = 1000 + 50 * round_.id
    numbers = [add_to_census(round_, base + n) for n in range(residents)]
    for number, choice in zip(numbers, ballots):
        key = eligibility.identity_key(round_.id, "national_number", national_number=number)
        _store_ballot(round_, key, {ids[f"{title_prefix} {choice}"]: 1}, "paper")
    db.session.commit()
    return round_


def test_the_results_overview_lists_every_district_round_and_the_city_wide_round(client, make_process, make_round, make_user, add_to_census, queries_counter):
    from participation.city.models import District

    districts = list(db.session.scalars(select(District).order_by(District.name)))[:4]
    process = make_process(phases=(("voting", -10, -1),))
    staff = make_user("staff")
    city = _closed_round_with_ballots(make_round, add_to_census, process, district_id=None, title_prefix="Stad",
                                      ballots=["speeltuin"] * 3 + ["bankjes"], residents=8)
    first = _closed_round_with_ballots(make_round, add_to_census, process, district_id=districts[0].id, title_prefix="Wijk A",
                                       ballots=["bankjes", "bankjes"], residents=4)
    second = _closed_round_with_ballots(make_round, add_to_census, process, district_id=districts[1].id, title_prefix="Wijk B",
                                        ballots=["speeltuin"], residents=5)
    for round_, rule in ((city, "mes"), (first, "greedy")):
        results.publish_results(round_, rule, staff, date.today())
    db.session.commit()

    url = f"/trajecten/{process.slug}/stemronden/resultaten"
    with queries_counter() as few_rounds:
        response = client.get(url, headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    city_section = page.split('id="city-title"')[1].split('id="districts-title"')[0]
    assert "4 (50% of 8 residents)" in city_section and "Method of Equal Shares" in city_section
    # Under MES the three speeltuin voters (€25.000 each of €100.000 / 4) cannot pay €90.000: bankjes wins.
    assert "Stad bankjes" in city_section and "Stad speeltuin" not in city_section
    districts_section = page.split('id="districts-title"')[1]
    assert districts[0].name in districts_section and districts[1].name in districts_section
    assert "2 (50% of 4 residents)" in districts_section and "Wijk A bankjes" in districts_section and "Greedy" in districts_section
    assert "Wijk A speeltuin" not in districts_section  # not funded, so not listed
    assert "1 (20% of 5 residents)" in districts_section and "Results not published yet." in districts_section
    assert "Wijk B speeltuin" not in districts_section  # results of that round are not out
    # €20.000 (city, MES) + €20.000 (district A) used, of the €100.000 budget of each round with results.
    assert "€40.000 of €200.000 is assigned" in page and "7 ballots in all" in page
    assert f'href="/trajecten/{process.slug}/stemronden/resultaten"' in client.get(f"/trajecten/{process.slug}/stemronden").get_data(as_text=True)

    # Two more district rounds do not cost more queries.
    for n, district in enumerate(districts[2:4]):
        _closed_round_with_ballots(make_round, add_to_census, process, district_id=district.id, title_prefix=f"Wijk {n}",
                                   ballots=["bankjes"], residents=2)
    with queries_counter() as more_rounds:
        assert client.get(url, headers={"Accept-Language": "en"}).status_code == 200
    assert len(more_rounds) == len(few_rounds)


def test_a_process_without_rounds_has_no_results_overview(client, make_process):
    process = make_process(phases=(("voting", -10, -1),))
    assert client.get(f"/trajecten/{process.slug}/stemronden/resultaten").status_code == 404


def test_the_round_page_costs_the_same_queries_with_more_projects(client, make_round, make_user, queries_counter):
    from participation.city.models import District

    districts = list(db.session.scalars(select(District).order_by(District.id)))[:7]  # one per project: no identity-map luck
    round_ = make_round(status="draft")
    staff = make_user("staff")

    def add_projects(n: int) -> None:
        for i in range(n):
            number = len(round_.projects)
            project = services.save_project(None, round_=round_, actor=staff, title=f"Extra {number}",
                                            description="", cost_cents=1_000_00, district_id=districts[number - 3].id)
            services.review_project(project, staff, verdict="feasible", explanation="Kan.", cost_cents=1_000_00)
        db.session.commit()

    add_projects(2)
    services.change_round_status(round_, "published", staff)
    db.session.commit()
    with queries_counter() as few:
        page = client.get(f"/stemronden/{round_.id}").get_data(as_text=True)
    assert districts[0].name in page and districts[1].name in page
    add_projects(5)
    with queries_counter() as more:
        assert client.get(f"/stemronden/{round_.id}").status_code == 200
    assert len(more) == len(few)
