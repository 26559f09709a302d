"""Uploaded images: checked, re-encoded with Pillow without any metadata and stored under a random name.

Only pixels leave this module: no EXIF (GPS, camera), no XMP, no JPEG comment, no PNG text chunks,
no ICC profile (colours are converted to sRGB first, so dropping it changes nothing visible).
"""
from __future__ import annotations

import secrets
from io import BytesIO
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from participation.core.errors import DomainError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
LONGEST_SIDE = 2000


# An image description typed without an image: refused on the description, never dropped. (A file box is
# empty again when a form comes back with a message, so this is also how people hear to choose it again.)
ALT_WITHOUT_IMAGE = _l("You described an image but did not choose one. Choose the image, or leave the description empty.")


class InvalidImage(DomainError):
    pass


def _in_srgb(image: Image.Image) -> Image.Image:
    """Convert pixels described by an embedded ICC profile to sRGB, the colour space a browser assumes without one."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unreadable profile: keep the pixels as they are, the profile is dropped anyway


def _without_metadata(image: Image.Image) -> Image.Image:
    """A copy with nothing but pixels: Pillow writes back what `info` holds (comment, icc_profile, exif, xmp, dpi...)."""
    clean = image.copy()
    # A palette PNG's transparent index is pixel data, not metadata.
    clean.info = {"transparency": image.info["transparency"]} if "transparency" in image.info else {}
    return clean


def store_image(stream: IO[bytes]) -> str:
    """Validate and re-encode an upload; return the stored file name."""
    data = stream.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidImage(_l("The image is larger than 5 MB."))
    try:
        with Image.open(BytesIO(data)) as probe:
            image_format = probe.format
            if image_format not in ACCEPTED_FORMATS:
                raise InvalidImage(_l("Only JPEG, PNG and WebP images are accepted."))
            if probe.width * probe.height > MAX_PIXELS:
                raise InvalidImage(_l("The image has too many pixels."))
            probe.verify()
        with Image.open(BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)  # keep the orientation the photo was taken in, then drop EXIF
            image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image = _without_metadata(_in_srgb(image))
            extension = ACCEPTED_FORMATS[image_format]
            name = f"{secrets.token_hex(12)}.{extension}"
            folder = Path(current_app.config["UPLOAD_FOLDER"])
            folder.mkdir(parents=True, exist_ok=True)
            image.save(folder / name, format=image_format, quality=85)
    except InvalidImage:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise InvalidImage(_l("The file is not a readable image.")) from exc
    return name
