"""Bad input never breaks a page: the demo city, crawled as a visitor and as each demo role, answers every
link, every form (with hostile values in every field), every query string and every route with odd
path values with something other than a server error.

This is the one test that walks the whole site: when a new form or route appears, it is exercised here
without anyone writing a test for it. A finding goes into its own feature test once fixed."""
from __future__ import annotations

import io
import logging
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from participation.demo.seed import DEMO_LOGINS, seed_demo, seed_demo_features
from participation.extensions import limiter

HUGE = "9" * 40
CORPUS = [
    "", " ", "0", "-1", "2147483648", HUGE, "1e400", "-0.0", "NaN", "Infinity", "12,345.678.9", "€ 12,50",
    "١٢", "１２", "2026-02-30", "nul\x00byte", "\u202e\u200b", "<script>alert(1)</script>", "' OR 1=1 --",
    "../../etc/passwd", "%00%ff", "x" * 70_000,
]
PER_FIELD = [HUGE, "1e400", "nul\x00byte", "Infinity"]
BAD_QUERY = "page=" + HUGE + "&page=-1&q=%ff%fe%00&sort=%00&id=" + HUGE + "&status=<x>&per_page=1e400"
BAD_INT_PATH = ["0", "-1", "2147483648", HUGE]
BAD_TEXT_PATH = ["%00", "%ff%fe", "x" * 500, "..%2f..%2f", "%E2%80%AE"]
BROKEN_UTF8 = b"\xff\xfe=\xc3\x28&title=\xe2\x82&body=%ff%fe"
SKIPPED_ACTIONS = ("/uitloggen",)  # signing out would end the crawl's own session


@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, type, value)

    def key(self, endpoint: str) -> tuple:
        return (self.method, endpoint, tuple(sorted({name for name, _, _ in self.fields})))


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form":
            self._form = Form(attributes.get("method", "get").lower(), attributes.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "button") and attributes.get("name"):
            kind = attributes.get("type", "text" if tag == "input" else "submit").lower()
            if kind == "radio" and "checked" not in attributes:
                return  # a browser sends only the chosen radio button
            self._form.fields.append((attributes["name"], kind, attributes.get("value", "")))
        elif tag == "textarea" and attributes.get("name"):
            self._form.fields.append((attributes["name"], "textarea", ""))
        elif tag == "select" and attributes.get("name"):
            self._select, self._select_value = attributes["name"], None
        elif tag == "option" and self._select is not None and self._select_value is None:
            self._select_value = attributes.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            self._form.fields.append((self._select, "select", self._select_value or ""))
            self._select = None


class Crawl:
    """Requests through the test client, remembering every answer of 500 or more with what caused it."""

    def __init__(self, app, client) -> None:
        self.app, self.client = app, client
        self.adapter = app.url_map.bind("localhost")
        self.failures: list[str] = []
        self.errors: list[str] = []
        self.requests = 0

    def endpoint(self, path: str, method: str = "GET") -> str | None:
        try:
            endpoint, _ = self.adapter.match(urlsplit(path).path, method=method)
        except HTTPException:
            return None
        except Exception:  # a RequestRedirect carries its own exception type
            return None
        return endpoint

    def request(self, method: str, path: str, what: str, **arguments):
        self.requests += 1
        self.errors.clear()
        response = self.client.open(path, method=method, **arguments)
        if response.status_code >= 500:
            cause = self.errors[-1] if self.errors else "no exception logged"
            self.failures.append(f"{response.status_code} {method} {path} {what}: {cause}")
        return response

    def sign_in(self, email: str | None, password: str | None) -> None:
        self.client.delete_cookie("session", domain="localhost")
        self.client.delete_cookie("remember_token", domain="localhost")
        if email:
            response = self.client.post("/inloggen", data={"email": email, "password": password})
            assert response.status_code == 302, f"{email} could not sign in"


class ErrorLog(logging.Handler):
    def __init__(self, crawl: Crawl) -> None:
        super().__init__(logging.ERROR)
        self.crawl = crawl

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            self.crawl.errors.append(f"{type(error).__name__}: {str(error)[:300]}")


