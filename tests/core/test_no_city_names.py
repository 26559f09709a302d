"""No municipality's name in the code's messages: they say %(city)s, filled from the profile."""
import re
from pathlib import Path

from babel.messages.pofile import read_po

from participation.core.catalogues import translation_directories

CITY_NAMES = re.compile(r"\b(Gent|Ghent|Gand)\b", re.IGNORECASE)


def test_no_catalogue_names_a_municipality():
    found = []
    for directory in translation_directories():
        for path in Path(directory).glob("*/LC_MESSAGES/messages.po"):
            with path.open("rb") as handle:
                for message in read_po(handle):
                    texts = [*(message.id if isinstance(message.id, tuple) else [message.id]),
                             *(message.string if isinstance(message.string, tuple) else [message.string])]
                    if any(text and CITY_NAMES.search(text) for text in texts):
                        found.append(f"{path}: {message.id!r}")
    assert found == []
