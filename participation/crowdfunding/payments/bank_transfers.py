"""Bank transfer pledges: marking a transfer received by hand, or from the lines of a bank statement
matched on their structured communication. Functions flush and never commit."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.core.errors import NotAllowed
from participation.core.text import clean_plain
from participation.crowdfunding import iban, structured
from participation.core.money import AmountProblem, parse_euros
from participation.crowdfunding.errors import InvalidPledge
from participation.crowdfunding.models import Pledge
from participation.crowdfunding.payments.transitions import move_pledge
from participation.extensions import db


def mark_transfer_received(pledge: Pledge, actor, note: str = "") -> None:
    if pledge.method != "bank_transfer":
        raise NotAllowed(_l("Only bank transfer pledges can be marked as received."))
    if pledge.status == "received":
        return
    if pledge.status != "awaiting_transfer":
        raise NotAllowed(_l("This pledge is not waiting for a transfer."))
    move_pledge(pledge, "received", kind="transfer_received", actor=actor, note=clean_plain(note, multiline=True), amount_cents=pledge.amount_cents)


@dataclass
class StatementReport:
    received: list[Pledge] = field(default_factory=list)
    already_received: list[Pledge] = field(default_factory=list)
    wrong_amount: list[tuple[int, Pledge, int]] = field(default_factory=list)  # (line, pledge, amount paid)
    not_waiting: list[tuple[int, Pledge]] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (line, communication)
    without_reference: list[int] = field(default_factory=list)


AMOUNT_COLUMNS = ("amount", "bedrag", "montant")


class SemicolonSeparated(csv.excel):
    """What Belgian banks export when the sniffer cannot tell (a subclass: csv.excel itself stays as it is)."""

    delimiter = ";"


def import_bank_statement(text: str, actor) -> StatementReport:
    """Match the lines of a bank statement (CSV, ; or , separated, with a header) on their structured
    communication and mark those transfers received. Lines for an unknown reference or with a different
    amount are reported, never guessed."""
    report = StatementReport()
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
    except csv.Error:
        dialect = SemicolonSeparated
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = list(reader)
    except csv.Error:
        # A line the csv module refuses (a field past its size limit, a quote never closed): nothing is marked.
        raise InvalidPledge(
            _l("Line %(line)s of the file cannot be read as a CSV line. Export the statement from the bank again, as CSV.",
               line=reader.line_num),
            field="statement",
        ) from None
    header = rows[0] if rows else None
    if not header:
        raise InvalidPledge(_l("The file is empty."), field="statement")
    lowered = [cell.strip().lower() for cell in header]
    amount_column = next((i for i, name in enumerate(lowered) if name in AMOUNT_COLUMNS), None)
    if amount_column is None:
        raise InvalidPledge(_l("The first line must name the columns, with one called “amount” or “bedrag”."), field="statement")
    for line_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        references = [ref for cell in row for ref in structured.find_communications(cell)]
        if not references:
            report.without_reference.append(line_number)
            continue
        reference = references[0]
        pledge = db.session.scalar(select(Pledge).where(Pledge.structured_reference == reference))
        if pledge is None:
            report.unknown.append((line_number, structured.format_communication(reference)))
            continue
        try:
            paid = parse_euros(row[amount_column] if amount_column < len(row) else "")
        except AmountProblem:
            paid = 0
        if pledge.status == "received":
            report.already_received.append(pledge)
        elif pledge.status != "awaiting_transfer":
            report.not_waiting.append((line_number, pledge))
        elif paid != pledge.amount_cents:
            report.wrong_amount.append((line_number, pledge, paid))
        else:
            mark_transfer_received(pledge, actor, note=f"bank statement line {line_number}")
            own_account = current_app.config.get("CROWDFUNDING_IBAN")
            pledge.payer_iban = next((found for cell in row if (found := iban.find_iban(cell, except_for=own_account))), None)
            report.received.append(pledge)
    return report
