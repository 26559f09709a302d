"""Which source files feed which translation catalogue, and a check that every message is translated.

The core catalogue (participation/translations) holds the messages of the shared code and templates;
each feature package with its own `translations/` folder holds the messages of `participation/<feature>/`
and `templates/<feature>/`. Flask-Babel merges them at run time. Separate files let features evolve
their texts without touching each other's catalogue.

Run as `python -m participation.core.catalogues core|<feature>` to write that catalogue's messages.pot.
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / "participation"
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2), "lazy_ngettext": (1, 2)}
LANGUAGES_TO_TRANSLATE = ("nl", "fr")  # English is the source language of the messages


def feature_packages() -> list[str]:
    return sorted(p.parent.name for p in PACKAGE_DIR.glob("*/translations") if p.is_dir())


def translation_directories() -> list[str]:
    return [str(PACKAGE_DIR / "translations")] + [str(PACKAGE_DIR / name / "translations") for name in feature_packages()]


def sources_of(catalogue: str) -> list[Path]:
    features = feature_packages()
    if catalogue != "core":
        return sorted((PACKAGE_DIR / catalogue).rglob("*.py")) + sorted((ROOT / "templates" / catalogue).rglob("*.*"))
    python = [
        p for p in PACKAGE_DIR.rglob("*.py") if p.relative_to(PACKAGE_DIR).parts[0] not in features
    ]
    templates = [p for p in (ROOT / "templates").rglob("*.*") if p.relative_to(ROOT / "templates").parts[0] not in features]
    return sorted(python) + sorted(templates)


def extract(catalogue: str) -> Catalog:
    pot = Catalog(project="Stadslab", fuzzy=False)
    for path in sources_of(catalogue):
        method = "python" if path.suffix == ".py" else "jinja2"
        if path.suffix not in {".py", ".html", ".txt"}:
            continue
        for lineno, message, comments, context in extract_from_file(method, str(path), keywords=KEYWORDS, options={"trimmed": "true"} if method == "jinja2" else None):
            pot.add(message, None, [(str(path.relative_to(ROOT)), lineno)], auto_comments=comments, context=context)
    return pot


def catalogue_dir(catalogue: str) -> Path:
    return PACKAGE_DIR / "translations" if catalogue == "core" else PACKAGE_DIR / catalogue / "translations"


def untranslated(catalogue: str) -> dict[str, list[str]]:
    """Messages used in the code that the catalogue's Dutch or French file does not translate."""
    pot = extract(catalogue)
    missing: dict[str, list[str]] = {}
    for language in LANGUAGES_TO_TRANSLATE:
        po_path = catalogue_dir(catalogue) / language / "LC_MESSAGES" / "messages.po"
        translated: dict = {}
        if po_path.exists():
            with po_path.open("rb") as handle:
                po = read_po(handle, locale=language)
            translated = {m.id: m for m in po if m.id and m.string and not m.fuzzy}
        for message in pot:
            if not message.id:
                continue
            entry = translated.get(message.id)
            strings = entry.string if entry is not None else None
            if not strings or (isinstance(strings, tuple) and not all(strings)):
                missing.setdefault(language, []).append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main(catalogue: str) -> None:
    pot = extract(catalogue)
    target = catalogue_dir(catalogue)
    target.mkdir(parents=True, exist_ok=True)
    with (target / "messages.pot").open("wb") as handle:
        write_po(handle, pot, omit_header=False, sort_output=True, no_location=True)
    print(f"{len(pot)} messages written to {target / 'messages.pot'}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "core")
