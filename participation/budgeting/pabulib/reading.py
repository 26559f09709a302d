"""Reading ``.pb`` files: sections, validation with line numbers, identical ballots merged."""
from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from participation.budgeting.pabulib.election import (
    APPROVAL_TYPES,
    ORDINAL_TYPES,
    POINTS_TYPES,
    VOTE_TYPES,
    BallotGroup,
    Election,
    Number,
    ParseError,
    Project,
    parse_number,
)

_SECTIONS = ("meta", "projects", "votes")


def load_election(path: str | Path) -> Election:
    """Read a ``.pb`` file; unreadable or malformed files raise :class:`ParseError`."""
    path = Path(path)
    try:
        # utf-8-sig: files exported from spreadsheets often start with a BOM.
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ParseError("file not found", source=str(path)) from None
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", source=str(path)) from None
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}", source=str(path)) from None
    return parse_election(text, source=path.name)


def parse_election(text: str, *, source: str = "") -> Election:
    """Parse the text of a ``.pb`` file."""
    if text.startswith("\ufeff"):  # a BOM left by a spreadsheet export
        text = text[1:]
    lines = text.splitlines()
    sections = _find_sections(lines, source)
    meta = _parse_meta(lines, sections["meta"], source)
    vote_type = meta["vote_type"]
    projects, project_columns = _parse_projects(lines, sections["projects"], source)
    warnings: list[str] = []
    ballots = _parse_votes(lines, sections["votes"], vote_type, projects, source, warnings)
    election = Election(meta, projects, ballots, project_columns, warnings)
    _check_counts(election, warnings)
    return election


def _find_sections(lines: list[str], source: str) -> dict[str, tuple[int, int]]:
    """Map each section name to the (first, end) line indexes of its header and rows."""
    starts: dict[str, int] = {}
    order: list[str] = []
    for index, line in enumerate(lines):
        # Only short lines can be section titles; skipping the rest keeps this cheap.
        if len(line) < 12:
            name = line.strip().strip(";").lower()
            if name in _SECTIONS:
                if name in starts:
                    raise ParseError(f"section {name.upper()} appears twice", line=index + 1, source=source)
                starts[name] = index
                order.append(name)
    for name in _SECTIONS:
        if name not in starts:
            if not any(line.strip() for line in lines):
                raise ParseError("file is empty", source=source)
            raise ParseError(f"no {name.upper()} section", source=source)
    spans: dict[str, tuple[int, int]] = {}
    for position, name in enumerate(order):
        end = starts[order[position + 1]] if position + 1 < len(order) else len(lines)
        spans[name] = (starts[name] + 1, end)
    return spans


def _rows(lines: list[str], span: tuple[int, int]) -> Iterator[tuple[int, list[str]]]:
    """Yield (1-based line number, stripped fields) for non-blank lines of a section."""
    first, end = span
    for index in range(first, end):
        line = lines[index]
        if not line.strip():
            continue
        fields = next(csv.reader([line], delimiter=";", skipinitialspace=True)) if '"' in line else line.split(";")
        yield index + 1, [f.strip() for f in fields]


def _header(rows: Iterator[tuple[int, list[str]]], section: str, required: Iterable[str], source: str) -> list[str]:
    try:
        line_no, header = next(rows)
    except StopIteration:
        raise ParseError(f"section {section} has no header row", source=source) from None
    missing = [column for column in required if column not in header]
    if missing:
        raise ParseError(
            f"{section} header lacks column(s) {', '.join(missing)} (found: {';'.join(header)})",
            line=line_no,
            source=source,
        )
    if len(set(header)) != len(header):
        raise ParseError(f"{section} header repeats a column name", line=line_no, source=source)
    return header


def _parse_meta(lines: list[str], span: tuple[int, int], source: str) -> dict[str, str]:
    rows = _rows(lines, span)
    _header(rows, "META", ("key", "value"), source)
    meta: dict[str, str] = {}
    for line_no, fields in rows:
        if len(fields) < 2:
            raise ParseError("META row needs a key and a value", line=line_no, source=source)
        # A value may itself contain ';' when the exporter did not quote it.
        meta[fields[0]] = ";".join(fields[1:])
    if "budget" not in meta:
        raise ParseError("META has no budget", source=source)
    try:
        budget = parse_number(meta["budget"])
    except (ValueError, ZeroDivisionError):
        raise ParseError(f"META budget {meta['budget']!r} is not a number", source=source) from None
    if budget < 0:
        raise ParseError("META budget is negative", source=source)
    vote_type = meta.get("vote_type", "").strip().lower()
    if not vote_type:
        raise ParseError("META has no vote_type", source=source)
    if vote_type not in VOTE_TYPES:
        raise ParseError(
            f"unsupported vote_type {vote_type!r} (expected one of {', '.join(sorted(VOTE_TYPES))})",
            source=source,
        )
    meta["vote_type"] = vote_type
    return meta


