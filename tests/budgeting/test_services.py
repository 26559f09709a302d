"""Rules of rounds, eligibility and ballots, called as services."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from participation.budgeting import eligibility, results, services
from participation.budgeting.ballots import BallotRefused, Rules, check_choices, explain
from participation.budgeting.models import Ballot, BallotChoice, CensusEntry, LetterCode, RoundEvent, RoundVoter
from participation.extensions import db
from tests.budgeting.conftest import letters_csv, national_number, project_ids

TODAY = date.today()


def ballots_in(round_) -> int:
    return db.session.scalar(select(func.count(Ballot.id)).where(Ballot.round_id == round_.id))


def test_a_verified_voter_casts_a_knapsack_ballot_and_gets_a_receipt(make_round, make_voter):
    round_ = make_round()
    voter = make_voter(round_)
    ids = project_ids(round_)
    receipt = services.cast_ballot(round_, voter, {ids["Bankjes"]: 1, ids["Bomen"]: 1}, TODAY)
    assert services.receipt_is_counted(round_, receipt)
    assert services.current_choices(round_, services.voter_of(round_, voter)) == {ids["Bankjes"]: 1, ids["Bomen"]: 1}


def test_changing_a_ballot_keeps_one_ballot_and_retires_the_old_receipt(make_round, make_voter):
    round_ = make_round()
    voter = make_voter(round_)
    ids = project_ids(round_)
    first = services.cast_ballot(round_, voter, {ids["Bankjes"]: 1}, TODAY)
    second = services.cast_ballot(round_, voter, {ids["Speeltuin"]: 1}, TODAY)
    assert ballots_in(round_) == 1
    assert not services.receipt_is_counted(round_, first)
    assert services.receipt_is_counted(round_, second)
    assert services.current_choices(round_, services.voter_of(round_, voter)) == {ids["Speeltuin"]: 1}


@pytest.mark.parametrize("choices, message", [
    (lambda ids: {ids["Bomen"]: 1, ids["Speeltuin"]: 1}, "more than the budget"),
    (lambda ids: {}, "empty"),
    (lambda ids: {999999: 1}, "not on this ballot"),
    (lambda ids: {ids["Bomen"]: 3}, "cannot give points"),
])
def test_tampered_knapsack_ballots_are_refused(make_round, make_voter, choices, message):
    round_ = make_round()
    voter = make_voter(round_)
    with pytest.raises(BallotRefused, match=message):
        services.cast_ballot(round_, voter, choices(project_ids(round_)), TODAY)
    assert ballots_in(round_) == 0


def test_a_project_from_another_round_is_refused(make_round, make_voter):
    round_ = make_round()
    other = make_round()
    voter = make_voter(round_)
    with pytest.raises(BallotRefused, match="not on this ballot"):
        services.cast_ballot(round_, voter, {other.projects[0].id: 1}, TODAY)


def test_a_project_from_another_district_round_is_refused(make_round, make_voter, make_process):
    from participation.city.models import District

    districts = list(db.session.scalars(select(District).order_by(District.id).limit(2)))
    process = make_process(phases=(("voting", -1, 10),))
    here = make_round(process=process, district_id=districts[0].id)
    there = make_round(process=process, district_id=districts[1].id)
    assert {p.district_id for p in there.projects} == {districts[1].id}
    voter = make_voter(here)
    with pytest.raises(BallotRefused, match="not on this ballot"):
        services.cast_ballot(here, voter, {there.projects[0].id: 1}, TODAY)
    with pytest.raises(services.NotVerified):
        services.cast_ballot(there, voter, {there.projects[0].id: 1}, TODAY)


def test_knapsack_minimum_spend_is_enforced(make_round, make_voter):
    round_ = make_round(min_spend_cents=60_000_00)
    voter = make_voter(round_)
    with pytest.raises(BallotRefused, match="spend at least"):
        services.cast_ballot(round_, voter, {project_ids(round_)["Bankjes"]: 1}, TODAY)


def test_approval_needs_between_k_and_K_projects(make_round, make_voter):
    round_ = make_round(vote_method="approval", min_choices=2, max_choices=2)
    voter = make_voter(round_)
    ids = project_ids(round_)
    with pytest.raises(BallotRefused, match="at least 2"):
        services.cast_ballot(round_, voter, {ids["Bankjes"]: 1}, TODAY)
    with pytest.raises(BallotRefused, match="at most 2"):
        services.cast_ballot(round_, voter, {pid: 1 for pid in ids.values()}, TODAY)
    services.cast_ballot(round_, voter, {ids["Bomen"]: 1, ids["Speeltuin"]: 1}, TODAY)  # over budget is fine here
    assert ballots_in(round_) == 1


@pytest.mark.parametrize("points, message", [
    ({"Bankjes": -1}, "negative"),
    ({"Bankjes": 6}, "at most 5"),
    ({"Bankjes": 5, "Bomen": 5, "Speeltuin": 1}, "only 10"),
    ({"Bankjes": 0}, "empty"),
])
def test_cumulative_points_are_checked(make_round, make_voter, points, message):
    round_ = make_round(vote_method="cumulative", points_total=10, points_per_project=5)
    voter = make_voter(round_)
    ids = project_ids(round_)
    with pytest.raises(BallotRefused, match=message):
        services.cast_ballot(round_, voter, {ids[title]: value for title, value in points.items()}, TODAY)


def test_cumulative_ballot_keeps_the_points(make_round, make_voter):
    round_ = make_round(vote_method="cumulative", points_total=10, points_per_project=5)
    voter = make_voter(round_)
    ids = project_ids(round_)
    services.cast_ballot(round_, voter, {ids["Bankjes"]: 5, ids["Bomen"]: 3, ids["Speeltuin"]: 0}, TODAY)
    assert services.current_choices(round_, services.voter_of(round_, voter)) == {ids["Bankjes"]: 5, ids["Bomen"]: 3}


def test_voting_after_closing_is_refused(make_round, make_voter):
    round_ = make_round(phases=(("voting", -10, -1),))
    with pytest.raises(services.VotingClosed):
        services.cast_ballot(round_, round_.process.created_by, {round_.projects[0].id: 1}, TODAY)


def test_an_unverified_user_cannot_vote(make_round, make_user):
    round_ = make_round()
    with pytest.raises(services.NotVerified):
        services.cast_ballot(round_, make_user(), {round_.projects[0].id: 1}, TODAY)


def test_a_project_that_is_not_feasible_is_not_on_the_ballot(make_round, make_voter, make_user):
    round_ = make_round(status="draft")
    staff = make_user("staff")
    extra = services.save_project(None, round_=round_, actor=staff, title="Kabelbaan", description="", cost_cents=10_00)
    services.review_project(extra, staff, verdict="not_feasible", explanation="Te duur in onderhoud.", cost_cents=10_00)
    services.change_round_status(round_, "published", staff)
    voter = make_voter(round_)
    with pytest.raises(BallotRefused, match="not on this ballot"):
        services.cast_ballot(round_, voter, {extra.id: 1}, TODAY)


def test_census_upload_twice_keeps_one_row_per_resident(make_round, make_user):
    round_ = make_round()
    admin = make_user("admin")
    csv = ("national_number;birth_date\n" + f"{national_number(1)};1980-01-01\n{national_number(2)};1980-01-01\n"
           f"{national_number(2)};1980-01-01\n12345;1980-01-01\n{national_number(3)};{TODAY.year - 5}-01-01\n").encode()
    first = services.upload_census(round_, csv, admin, TODAY)
    assert (first["added"], first["already"], first["duplicates"], first["under_age"], len(first["problems"])) == (2, 0, 1, 1, 1)
    second = services.upload_census(round_, csv, admin, TODAY)
    assert (second["added"], second["already"]) == (0, 2)
    assert services.census_size(round_) == 2
    stored = list(db.session.scalars(select(CensusEntry.identity_key).where(CensusEntry.round_id == round_.id)))
    assert all(national_number(1) not in key for key in stored)  # only hashes


def test_census_by_name_birth_date_and_postcode_ignores_accents_and_case(make_round, make_user):
    round_ = make_round(census_key="name_birth_postcode")
    admin = make_user("admin")
    services.upload_census(round_, "first_name,last_name,birth_date,postcode\nJosé,Van den Bossche,1990-05-17,9000\n".encode(), admin, TODAY)
    user = make_user()
    services.verify_with_census(round_, user, TODAY, first_name="jose", last_name="VAN DEN  BOSSCHE",
                                birth_date=date(1990, 5, 17), postcode="9000")
    assert services.voter_of(round_, user) is not None


def test_one_resident_verifies_one_account(make_round, make_user, add_to_census):
    round_ = make_round()
    number = add_to_census(round_, 7)
    services.verify_with_census(round_, make_user(), TODAY, national_number=number)
    with pytest.raises(services.VerificationRefused, match="already used"):
        services.verify_with_census(round_, make_user(), TODAY, national_number=number)


def test_details_not_in_the_census_are_refused(make_round, make_user):
    round_ = make_round()
    with pytest.raises(services.VerificationRefused, match="could not find"):
        services.verify_with_census(round_, make_user(), TODAY, national_number=national_number(8))
    with pytest.raises(eligibility.InvalidIdentity):
        services.verify_with_census(round_, make_user(), TODAY, national_number="123")


def test_a_letter_code_verifies_once(make_round, make_user, add_to_census):
    round_ = make_round()
    numbers = [add_to_census(round_, n) for n in (21, 22, 23)]
    codes = [letter["code"] for letter in services.generate_letter_codes(round_, letters_csv(*numbers), make_user("admin")).letters]
    user = make_user()
    services.redeem_letter_code(round_, user, codes[0].lower().replace("-", " "), TODAY)
    assert services.voter_of(round_, user).channel == "letter"
    with pytest.raises(services.VerificationRefused, match="already been used"):
        services.redeem_letter_code(round_, make_user(), codes[0], TODAY)
    with pytest.raises(services.VerificationRefused, match="not valid"):
        services.redeem_letter_code(round_, make_user(), "AAAA-BBBB-CCCC", TODAY)
    assert services.letter_code_counts(round_) == (3, 1)


def test_letter_codes_go_to_census_residents_once_each_and_carry_the_address(make_round, make_user, add_to_census):
    round_ = make_round()
    admin = make_user("admin")
    on_census = add_to_census(round_, 31)
    elsewhere = national_number(32)
    data = letters_csv(on_census, elsewhere, on_census) + b"12345;1980-01-01;Typo;Nergens 1;Gent\n"
    batch = services.generate_letter_codes(round_, data, admin)
    assert [letter["name"] for letter in batch.letters] == [f"Resident {on_census[-4:]}"]
    assert batch.address_columns == ["name", "street", "city"]  # no national number or birth date on the envelope
    assert (batch.not_in_census, batch.duplicates, len(batch.problems)) == (1, 1, 1)
    again = services.generate_letter_codes(round_, data, admin)
    assert again.letters == [] and again.already_coded == 1
    stored = list(db.session.scalars(select(LetterCode.code_hash).where(LetterCode.round_id == round_.id)))
    assert len(stored) == 1 and batch.letters[0]["code"] not in stored[0] and eligibility.normalise_code(batch.letters[0]["code"]) not in stored[0]


def test_the_database_refuses_a_second_code_for_one_census_entry(make_round, add_to_census):
    from sqlalchemy.exc import IntegrityError

    round_ = make_round()
    add_to_census(round_, 33)
    entry_id = db.session.scalar(select(CensusEntry.id).where(CensusEntry.round_id == round_.id))
    db.session.add(LetterCode(round_id=round_.id, census_entry_id=entry_id, code_hash="a"))
    db.session.flush()
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.add(LetterCode(round_id=round_.id, census_entry_id=entry_id, code_hash="b"))
            db.session.flush()


def test_a_code_not_tied_to_a_census_entry_is_refused(make_round, make_user):
    round_ = make_round()
    db.session.add(LetterCode(round_id=round_.id, code_hash=eligibility.code_hash(round_.id, "AAAA-BBBB-CCCC")))
    db.session.flush()
    with pytest.raises(services.VerificationRefused, match="not valid"):
        services.redeem_letter_code(round_, make_user(), "AAAA-BBBB-CCCC", TODAY)
    with pytest.raises(services.VerificationRefused, match="not valid"):
        services.record_paper_ballot(round_, make_user("staff"), {round_.projects[0].id: 1}, TODAY, code="AAAA-BBBB-CCCC")


def test_a_letter_code_gives_the_same_voter_identity_as_the_residents_details(make_round, make_user, send_letter):
    round_ = make_round()
    number, code = send_letter(round_, 41)
    by_letter = services.redeem_letter_code(round_, make_user(), code, TODAY)
    census_key = eligibility.identity_key(round_.id, round_.census_key, national_number=number)
    assert by_letter.identity_key == census_key
    assert eligibility.voter_token(round_.id, by_letter.identity_key) == eligibility.voter_token(round_.id, census_key)


def test_a_resident_who_voted_with_their_letter_cannot_vote_again_with_their_details(make_round, make_user, send_letter):
    round_ = make_round()
    number, code = send_letter(round_, 42)
    ids = project_ids(round_)
    letter_account = make_user()
    services.redeem_letter_code(round_, letter_account, code, TODAY)
    services.cast_ballot(round_, letter_account, {ids["Bankjes"]: 1}, TODAY)
    with pytest.raises(services.VerificationRefused, match="already used to verify another account"):
        services.verify_with_census(round_, make_user(), TODAY, national_number=number)
    # The same account typing the same person's details is the same voter: their one ballot, not a second.
    assert services.verify_with_census(round_, letter_account, TODAY, national_number=number).channel == "letter"
    assert services.has_voted(round_, services.voter_of(round_, letter_account))
    # Even past the accounts, the ballot store itself refuses the same person: paper, or a second row.
    with pytest.raises(BallotRefused, match="already voted"):
        services.record_paper_ballot(round_, make_user("staff"), {ids["Bomen"]: 1}, TODAY, national_number=number)
    with pytest.raises(BallotRefused, match="already voted"):
        services.record_paper_ballot(round_, make_user("staff"), {ids["Bomen"]: 1}, TODAY, code=code)
    assert ballots_in(round_) == 1


def test_a_resident_who_voted_with_their_details_cannot_vote_again_with_their_letter(make_round, make_user, send_letter):
    round_ = make_round()
    number, code = send_letter(round_, 43)
    census_account = make_user()
    services.verify_with_census(round_, census_account, TODAY, national_number=number)
    services.cast_ballot(round_, census_account, {round_.projects[0].id: 1}, TODAY)
    with pytest.raises(services.VerificationRefused, match="already used to verify another account"):
        services.redeem_letter_code(round_, make_user(), code, TODAY)
    with pytest.raises(BallotRefused, match="already voted"):
        services.record_paper_ballot(round_, make_user("staff"), {round_.projects[0].id: 1}, TODAY, code=code)
    assert ballots_in(round_) == 1


def test_a_resident_who_voted_on_paper_cannot_use_their_letter_online(make_round, make_user, send_letter):
    round_ = make_round()
    number, code = send_letter(round_, 44)
    ids = project_ids(round_)
    services.record_paper_ballot(round_, make_user("staff"), {ids["Bankjes"]: 1}, TODAY, national_number=number)
    online = make_user()
    services.redeem_letter_code(round_, online, code, TODAY)
    with pytest.raises(BallotRefused, match="on paper"):
        services.cast_ballot(round_, online, {ids["Bomen"]: 1}, TODAY)
    assert ballots_in(round_) == 1


def test_letter_codes_follow_the_census_by_name_birth_date_and_postcode(make_round, make_user):
    round_ = make_round(census_key="name_birth_postcode")
    admin = make_user("admin")
    services.upload_census(round_, "first_name;last_name;birth_date;postcode\nJosé;Van den Bossche;1990-05-17;9000\n".encode(), admin, TODAY)
    letters = "first_name;last_name;birth_date;postcode;street\nJOSE;van den bossche;17/05/1990;9000;Kouter 1\n".encode()
    batch = services.generate_letter_codes(round_, letters, admin)
    assert batch.address_columns == ["first_name", "last_name", "postcode", "street"]
    voter = services.redeem_letter_code(round_, make_user(), batch.letters[0]["code"], TODAY)
    assert voter.identity_key == eligibility.identity_key(round_.id, round_.census_key, first_name="José", last_name="Van den Bossche",
                                                          birth_date=date(1990, 5, 17), postcode="9000")


def test_the_identity_secret_comes_from_the_configuration(app, make_round):
    round_ = make_round()
    number = national_number(45)
    default = eligibility.identity_key(round_.id, "national_number", national_number=number)
    previous = app.config.get("BUDGETING_IDENTITY_SECRET")
    app.config["BUDGETING_IDENTITY_SECRET"] = "another secret"
    try:
        configured = eligibility.identity_key(round_.id, "national_number", national_number=number)
    finally:
        app.config["BUDGETING_IDENTITY_SECRET"] = previous
    assert configured != default and number not in configured


def test_paper_and_online_cannot_both_vote(make_round, make_user, add_to_census):
    round_ = make_round()
    number = add_to_census(round_, 11)
    staff = make_user("staff")
    ids = project_ids(round_)
    services.record_paper_ballot(round_, staff, {ids["Bankjes"]: 1}, TODAY, national_number=number)
    with pytest.raises(BallotRefused, match="already voted"):
        services.record_paper_ballot(round_, staff, {ids["Bomen"]: 1}, TODAY, national_number=number)
    online = make_user()
    services.verify_with_census(round_, online, TODAY, national_number=number)
    with pytest.raises(BallotRefused, match="on paper"):
        services.cast_ballot(round_, online, {ids["Bomen"]: 1}, TODAY)
    assert ballots_in(round_) == 1


def test_an_online_voter_cannot_also_vote_on_paper(make_round, make_user, add_to_census):
    round_ = make_round()
    number = add_to_census(round_, 12)
    user = make_user()
    services.verify_with_census(round_, user, TODAY, national_number=number)
    services.cast_ballot(round_, user, {round_.projects[0].id: 1}, TODAY)
    with pytest.raises(BallotRefused, match="already voted"):
        services.record_paper_ballot(round_, make_user("staff"), {round_.projects[0].id: 1}, TODAY, national_number=number)


def test_a_paper_ballot_for_someone_outside_the_census_is_refused(make_round, make_user):
    round_ = make_round()
    with pytest.raises(services.VerificationRefused):
        services.record_paper_ballot(round_, make_user("staff"), {round_.projects[0].id: 1}, TODAY, national_number=national_number(99))


def test_the_database_refuses_a_second_ballot_for_the_same_voter_token(make_round):
    from sqlalchemy.exc import IntegrityError

    round_ = make_round()
    db.session.add(Ballot(round_id=round_.id, voter_token="t", receipt_hash="a", channel="online"))
    db.session.flush()
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.add(Ballot(round_id=round_.id, voter_token="t", receipt_hash="b", channel="paper"))
            db.session.flush()


def test_ballots_carry_no_link_to_their_voter():
    columns = set(Ballot.__table__.columns.keys()) | set(BallotChoice.__table__.columns.keys())
    assert not {"user_id", "identity_key", "created_at", "cast_at"} & columns
    assert "ballot_id" not in RoundVoter.__table__.columns


def test_rules_are_explained_in_plain_words(app):
    with app.test_request_context():
        lines = explain(Rules("approval", 100_00, min_choices=1, max_choices=3))
    assert "at most 3" in lines[0]


def test_check_choices_is_pure():
    with pytest.raises(BallotRefused):
        check_choices(Rules("knapsack", 100), {1: 60, 2: 60}, {1: 1, 2: 1})
    check_choices(Rules("knapsack", 100), {1: 60, 2: 60}, {1: 1})


def test_results_with_greedy_and_mes(make_round, make_user, add_to_census):
    round_ = make_round(phases=(("voting", -10, 0),))
    ids = project_ids(round_)
    staff = make_user("staff")
    ballots = [{ids["Bankjes"]: 1, ids["Bomen"]: 1}] * 3 + [{ids["Speeltuin"]: 1}] * 2
    for n, choices in enumerate(ballots):
        services.record_paper_ballot(round_, staff, choices, TODAY, national_number=add_to_census(round_, 200 + n))
    greedy = results.compute(round_, "greedy")
    assert set(greedy["selected"]) == {ids["Bankjes"], ids["Bomen"]}
    assert greedy["voters"] == 5 and greedy["total_cost_cents"] == 70_000_00
    mes = results.compute(round_, "mes")
    assert mes["log"] and any(p["effective_support"] for p in mes["projects"])
    with pytest.raises(results.ResultsRefused):
        results.publish_results(round_, "mes", staff, TODAY)  # still open today
    results.publish_results(round_, "mes", staff, date.fromordinal(TODAY.toordinal() + 1))
    assert round_.status == "results_published"


def test_pabulib_export_and_import_round_trip(make_round, make_user, add_to_census):
    round_ = make_round(vote_method="cumulative", points_total=10, points_per_project=6)
    ids = project_ids(round_)
    staff = make_user("staff")
    services.record_paper_ballot(round_, staff, {ids["Bankjes"]: 6, ids["Bomen"]: 4}, TODAY, national_number=add_to_census(round_, 300))
    services.record_paper_ballot(round_, staff, {ids["Speeltuin"]: 5}, TODAY, national_number=add_to_census(round_, 301))
    text = results.export_pb(round_)
    assert "anon-1" in text and "vote_type;cumulative" in text and "budget;100000" in text
    imported = results.import_pb(round_.process, text, staff, title="What if")
    assert imported.is_imported and imported.vote_method == "cumulative" and imported.budget_cents == round_.budget_cents
    assert services.participation_counts(imported)["import"] == 2
    assert results.compute(imported, "greedy")["selected"] and results.export_pb(imported).count("anon-") == 2


def test_a_broken_pabulib_file_is_refused(make_process, make_user):
    with pytest.raises(services.InvalidRound, match="not a readable"):
        results.import_pb(make_process(), "nonsense", make_user("staff"))


def test_rules_cannot_change_after_people_voted(make_round, make_voter):
    round_ = make_round()
    voter = make_voter(round_)
    services.cast_ballot(round_, voter, {round_.projects[0].id: 1}, TODAY)
    with pytest.raises(services.InvalidRound):
        services.save_round(round_, process=round_.process, actor=voter, title="x", description="", district_id=None,
                            vote_method="knapsack", budget_cents=1_00)
    with pytest.raises(services.InvalidProject):
        services.review_project(round_.projects[0], voter, verdict="not_feasible", explanation="no", cost_cents=1)


# --------------------------------------------------------------------------- reissuing a lost letter code


def test_a_reissued_letter_code_replaces_the_old_one(make_round, make_user, send_letter):
    round_ = make_round()
    number, old_code = send_letter(round_, 70)
    admin = make_user("admin")
    reissued = services.reissue_letter_code(round_, admin, national_number=number)
    assert reissued.had_code and not reissued.old_code_was_used and reissued.code != old_code
    with pytest.raises(services.VerificationRefused, match="not valid"):
        services.redeem_letter_code(round_, make_user(), old_code, TODAY)
    with pytest.raises(services.VerificationRefused, match="not valid"):
        services.record_paper_ballot(round_, make_user("staff"), {round_.projects[0].id: 1}, TODAY, code=old_code)
    voter = services.redeem_letter_code(round_, make_user(), reissued.code, TODAY)
    assert voter.identity_key == eligibility.identity_key(round_.id, round_.census_key, national_number=number)
    assert services.letter_code_counts(round_) == (1, 1)  # still one code for the resident
    events = [(e.action, e.detail) for e in db.session.scalars(select(RoundEvent).where(RoundEvent.round_id == round_.id))]
    assert ("letter_code_reissued", "replaced an unused code") in events
    assert not any(number in detail or reissued.code in detail for _action, detail in events)


def test_a_resident_who_voted_with_the_old_code_keeps_exactly_one_ballot(make_round, make_user, send_letter):
    round_ = make_round()
    number, old_code = send_letter(round_, 71)
    ids = project_ids(round_)
    first_account = make_user()
    services.redeem_letter_code(round_, first_account, old_code, TODAY)
    services.cast_ballot(round_, first_account, {ids["Bankjes"]: 1}, TODAY)
    reissued = services.reissue_letter_code(round_, make_user("admin"), national_number=number)
    assert reissued.old_code_was_used
    # The new code cannot verify a second account for the same resident, nor cast a paper ballot.
    with pytest.raises(services.VerificationRefused, match="already used to verify another account"):
        services.redeem_letter_code(round_, make_user(), reissued.code, TODAY)
    with pytest.raises(BallotRefused, match="already voted"):
        services.record_paper_ballot(round_, make_user("staff"), {ids["Bomen"]: 1}, TODAY, code=reissued.code)
    # The first account still changes its own ballot, which stays the only one.
    services.cast_ballot(round_, first_account, {ids["Bomen"]: 1}, TODAY)
    assert ballots_in(round_) == 1
    assert services.current_choices(round_, services.voter_of(round_, first_account)) == {ids["Bomen"]: 1}


def test_a_code_is_reissued_only_for_a_resident_on_the_census(make_round, make_user, add_to_census):
    round_ = make_round()
    with pytest.raises(services.VerificationRefused, match="not on the list"):
        services.reissue_letter_code(round_, make_user("admin"), national_number=national_number(72))
    number = add_to_census(round_, 73)  # on the census, never sent a letter: gets a first code
    reissued = services.reissue_letter_code(round_, make_user("admin"), national_number=number)
    assert not reissued.had_code
    assert services.redeem_letter_code(round_, make_user(), reissued.code, TODAY).channel == "letter"
