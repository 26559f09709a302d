"""Reading and writing Pabulib .pb files."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest

from participation.budgeting.pabulib import (
    BallotGroup,
    ParseError,
    dump_election,
    format_number,
    load_election,
    parse_election,
    parse_number,
)

from .pabulib_data import ASSEN_2024, ASSEN_2025, DIEPPE, KATOWICE_DAB, TOULOUSE, pabulib_path, real_election


def _approvals_per_project(election) -> Counter:
    tally: Counter = Counter()
    for group in election.ballots:
        for project_id in group.projects:
            tally[project_id] += group.count
    return tally


def _voter_ids_in(text: str) -> list[str]:
    """Voter ids of a .pb text, read independently of the parser under test."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().upper() == "VOTES")
    header = lines[start + 1].split(";")
    column = header.index("voter_id")
    return [line.split(";")[column] for line in lines[start + 2 :] if line.strip()]


# --------------------------------------------------------------------------- real files


def test_assen_2024_is_read_with_its_meta_projects_and_ballots():
    election = real_election(ASSEN_2024)

    assert election.vote_type == "approval"
    assert election.budget == 100_000
    assert election.official_rule == "equalshares/add1"
    assert len(election.projects) == int(election.meta["num_projects"])
    assert election.voter_count == int(election.meta["num_votes"])
    assert election.warnings == []
    # The file's own `votes` column must agree with the ballots we read.
    approvals = _approvals_per_project(election)
    for project_id, project in election.projects.items():
        assert approvals[project_id] == int(project.fields["votes"]), project_id


def test_identical_ballots_are_merged_without_losing_voters():
    election = real_election(ASSEN_2025)

    keys = [(group.projects, group.points) for group in election.ballots]
    assert len(keys) == len(set(keys)), "every distinct ballot appears once"
    assert len(election.ballots) < election.voter_count
    assert sum(group.count for group in election.ballots) == int(election.meta["num_votes"])


def test_cumulative_ballots_keep_their_points_per_project():
    election = real_election(KATOWICE_DAB)

    assert election.vote_type == "cumulative"
    assert election.score_threshold == 50
    points: Counter = Counter()
    for group in election.ballots:
        assert group.points is not None and len(group.points) == len(group.projects)
        for project_id, value in zip(group.projects, group.points):
            points[project_id] += value * group.count
    for project_id, project in election.projects.items():
        assert points[project_id] == int(project.fields["score"]), project_id
    assert _approvals_per_project(election) == Counter(
        {pid: int(p.fields["votes"]) for pid, p in election.projects.items()}
    )


def test_quoted_project_names_are_unquoted():
    election = real_election(KATOWICE_DAB)

    name = election.projects["L10/04/VII"].name
    assert name.startswith('"Dębowa Scena 2021') and name.endswith('mieszkańców"')
    assert election.projects["L10/04/VII"].fields["selected"] == "1"


def test_official_selection_is_read_from_the_selected_column():
    election = real_election(ASSEN_2024)

    expected = [pid for pid, p in election.projects.items() if p.fields["selected"] == "1"]
    assert election.officially_selected() == expected
    assert len(expected) == 9


@pytest.mark.parametrize("name", [ASSEN_2024, ASSEN_2025, KATOWICE_DAB, TOULOUSE, DIEPPE])
def test_export_then_import_preserves_the_election(name):
    original = real_election(name)

    copy = parse_election(dump_election(original))

    assert copy.meta == original.meta
    assert copy.projects == original.projects
    assert copy.project_columns == original.project_columns
    assert Counter({(g.projects, g.points): g.count for g in copy.ballots}) == Counter(
        {(g.projects, g.points): g.count for g in original.ballots}
    )


@pytest.mark.parametrize("name", [ASSEN_2024, ASSEN_2025, KATOWICE_DAB])
def test_export_contains_no_original_voter_ids_or_voter_metadata(name):
    original_text = pabulib_path(name).read_text(encoding="utf-8-sig")
    original_ids = set(_voter_ids_in(original_text))

    exported = dump_election(real_election(name))

    exported_ids = _voter_ids_in(exported)
    assert len(exported_ids) == len(_voter_ids_in(original_text))
    assert not original_ids & set(exported_ids)
    assert exported_ids == [f"anon-{n}" for n in range(1, len(exported_ids) + 1)]
    votes_header = exported.splitlines()[exported.splitlines().index("VOTES") + 1]
    assert votes_header in ("voter_id;vote", "voter_id;vote;points")  # no age, sex, ...
    if name == ASSEN_2024:  # its ids are long unique tokens: none may survive anywhere in the text
        assert not any(voter_id in exported for voter_id in original_ids)


# --------------------------------------------------------------------------- hand-made files

SPEC_EXAMPLE = (
    "\ufeffMETA\r\n"
    "key; value\r\n"
    "description; Municipal PB in Wieliczka\r\n"
    "num_projects; 5\r\n"
    "num_votes; 4\r\n"
    "budget; 2500\r\n"
    "rule; greedy\r\n"
    "vote_type; approval\r\n"
    "PROJECTS\r\n"
    "project_id; cost; category; name\r\n"
    "1; 600; culture, education; \"Park; phase II\"\r\n"
    "2; 800; sport; \"\"\"Konikowo\"\" playground\"\r\n"
    "4; 1400; culture; Library\r\n"
    "5; 1000,50; health, sport; Clinic\r\n"
    "7; 1200; education; School\r\n"
    "\r\n"
    "VOTES\r\n"
    "voter_id; age; sex; vote\r\n"
    "1; 34; f; 1,2,4\r\n"
    "2; 51; m; 4, 2 ,1\r\n"
    "3; 23; m; 2,4,5\r\n"
    "4; 19; f; \r\n"
)


