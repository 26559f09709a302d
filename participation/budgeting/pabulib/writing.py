"""Writing ``.pb`` files with anonymous voter ids and ballots sorted by content."""
from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path

from participation.budgeting.pabulib.election import (
    POINTS_TYPES,
    BallotGroup,
    Election,
    Project,
    format_number,
    parse_number,
)


def dump_election(election: Election) -> str:
    """Serialise an election as ``.pb`` text with anonymous voter ids.

    Voter ids are ``anon-1``, ``anon-2``, ... and ballots are written sorted by
    content, so neither ids nor row order carry anything from the original
    file. Voter metadata columns are not written (they were never kept).
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = dict(election.meta)
    meta["num_projects"] = str(len(election.projects))
    meta["num_votes"] = str(election.voter_count)
    out.write("META\n")
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, value])

    out.write("PROJECTS\n")
    columns = list(election.project_columns)
    for required in ("cost", "project_id"):
        if required not in columns:
            columns.insert(0, required)
    writer.writerow(columns)
    for project in election.projects.values():
        writer.writerow([_project_field(project, column) for column in columns])

    out.write("VOTES\n")
    has_points = election.vote_type in POINTS_TYPES
    writer.writerow(["voter_id", "vote", "points"] if has_points else ["voter_id", "vote"])
    voter_number = 0
    for group in sorted(election.ballots, key=_ballot_sort_key):
        vote = ",".join(group.projects)
        points = ",".join(format_number(p) for p in group.points) if group.points is not None else ""
        for _ in range(group.count):
            voter_number += 1
            row = [f"anon-{voter_number}", vote]
            if has_points:
                row.append(points)
            writer.writerow(row)
    return out.getvalue()


def write_election(election: Election, path: str | Path) -> None:
    Path(path).write_text(dump_election(election), encoding="utf-8")


def _project_field(project: Project, column: str) -> str:
    if column == "project_id":
        return project.project_id
    if column == "cost":
        raw = project.fields.get("cost", "")
        try:
            if raw and parse_number(raw) == project.cost:
                return raw  # keep the file's own spelling, e.g. "1000,50"
        except (ValueError, ZeroDivisionError):
            pass
        return format_number(project.cost)
    if column == "name" and project.name:
        return project.name
    return project.fields.get(column, "")


def _ballot_sort_key(group: BallotGroup) -> tuple:
    return (group.projects, tuple(Fraction(p) for p in group.points) if group.points else ())