def local_path(base: str, href: str) -> str | None:
    target = urljoin(base, href)
    parts = urlsplit(target)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "localhost"):
        return None
    if parts.path.startswith("/static/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def explore(crawl: Crawl) -> tuple[list[str], dict[tuple, tuple[str, Form]]]:
    """Breadth-first from the home page: one page per endpoint and query shape, and every distinct form."""
    seen_keys: set[tuple] = set()
    pages: list[str] = []
    forms: dict[tuple, tuple[str, Form]] = {}
    queue = deque(["/"])
    while queue:
        path = queue.popleft()
        endpoint = crawl.endpoint(path)
        if endpoint is None or endpoint == "static":
            continue
        key = (endpoint, tuple(sorted(part.split("=")[0] for part in urlsplit(path).query.split("&") if part)))
        if key in seen_keys:
            continue
        seen_keys.add(key)
        response = crawl.request("GET", path, "(page)")
        if response.status_code != 200 or "html" not in response.content_type:
            continue
        pages.append(path)
        parser = PageParser()
        parser.feed(response.get_data(as_text=True))
        for href in parser.links:
            if (target := local_path(path, href)) is not None:
                queue.append(target)
        for form in parser.forms:
            action = local_path(path, form.action or path)
            if action is None or action.startswith(SKIPPED_ACTIONS):
                continue
            form_endpoint = crawl.endpoint(action, "POST" if form.method == "post" else "GET")
            if form_endpoint is not None:
                forms.setdefault(form.key(form_endpoint), (action, form))
    return pages, forms


def _value(kind: str, default: str, value: str | None):
    if kind == "file":
        return (io.BytesIO(b"GIF89a" + (value or "").encode("utf-8", "surrogatepass")[:2000]), "bestand.png")
    if value is None:
        return default
    return value


def fill(form: Form, everywhere: str | None = None, only: tuple[str, str] | None = None) -> MultiDict:
    """The form as a browser would send it, with `everywhere` in every field (and the first field twice),
    or with one field set to a value."""
    data = MultiDict()
    for name, kind, default in form.fields:
        if only is not None:
            value = only[1] if name == only[0] else None
        else:
            value = everywhere
        data.add(name, _value(kind, default, value))
    if everywhere is not None and form.fields:
        first, kind, default = form.fields[0]
        data.add(first, _value(kind, default, everywhere + "2"))
    return data


def submit_all(crawl: Crawl, forms: dict[tuple, tuple[str, Form]], sign_in) -> None:
    for action, form in forms.values():
        sign_in()  # a form submitted before may have changed who we are (a role, a block)
        variants = [(f"every field = {value!r:.40}", fill(form, everywhere=value)) for value in CORPUS]
        names = sorted({name for name, kind, _ in form.fields if kind != "submit" and name != "csrf_token"})
        variants += [
            (f"{name} = {value!r:.40}", fill(form, only=(name, value))) for name in names for value in PER_FIELD
        ]
        for what, data in variants:
            if form.method == "post":
                crawl.request("POST", action, what, data=data, content_type="multipart/form-data")
            else:
                query = urlencode([(k, v) for k, v in data.items(multi=True) if isinstance(v, str)])
                crawl.request("GET", f"{urlsplit(action).path}?{query}", what)
        if form.method == "post":
            crawl.request("POST", action, "(broken UTF-8 body)", data=BROKEN_UTF8,
                          content_type="application/x-www-form-urlencoded")


def bad_queries(crawl: Crawl, pages: list[str]) -> None:
    for path in pages:
        crawl.request("GET", f"{urlsplit(path).path}?{BAD_QUERY}", "(bad query string)")


def bad_paths(crawl: Crawl) -> None:
    for rule in crawl.app.url_map.iter_rules():
        if rule.endpoint == "static" or not rule.arguments:
            continue
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS", "HEAD"})[0]
        numeric = {name for name, converter in rule._converters.items() if isinstance(converter, IntegerConverter)}
        for name in sorted(rule.arguments):
            for value in BAD_INT_PATH if name in numeric else BAD_TEXT_PATH:
                path = rule.rule
                for argument in rule.arguments:
                    text = value if argument == name else ("1" if argument in numeric else "x")
                    path = re.sub(rf"<(?:[^:<>]+:)?{argument}>", lambda _: text, path)
                crawl.request(method, path, f"({name} = {value[:30]!r} in {rule.rule})")


ROLES = [None] + [login for login in DEMO_LOGINS if login.email != "buur@demo.stadslab.be"]
admin = next(login for login in DEMO_LOGINS if login.role == "admin")


def test_no_link_form_query_or_path_of_the_demo_city_ends_in_a_server_error(app, client):
    seed_demo()
    seed_demo_features()
    crawl = Crawl(app, client)
    handler = ErrorLog(crawl)
    app.logger.addHandler(handler)
    limiter.enabled = False  # thousands of posts a minute are the point here
    submitted: set[tuple] = set()
    try:
        for login in ROLES:
            email, password = (login.email, login.password) if login else (None, None)
            crawl.sign_in(email, password)
            pages, forms = explore(crawl)
            bad_queries(crawl, pages)
            # A form another role already submitted runs the same validation: only new forms are filled in.
            new_forms = {key: form for key, form in forms.items() if key not in submitted}
            submitted.update(new_forms)
            submit_all(crawl, new_forms, lambda: crawl.sign_in(email, password))
        crawl.sign_in(admin.email, admin.password)  # admins pass every role check, so every lookup runs
        bad_paths(crawl)
    finally:
        limiter.enabled = True
        app.logger.removeHandler(handler)
    assert crawl.requests > 1000  # the crawl really walked the site
    assert not crawl.failures, f"{len(crawl.failures)} server errors:\n" + "\n".join(crawl.failures)