def test_the_format_example_with_spaces_crlf_bom_and_quotes_is_read():
    election = parse_election(SPEC_EXAMPLE)

    assert election.budget == 2500
    assert list(election.projects) == ["1", "2", "4", "5", "7"]
    assert election.projects["1"].name == "Park; phase II"
    assert election.projects["2"].name == '"Konikowo" playground'
    assert election.projects["5"].cost == Fraction(2001, 2)  # decimal comma
    # Ballots 1 and 2 approve the same set in a different order; voter 4 approved nothing.
    assert Counter({g.projects: g.count for g in election.ballots}) == Counter(
        {("1", "2", "4"): 2, ("2", "4", "5"): 1, (): 1}
    )
    assert election.voter_count == 4


def test_fields_with_semicolons_and_quotes_survive_a_round_trip():
    election = parse_election(SPEC_EXAMPLE)

    copy = parse_election(dump_election(election))

    assert copy.projects == election.projects
    assert copy.projects["5"].cost == Fraction("1000.50")


def test_ordinal_and_scoring_ballots_are_read():
    ordinal = parse_election(
        "META\nkey;value\nbudget;10\nvote_type;ordinal\nPROJECTS\nproject_id;cost\na;5\nb;5\nc;5\n"
        "VOTES\nvoter_id;vote\n1;c,a\n2;c,a\n3;a,c\n"
    )
    scoring = parse_election(
        "META\nkey;value\nbudget;10\nvote_type;scoring\nPROJECTS\nproject_id;cost\na;5\nb;5\n"
        "VOTES\nvoter_id;vote;points\n1;b,a;2,-1\n2;a;1.5\n"
    )

    assert Counter({g.projects: g.count for g in ordinal.ballots}) == Counter({("c", "a"): 2, ("a", "c"): 1})
    assert {(g.projects, g.points) for g in scoring.ballots} == {(("a", "b"), (-1, 2)), (("a",), (Fraction(3, 2),))}
    assert set(parse_election(dump_election(scoring)).ballots) == set(scoring.ballots)


def _minimal(votes_header: str = "voter_id;vote", votes: str = "1;a", *, meta: str = "budget;10\nvote_type;approval", projects: str = "a;5") -> str:
    return f"META\nkey;value\n{meta}\nPROJECTS\nproject_id;cost\n{projects}\nVOTES\n{votes_header}\n{votes}\n"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("", "file is empty", None),
        ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\na;5\n", "no VOTES section", None),
        (_minimal(meta="vote_type;approval"), "META has no budget", None),
        (_minimal(meta="budget;lots\nvote_type;approval"), "budget 'lots' is not a number", None),
        (_minimal(meta="budget;10"), "META has no vote_type", None),
        (_minimal(meta="budget;10\nvote_type;quadratic"), "unsupported vote_type 'quadratic'", None),
        (_minimal(projects="a;five"), "cost 'five' of project 'a' is not a number", 7),
        (_minimal(projects="a;5\na;6"), "project 'a' is listed twice", 8),
        (_minimal(projects="a;5;extra"), "PROJECTS row has 3 fields, header has 2", 7),
        (_minimal(votes="1;a\n2;a,zz"), "vote names unknown project 'zz'", 11),
        (_minimal(votes="1;a\n2;a;3"), "VOTES row has 3 fields, header has 2", 11),
        (_minimal(votes_header="voter;vote"), "VOTES header lacks column(s) voter_id", 9),
        (
            _minimal(meta="budget;10\nvote_type;cumulative", votes_header="voter_id;vote;points", votes="1;a;1,2"),
            "vote lists 1 project(s) but points has 2 value(s)",
            10,
        ),
        (_minimal(meta="budget;10\nvote_type;cumulative"), "VOTES header lacks column(s) points", 9),
    ],
)
def test_malformed_files_give_a_clear_parse_error(text, message, line):
    with pytest.raises(ParseError) as caught:
        parse_election(text, source="broken.pb")

    assert message in str(caught.value)
    assert caught.value.line == line
    assert str(caught.value).startswith("broken.pb")


def test_missing_and_binary_files_give_a_parse_error(tmp_path):
    with pytest.raises(ParseError, match="file not found"):
        load_election(tmp_path / "nope.pb")
    binary = tmp_path / "photo.pb"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    with pytest.raises(ParseError, match="not UTF-8"):
        load_election(binary)


def test_inconsistent_meta_counts_are_reported_as_warnings():
    election = parse_election(_minimal(meta="budget;10\nvote_type;approval\nnum_votes;7", votes="1;a\n1;a"))

    assert election.voter_count == 2
    assert any("num_votes says 7" in warning for warning in election.warnings)
    assert any("reuse a voter_id" in warning for warning in election.warnings)


@pytest.mark.parametrize("raw", ["0", "12", "1200.5", "0.05", "-3.25"])
def test_numbers_are_exact_and_print_back_unchanged(raw):
    assert format_number(parse_number(raw)) == raw


def test_ballot_groups_compare_by_content():
    assert BallotGroup(("a",), None, 2) == BallotGroup(("a",), None, 2)
