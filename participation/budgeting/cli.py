"""``flask budgeting ...`` commands: tally Pabulib files from the command line."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import click
from flask.cli import AppGroup

from participation.budgeting.pabulib import ParseError, load_election, parse_number
from participation.budgeting.tally import (
    COMPLETIONS,
    UTILITIES,
    RuleSpec,
    TallyError,
    TallyResult,
    run_rule,
    spec_from_meta,
)

budgeting_cli = AppGroup("budgeting", help="Participatory budgeting: tally Pabulib (.pb) files.")


@budgeting_cli.command("tally", with_appcontext=False)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rule", type=click.Choice(["greedy", "mes"]), help="Default: the rule named in the file's META.")
@click.option("--utility", type=click.Choice(UTILITIES), help="MES only (default cost).")
@click.option("--completion", type=click.Choice(COMPLETIONS), help="MES only (default none).")
@click.option("--top-up/--no-top-up", "top_up", default=None, help="MES only: spend leftovers greedily.")
@click.option("--threshold", help="Greedy only: least score a project needs.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the tie-breaking lot.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object instead of one id per line.")
@click.option("--log", "show_log", is_flag=True, help="Print the computation log to stderr.")
def tally_command(
    file: Path,
    rule: str | None,
    utility: str | None,
    completion: str | None,
    top_up: bool | None,
    threshold: str | None,
    seed: int,
    as_json: bool,
    show_log: bool,
) -> None:
    """Compute the winning projects of FILE.pb and print their ids."""
    try:
        election = load_election(file)
    except ParseError as exc:
        raise click.ClickException(str(exc)) from None
    for warning in election.warnings:
        click.echo(f"warning: {warning}", err=True)
    spec = _resolve_spec(election, rule, utility, completion, top_up, threshold)
    try:
        result = run_rule(election, spec, seed=seed)
    except TallyError as exc:
        raise click.ClickException(str(exc)) from None
    if show_log:
        for line in result.log:
            click.echo(line, err=True)
    if as_json:
        click.echo(json.dumps(_as_json(result), ensure_ascii=False))
    else:
        for project_id in result.selected:
            click.echo(project_id)


def _resolve_spec(election, rule, utility, completion, top_up, threshold) -> RuleSpec:
    if rule is None:
        try:
            spec = spec_from_meta(election)
        except TallyError as exc:
            raise click.ClickException(f"{exc}; choose one with --rule greedy or --rule mes") from None
    else:
        spec = RuleSpec(rule)  # type: ignore[arg-type]
    if spec.rule == "greedy":
        if utility or completion or top_up:
            raise click.UsageError("--utility, --completion and --top-up apply to MES only (--rule mes)")
        if threshold is not None:
            try:
                spec = RuleSpec("greedy", threshold=parse_number(threshold))
            except (ValueError, ZeroDivisionError):
                raise click.BadParameter(f"{threshold!r} is not a number", param_hint="--threshold") from None
        return spec
    if threshold is not None:
        raise click.UsageError("--threshold applies to greedy only (--rule greedy)")
    return RuleSpec(
        "mes",
        utility=utility or spec.utility,
        completion=completion or spec.completion,
        top_up=spec.top_up if top_up is None else top_up,
    )


def _json_number(value):
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    return value


def _as_json(result: TallyResult) -> dict:
    return {
        "selected": result.selected,
        "total_cost": _json_number(result.total_cost),
        "rule": result.rule,
        "budget": _json_number(result.budget),
    }
