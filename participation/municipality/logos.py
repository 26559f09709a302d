"""The municipality's logo: a PNG checked and re-encoded by core.images, or an SVG that is refused when
it could run anything (scripts, event handlers, foreign objects, external references)."""
from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image

from participation.core.images import MAX_IMAGE_BYTES, InvalidImage, store_image

_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video", "handler", "listener"}
_ENTITY = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def svg_problem(data: bytes) -> object | None:
    """Why this SVG may not be the logo, or None."""
    if _ENTITY.search(data):
        return _l("The SVG file may not contain a DOCTYPE or entities.")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return _l("The file is not a readable image.")
    if _local(root.tag) != "svg":
        return _l("The file is not a readable image.")
    for element in root.iter():
        if _local(str(element.tag)) in _FORBIDDEN_ELEMENTS:
            return _l("The SVG file contains a script or embedded content; save it without them and try again.")
        for attribute, value in element.attrib.items():
            name = _local(attribute)
            if name.startswith("on"):
                return _l("The SVG file contains a script or embedded content; save it without them and try again.")
            if name == "href" and not value.startswith("#"):
                return _l("The SVG file refers to other files or addresses; save it without them and try again.")
        if _local(str(element.tag)) == "style" and re.search(r"url\(|@import", element.text or "", re.IGNORECASE):
            return _l("The SVG file refers to other files or addresses; save it without them and try again.")
    return None


def store_logo(stream: IO[bytes], filename: str) -> str:
    """Check and store an uploaded logo; return the stored file name. Raises InvalidImage."""
    data = stream.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidImage(_l("The image is larger than 5 MB."), field="logo")
    if data.lstrip()[:5] in (b"<?xml", b"<svg ") or data.lstrip()[:4] == b"<svg" or filename.lower().endswith(".svg"):
        problem = svg_problem(data)
        if problem is not None:
            raise InvalidImage(problem, field="logo")
        name = f"{secrets.token_hex(12)}.svg"
        folder = Path(current_app.config["UPLOAD_FOLDER"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        return name
    from io import BytesIO

    try:
        with Image.open(BytesIO(data)) as probe:
            is_png = probe.format == "PNG"
    except Exception:
        is_png = False
    if not is_png:
        raise InvalidImage(_l("The logo must be an SVG or PNG image."), field="logo")
    try:
        return store_image(BytesIO(data))
    except InvalidImage as error:
        raise InvalidImage(error.message, field="logo") from error