def _parse_projects(lines: list[str], span: tuple[int, int], source: str) -> tuple[dict[str, Project], list[str]]:
    rows = _rows(lines, span)
    header = _header(rows, "PROJECTS", ("project_id", "cost"), source)
    projects: dict[str, Project] = {}
    for line_no, fields in rows:
        if len(fields) != len(header):
            raise ParseError(
                f"PROJECTS row has {len(fields)} fields, header has {len(header)}", line=line_no, source=source
            )
        row = dict(zip(header, fields))
        project_id = row["project_id"]
        if not project_id:
            raise ParseError("project without project_id", line=line_no, source=source)
        if project_id in projects:
            raise ParseError(f"project {project_id!r} is listed twice", line=line_no, source=source)
        try:
            cost = parse_number(row["cost"])
        except (ValueError, ZeroDivisionError):
            raise ParseError(
                f"cost {row['cost']!r} of project {project_id!r} is not a number", line=line_no, source=source
            ) from None
        if cost < 0:
            raise ParseError(f"project {project_id!r} has a negative cost", line=line_no, source=source)
        projects[project_id] = Project(project_id, cost, row.get("name", ""), row)
    if not projects:
        raise ParseError("PROJECTS section lists no projects", source=source)
    return projects, header


def _parse_votes(
    lines: list[str],
    span: tuple[int, int],
    vote_type: str,
    projects: dict[str, Project],
    source: str,
    warnings: list[str],
) -> list[BallotGroup]:
    rows_for_header = _rows(lines, span)
    required = ("voter_id", "vote", "points") if vote_type in POINTS_TYPES else ("voter_id", "vote")
    header = _header(rows_for_header, "VOTES", required, source)
    width = len(header)
    id_col, vote_col = header.index("voter_id"), header.index("vote")
    points_col = header.index("points") if vote_type in POINTS_TYPES else None

    # Hot loop: count raw (vote, points) strings with plain str.split; every
    # distinct string is validated once afterwards.
    raw_counts: dict[object, int] = {}
    seen_voters: set[str] = set()
    duplicate_voters = 0
    first, end = span
    header_seen = False
    for index in range(first, end):
        line = lines[index]
        if not line or line.isspace():
            continue
        if not header_seen:
            header_seen = True
            continue
        fields = next(csv.reader([line], delimiter=";", skipinitialspace=True)) if '"' in line else line.split(";")
        if len(fields) != width:
            raise ParseError(f"VOTES row has {len(fields)} fields, header has {width}", line=index + 1, source=source)
        voter_id = fields[id_col]
        if voter_id in seen_voters:
            duplicate_voters += 1
        else:
            seen_voters.add(voter_id)
        key = fields[vote_col] if points_col is None else (fields[vote_col], fields[points_col])
        raw_counts[key] = raw_counts.get(key, 0) + 1
    if duplicate_voters:
        warnings.append(f"{duplicate_voters} ballot(s) reuse a voter_id already seen; all were counted")

    order = {pid: position for position, pid in enumerate(projects)}
    merged: dict[tuple[tuple[str, ...], tuple[Number, ...] | None], int] = {}
    for raw, count in raw_counts.items():
        try:
            key = _canonical_ballot(raw, vote_type, order)
        except ValueError as exc:
            raise ParseError(str(exc), line=_first_line_with(lines, span, raw, vote_col, points_col), source=source) from None
        merged[key] = merged.get(key, 0) + count
    return [BallotGroup(projects_, points, count) for (projects_, points), count in merged.items()]


def _split_ids(raw: str) -> list[str]:
    if " " in raw or "\t" in raw:
        return [part.strip() for part in raw.split(",") if part.strip()]
    return [part for part in raw.split(",") if part]


def _canonical_ballot(
    raw: object, vote_type: str, order: dict[str, int]
) -> tuple[tuple[str, ...], tuple[Number, ...] | None]:
    vote, points_raw = (raw, None) if isinstance(raw, str) else raw  # type: ignore[misc]
    ids = _split_ids(vote)
    for pid in ids:
        if pid not in order:
            raise ValueError(f"vote names unknown project {pid!r}")
    if vote_type in APPROVAL_TYPES:
        # An approval ballot is a set; a repeated id is harmless.
        return tuple(sorted(set(ids), key=order.__getitem__)), None
    if len(set(ids)) != len(ids):
        raise ValueError(f"vote lists a project twice: {vote!r}")
    if vote_type in ORDINAL_TYPES:
        return tuple(ids), None
    point_parts = _split_ids(points_raw or "")
    if len(point_parts) != len(ids):
        raise ValueError(f"vote lists {len(ids)} project(s) but points has {len(point_parts)} value(s)")
    try:
        points = [parse_number(part) for part in point_parts]
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"points {points_raw!r} are not all numbers") from None
    pairs = sorted(zip(ids, points), key=lambda pair: order[pair[0]])
    return tuple(pid for pid, _ in pairs), tuple(value for _, value in pairs)


def _first_line_with(
    lines: list[str], span: tuple[int, int], raw: object, vote_col: int, points_col: int | None
) -> int | None:
    """Find the line of a bad ballot; only runs on the error path."""
    for line_no, fields in _rows(lines, span):
        if len(fields) <= max(vote_col, points_col or 0):
            continue
        key = fields[vote_col] if points_col is None else (fields[vote_col], fields[points_col])
        stripped_raw = raw.strip() if isinstance(raw, str) else tuple(part.strip() for part in raw)  # type: ignore[union-attr]
        if key == stripped_raw:
            return line_no
    return None


def _check_counts(election: Election, warnings: list[str]) -> None:
    for key, actual in (("num_projects", len(election.projects)), ("num_votes", election.voter_count)):
        declared = election.meta.get(key, "").strip()
        if declared and declared.isdigit() and int(declared) != actual:
            warnings.append(f"META {key} says {declared} but the file contains {actual}")
