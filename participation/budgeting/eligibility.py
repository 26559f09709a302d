"""Who may vote: normalising identifying data and turning it into keyed hashes. No database here.

Only HMAC-SHA256 digests leave this module. The key is the platform secret
BUDGETING_IDENTITY_SECRET (derived from SECRET_KEY when unset) and every digest includes the
round id, so the same resident has unrelated keys in two rounds and a stolen database alone does not
allow a dictionary attack on national register numbers.
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l

from participation.core.errors import DomainError

# Letter codes: no 0/O, 1/I/L, so a code read from paper is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


class InvalidIdentity(DomainError):
    pass


def _secret() -> bytes:
    configured = current_app.config.get("BUDGETING_IDENTITY_SECRET")
    if configured:
        return configured.encode()
    return hmac.new(str(current_app.config["SECRET_KEY"]).encode(), b"budgeting-identity", hashlib.sha256).digest()


def keyed_hash(purpose: str, round_id: int, value: str) -> str:
    message = f"{purpose}|{round_id}|{value}".encode()
    return hmac.new(_secret(), message, hashlib.sha256).hexdigest()


def _plain_letters(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]+", "", ascii_text)


def normalise_national_number(raw: str) -> str:
    digits = re.sub(r"\D", "", raw or "")
    if len(digits) != 11:
        raise InvalidIdentity(_l("A national register number has 11 digits."), field="national_number")
    # Belgian check digits: 97 - (first 9 digits mod 97), with a 2 prefixed for people born from 2000.
    base, check = int(digits[:9]), int(digits[9:])
    if check not in (97 - base % 97, 97 - int("2" + digits[:9]) % 97):
        raise InvalidIdentity(_l("This national register number is not valid. Check the digits."), field="national_number")
    return digits


def normalise_postcode(raw: str) -> str:
    digits = re.sub(r"\D", "", raw or "")
    if len(digits) != 4:
        raise InvalidIdentity(_l("A postcode has 4 digits."), field="postcode")
    return digits


def identity_key(round_id: int, census_key: str, *, national_number: str = "", first_name: str = "",
                 last_name: str = "", birth_date: date | None = None, postcode: str = "") -> str:
    """The census hash of one person in one round, from the fields the round identifies people by."""
    if census_key == "national_number":
        value = "nrn:" + normalise_national_number(national_number)
    else:
        first, last = _plain_letters(first_name), _plain_letters(last_name)
        if not first or not last:
            raise InvalidIdentity(_l("Enter your first name and last name as on your identity card."), field="last_name")
        if birth_date is None:
            raise InvalidIdentity(_l("Enter your date of birth."), field="birth_date")
        value = f"nbp:{first}|{last}|{birth_date.isoformat()}|{normalise_postcode(postcode)}"
    return "census:" + keyed_hash("census", round_id, value)


def normalise_code(raw: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", (raw or "").upper())


def code_hash(round_id: int, code: str) -> str:
    return keyed_hash("letter", round_id, normalise_code(code))


def new_letter_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def voter_token(round_id: int, identity: str) -> str:
    """What a ballot is stored under: one per person per round, unlinkable without the secret."""
    return keyed_hash("ballot", round_id, identity)


def new_receipt_code() -> str:
    return new_letter_code()


def receipt_hash(code: str) -> str:
    return hashlib.sha256(("receipt|" + normalise_code(code)).encode()).hexdigest()


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# --------------------------------------------------------------------------- census files


@dataclass
class CensusFile:
    keys: list[str] = field(default_factory=list)
    under_age: int = 0
    duplicates_in_file: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def _parse_day(raw: str) -> date | None:
    raw = (raw or "").strip()
    for pattern in (r"^(\d{4})-(\d{2})-(\d{2})$", r"^(\d{2})[/.-](\d{2})[/.-](\d{4})$"):
        match = re.match(pattern, raw)
        if match:
            parts = [int(p) for p in match.groups()]
            year, month, day = parts if pattern.startswith(r"^(\d{4})") else (parts[2], parts[1], parts[0])
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def _read_rows(data: bytes, census_key: str):
    """The header and the rows (keys stripped and lower-cased) of a CSV of residents, comma or semicolon separated."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidIdentity(_l("The file is not a UTF-8 CSV file.")) from None
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    needed = {"birth_date", "national_number"} if census_key == "national_number" else {
        "birth_date", "first_name", "last_name", "postcode"}
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    if not needed <= set(header):
        raise InvalidIdentity(
            _l("The file needs the columns: %(columns)s.", columns=", ".join(sorted(needed)))
        )
    rows = ({(k or "").strip().lower(): (v or "").strip() for k, v in row.items()} for row in reader)
    return header, enumerate(rows, start=2)


def _row_key(row: dict, round_id: int, census_key: str) -> tuple[str, date]:
    born = _parse_day(row.get("birth_date", ""))
    if born is None:
        raise InvalidIdentity(_l("the date of birth is not a date"))
    key = identity_key(round_id, census_key, national_number=row.get("national_number", ""),
                       first_name=row.get("first_name", ""), last_name=row.get("last_name", ""),
                       birth_date=born, postcode=row.get("postcode", ""))
    return key, born


def read_census(data: bytes, round_id: int, census_key: str, min_age: int, age_day: date) -> CensusFile:
    """Read a CSV of residents (comma or semicolon separated, with a header row) into identity keys.

    Columns: birth_date (always, for the minimum age) and national_number, or first_name,
    last_name and postcode. Residents younger than `min_age` on `age_day` are left out.
    """
    _, rows = _read_rows(data, census_key)
    result = CensusFile()
    seen: set[str] = set()
    for line, row in rows:
        try:
            key, born = _row_key(row, round_id, census_key)
        except InvalidIdentity as error:
            result.problems.append((line, str(error)))
            continue
        if age_on(born, age_day) < min_age:
            result.under_age += 1
            continue
        if key in seen:
            result.duplicates_in_file += 1
            continue
        seen.add(key)
        result.keys.append(key)
    return result


# Columns of a letters file that identify but do not address: they never reach the printable CSV.
NOT_ON_LETTERS = ("national_number", "birth_date")


@dataclass
class LetterFile:
    """Residents to write to: their census key, and the columns that address the letter, in file order."""

    address_columns: list[str] = field(default_factory=list)
    residents: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    duplicates_in_file: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def read_letter_file(data: bytes, round_id: int, census_key: str) -> LetterFile:
    """Read a CSV of residents to send a letter code to: the census columns plus any address columns
    (for example name, street, postcode, city). Every column except national_number and birth_date
    is copied to the printable CSV next to the code."""
    header, rows = _read_rows(data, census_key)
    result = LetterFile(address_columns=[name for name in dict.fromkeys(header) if name and name not in NOT_ON_LETTERS])
    seen: set[str] = set()
    for line, row in rows:
        try:
            key, _born = _row_key(row, round_id, census_key)
        except InvalidIdentity as error:
            result.problems.append((line, str(error)))
            continue
        if key in seen:
            result.duplicates_in_file += 1
            continue
        seen.add(key)
        result.residents.append((key, {name: row.get(name, "") for name in result.address_columns}))
    return result
