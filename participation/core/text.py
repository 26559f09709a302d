"""User-written text. Plain text is stored as typed and escaped on the way out by Jinja; rich text
(Markdown) is rendered and sanitised with an allowlist on the way in and again on the way out."""
from __future__ import annotations

import html as html_lib
import re
import unicodedata

import bleach
import markdown as md
from flask_babel import lazy_ngettext
from markupsafe import Markup

ALLOWED_TAGS = ["p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a"]
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = ["http", "https", "mailto"]


def _nofollow(attrs: dict, new: bool = False) -> dict:
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = "nofollow noopener ugc"
    return attrs


# Characters no one types on purpose. C0/C1 controls (PostgreSQL refuses NUL; the edge already drops the
# others from forms, this covers services called from the CLI, the demo and imports) and the bidi
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): an unclosed override reverses the
# text after it on the page, a known way to make a title or a name look like something else. The marks
# people do use for right-to-left text (U+200E, U+200F) and the joiners inside emoji stay.
_UNTYPED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"\r\n?")
_SINGLE_LINE_BREAKS = re.compile(r"[\t\r\n]+")


def clean_plain(text: str | None, *, multiline: bool = False) -> str:
    """Plain text (titles, names, reactions, reasons) as typed: NFC, no control characters, trimmed.

    Nothing that looks like markup is removed: "a <3 b" and "<b>vet</b>" are what the person wrote, and
    Jinja's autoescape shows them as text. A single-line field turns tabs and line breaks into one space
    (a title is one line); a multi-line field keeps them, with Windows line ends made "\\n".
    """
    if not text:
        return ""
    typed = _UNTYPED.sub("", unicodedata.normalize("NFC", text))
    typed = _LINE_BREAKS.sub("\n", typed) if multiline else _SINGLE_LINE_BREAKS.sub(" ", typed)
    return typed.strip()


def typed_length(text: str | None) -> int:
    """How many characters a limit counts in what someone typed: the text as clean_plain keeps it (a
    Windows line end is one character, as in the browser's own count), so the refusal, the live
    counter and the column all count alike."""
    return len(clean_plain(text, multiline=True))


def too_long(text: str | None, maximum: int) -> object | None:
    """The refusal of a text longer than `maximum` characters, saying how long it is; None when it fits.

    Text is never cut to fit: a person who typed too much is told, and keeps what they wrote.
    """
    count = typed_length(text)
    if count <= maximum:
        return None
    return lazy_ngettext(
        "At most %(num)d character; you typed %(count)d.", "At most %(num)d characters; you typed %(count)d.", maximum, count=count
    )


def fitting(text: str, maximum: int, *, error: type[Exception], field: str) -> str:
    """`text` if it has at most `maximum` characters; otherwise `error` (a DomainError) with too_long's
    message on `field`. For services, which refuse what the column cannot hold instead of cutting it."""
    problem = too_long(text, maximum)
    if problem is not None:
        raise error(problem, field=field)
    return text


def text_of_html(html: str | None) -> str:
    """The words in a piece of HTML or Markdown (search index, moderation excerpts, "is it empty?"):
    tags dropped, entities read back, whitespace collapsed. Never stored as what someone typed."""
    if not html:
        return ""
    stripped = bleach.clean(html, tags=[], attributes={}, strip=True)
    return re.sub(r"\s+", " ", html_lib.unescape(stripped)).strip()


def clean_rich(text: str | None) -> str:
    """Limited Markdown (paragraphs, bold, italic, lists, links) rendered to HTML and sanitised."""
    if not text:
        return ""
    html = md.markdown(text, extensions=[], output_format="html")
    cleaned = bleach.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True)
    return bleach.linkify(cleaned, callbacks=[_nofollow], skip_tags=["pre"], parse_email=False) if cleaned else ""


def render_rich(stored_html: str | None) -> Markup:
    """Stored rich text was sanitised on the way in; sanitise again so older rows can never carry script."""
    cleaned = bleach.clean(stored_html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True)
    return Markup(cleaned)


def slugify(text: str) -> str:
    """A web address part: lowercase ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:120] or "traject"
