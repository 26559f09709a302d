"""Every message that carries a count is a plural message: "1 people voted" is not a sentence.

Scans the source the catalogues are built from (participation/**/*.py, templates/**/*.html and the mail
templates) with the same extractor, and lists each singular message (gettext, _, _l, lazy_gettext,
a {% trans %} block without {% pluralize %}) whose placeholder names look like a number of things."""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_file

from participation.core.catalogues import KEYWORDS, ROOT

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
COUNT_NAMES = {
    "count", "num", "n", "number", "total", "voters", "votes", "ideas", "supports", "supporters", "comments",
    "reactions", "backers", "pledges", "projects", "people", "persons", "days", "hours", "minutes", "weeks",
    "months", "items", "reports", "ballots", "members", "followers", "messages", "notifications", "rows", "lines",
    "min", "max", "cap", "given", "points", "eligible", "size", "shown", "residents", "codes", "years", "seconds", "characters", "images", "files", "steps",
}
# Messages whose count-like placeholder counts nothing: a number naming a thing ("Idea 12") or a unit
# that does not change ("5 MB") has no plural.
NOT_COUNTS = {
    "Image %(number)s",
    "Description of image %(number)s",
    "Idea number %(number)s",
    "Version %(number)s",
    "There is no public idea with number %(number)s.",
    "Idea %(number)s was itself merged; choose the idea it was merged with.",
    "This idea was merged with idea %(number)s: follow it there.",
    "The file is larger than %(size)s MB. Export a shorter period from the bank and import each part.",
    "This reward needs a pledge of at least %(min)s.",  # an amount of money, written as €25
}
# "To review: 3": a number standing alone after a label agrees with nothing, in Dutch, French or English.
LABEL_THEN_NUMBER = re.compile(r"^[^%]*: %\(\w+\)[sd]$")


def looks_like_a_count(name: str) -> bool:
    return name in COUNT_NAMES or name.endswith("_count") or name.startswith(("num_", "n_", "number_of_"))


def sources() -> list[Path]:
    python = sorted((ROOT / "participation").rglob("*.py"))
    templates = sorted(p for p in (ROOT / "templates").rglob("*") if p.suffix in {".html", ".txt"})
    return python + templates


def singular_messages_with_counts() -> list[str]:
    found = []
    for path in sources():
        method = "python" if path.suffix == ".py" else "jinja2"
        options = {"trimmed": "true"} if method == "jinja2" else None
        for lineno, message, _comments, _context in extract_from_file(method, str(path), keywords=KEYWORDS, options=options):
            if isinstance(message, (tuple, list)):
                continue  # ngettext, lazy_ngettext, {% pluralize %}: has a plural form
            if message in NOT_COUNTS or LABEL_THEN_NUMBER.match(message):
                continue
            counts = [name for name in PLACEHOLDER.findall(message) if looks_like_a_count(name)]
            if counts:
                found.append(f"{path.relative_to(ROOT)}:{lineno}: {', '.join(counts)}: {message!r}")
    return found


def test_every_message_with_a_count_has_plural_forms():
    offenders = singular_messages_with_counts()
    assert not offenders, "Use ngettext / {% pluralize %} for these messages:\n" + "\n".join(offenders)


def test_the_scan_finds_a_counted_message_without_plural(tmp_path, monkeypatch):
    """The scan itself works: a template saying "%(voters)s people voted" is caught, its plural form is not."""
    bad = tmp_path / "templates" / "bad.html"
    bad.parent.mkdir()
    bad.write_text('{{ _("%(voters)s people voted.", voters=3) }}\n'
                   '{% trans count=n %}{{ count }} idea{% pluralize %}{{ count }} ideas{% endtrans %}\n')
    (tmp_path / "participation").mkdir()
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert [line.split(": ")[1] for line in singular_messages_with_counts()] == ["voters"]
