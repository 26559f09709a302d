"""`flask budgeting tally` as an administrator would use it."""

from __future__ import annotations

import json

import pytest
from flask import Flask

from participation.budgeting.cli import budgeting_cli
from participation.budgeting.tally import equal_shares, greedy

from .pabulib_data import ASSEN_2024, DIEPPE, KATOWICE_DAB, pabulib_path, real_election


@pytest.fixture
def cli_app():
    # Named cli_app so the suite-wide `app` fixture (the real application) is left alone.
    app = Flask(__name__)
    app.cli.add_command(budgeting_cli)
    return app


@pytest.fixture
def run(cli_app):
    runner = cli_app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(args=["budgeting", "tally", *map(str, args)])

    return invoke


def test_without_options_the_files_own_rule_is_applied_and_ids_printed_one_per_line(run):
    result = run(pabulib_path(ASSEN_2024))

    assert result.exit_code == 0, result.output
    assert sorted(result.stdout.split()) == sorted(real_election(ASSEN_2024).officially_selected())
    assert result.stdout.splitlines() == equal_shares(real_election(ASSEN_2024), completion="add1").selected


def test_json_output_has_selection_cost_and_rule(run):
    result = run(pabulib_path(ASSEN_2024), "--json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    election = real_election(ASSEN_2024)
    assert sorted(data["selected"]) == sorted(election.officially_selected())
    assert data["total_cost"] == sum(election.projects[pid].cost for pid in data["selected"])
    assert data["rule"] == "equalshares(cost)/add1"


def test_greedy_threshold_from_the_file_reproduces_katowice_dab(run):
    result = run(pabulib_path(KATOWICE_DAB), "--json")

    data = json.loads(result.stdout)
    assert data["rule"] == "greedy-threshold"
    assert sorted(data["selected"]) == sorted(real_election(KATOWICE_DAB).officially_selected())


def test_rule_and_utility_options_override_the_file(run):
    election = real_election(KATOWICE_DAB)

    as_greedy = run(pabulib_path(ASSEN_2024), "--rule", "greedy")
    by_points = run(pabulib_path(KATOWICE_DAB), "--rule", "mes", "--utility", "points", "--completion", "add1-nostop")
    high_bar = run(pabulib_path(KATOWICE_DAB), "--rule", "greedy", "--threshold", "300")

    assert as_greedy.stdout.splitlines() == greedy(real_election(ASSEN_2024)).selected
    assert by_points.stdout.splitlines() == equal_shares(election, utility="points", completion="add1-nostop").selected
    assert high_bar.stdout.splitlines() == greedy(election, threshold=300).selected
    assert len(high_bar.stdout.splitlines()) < len(greedy(election).selected)


def test_log_goes_to_stderr_so_stdout_stays_parseable(run):
    result = run(pabulib_path(ASSEN_2024), "--json", "--log")

    assert result.exit_code == 0
    json.loads(result.stdout)
    assert "Round 1: fund" in result.stderr


def test_an_unknown_rule_in_the_file_asks_for_a_rule_option(run):
    result = run(pabulib_path(DIEPPE))

    assert result.exit_code != 0
    assert "'unknown'" in result.output and "--rule" in result.output
    assert run(pabulib_path(DIEPPE), "--rule", "greedy").exit_code == 0


def test_a_missing_file_is_a_clear_error_without_traceback(run, tmp_path):
    result = run(tmp_path / "missing.pb")

    assert result.exit_code == 1
    assert "missing.pb: file not found" in result.output
    assert "Traceback" not in result.output


def test_a_malformed_file_reports_the_line_without_traceback(run, tmp_path):
    broken = tmp_path / "broken.pb"
    broken.write_text("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\nA;5\nVOTES\nvoter_id;vote\n1;B\n")

    result = run(broken)

    assert result.exit_code == 1
    assert "broken.pb, line 10: vote names unknown project 'B'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "options",
    [["--rule", "greedy", "--utility", "points"], ["--rule", "mes", "--threshold", "5"], ["--rule", "greedy", "--threshold", "many"]],
)
def test_options_that_do_not_fit_the_rule_are_usage_errors(run, options):
    result = run(pabulib_path(ASSEN_2024), *options)

    assert result.exit_code == 2
    assert "Traceback" not in result.output
