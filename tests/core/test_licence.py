"""The code is published under the EUPL-1.2, with the official text, and vendored files keep theirs."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_licence_is_the_official_eupl_1_2_text():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\nEUPL © the European Union 2007, 2016")
    assert "Appendix" in text and "Compatible Licences" in text and len(text) > 13_000


def test_every_vendored_library_keeps_its_licence_and_the_notice_lists_it():
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    for folder in (ROOT / "static" / "vendor").iterdir():
        assert (folder / "LICENSE").is_file(), folder
        assert f"static/vendor/{folder.name}/" in notice
