"""User-written text: sanitised on the way in with an allowlist, escaped on the way out by Jinja."""
from __future__ import annotations

import re
import unicodedata

import bleach
import markdown as md
from markupsafe import Markup

ALLOWED_TAGS = ["p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a"]
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = ["http", "https", "mailto"]


def _nofollow(attrs: dict, new: bool = False) -> dict:
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = "nofollow noopener ugc"
    return attrs


def clean_plain(text: str | None) -> str:
    """Plain text field (titles, names): strip every tag, collapse whitespace."""
    if not text:
        return ""
    stripped = bleach.clean(text, tags=[], attributes={}, strip=True)
    # bleach escapes &, < and > in what it keeps; plain fields store the raw characters and Jinja escapes them.
    stripped = stripped.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return re.sub(r"\s+", " ", stripped).strip()


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
