"""What the edge accepts from a request, before any route sees it.

- Ids in URLs and query strings must fit the database's integer column (PostgreSQL's INTEGER, the
  narrowest of the two databases): a larger number is a page that does not exist (404), not a crash.
- Control characters never reach a form or a query: PostgreSQL refuses NUL in text, and none of them
  belongs in anything a person types. Tabs and line breaks stay.
- A search box's text is cut at SEARCH_MAX characters (`search_text`): SQLite refuses a LIKE pattern
  past 50,000 bytes, and no search needs more than a sentence.
- A text path segment with a control character matches no route (404).
(A Host header that cannot be routed is Flask's own 400; core.application builds links without it.)
"""
from __future__ import annotations

import re
from typing import Any

from flask import Flask, Request, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter, UnicodeConverter

SEARCH_MAX = 200
MAX_ID = 2**31 - 1  # PostgreSQL INTEGER; SQLite takes 64 bits, so this is the limit both share
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(text: str) -> str:
    return _CONTROL.sub("", text)


def search_text(name: str = "q") -> str:
    """What someone typed in a search box (query string `name`): trimmed, at most SEARCH_MAX characters."""
    return (request.args.get(name) or "").strip()[:SEARCH_MAX]


def db_int(value: str) -> int:
    """For `request.args.get(name, default, type=db_int)`: a whole number that fits an id column.

    Raises ValueError otherwise, which makes `get` return the default.
    """
    if not value.isascii() or not value.strip().lstrip("-").isdigit():
        raise ValueError(value)
    number = int(value)
    if not -MAX_ID <= number <= MAX_ID:
        raise ValueError(value)
    return number


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` that never matches a number the database cannot hold (so the route answers 404)."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=MAX_ID if max is None else max, signed=signed)


class PlainTextConverter(UnicodeConverter):
    """`<slug>`, `<string:...>`: a path segment with a control character (`/trajecten/%00`) matches no
    route (404), as PostgreSQL would refuse it in the lookup."""

    def __init__(self, map, minlength: int = 1, maxlength: int | None = None, length: int | None = None) -> None:
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)
        self.regex = self.regex.replace("[^/]", "[^/\\x00-\\x1f\\x7f]")


class CleanParameters(ImmutableMultiDict):
    """Query-string and form values with control characters removed (files are left as they are)."""

    def __init__(self, mapping: Any = None) -> None:
        items = MultiDict(mapping).items(multi=True)  # the shapes MultiDict accepts: pairs, dicts, multidicts
        super().__init__([(key, strip_control_characters(value) if isinstance(value, str) else value) for key, value in items])


class CleanRequest(Request):
    parameter_storage_class = CleanParameters


def install(app: Flask) -> None:
    """Called by create_app() before the blueprints register their routes (the converter applies then)."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.url_map.converters["default"] = app.url_map.converters["string"] = PlainTextConverter
    app.request_class = CleanRequest

