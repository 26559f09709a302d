"""Numbers are written the way the reader writes them: a turnout of 66,7% in Dutch and French."""
import pytest
from flask_babel import force_locale

from participation.core.formatting import format_number


@pytest.mark.parametrize(("language", "expected"), [("nl", "66,7"), ("fr", "66,7"), ("en", "66.7")])
def test_a_percentage_uses_the_reader_s_decimal_sign(app, language, expected):
    with app.test_request_context(), force_locale(language):
        assert format_number(66.7) == expected


def test_an_unknown_number_shows_nothing(app):
    with app.test_request_context():
        assert format_number(None) == ""
