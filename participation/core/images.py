"""Uploaded images: checked, re-encoded with Pillow (which drops EXIF, including GPS) and stored under a random name."""
from __future__ import annotations

import secrets
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from participation.core.errors import DomainError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
LONGEST_SIDE = 2000


class InvalidImage(DomainError):
    pass


def store_image(stream: IO[bytes]) -> str:
    """Validate and re-encode an upload; return the stored file name."""
    data = stream.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidImage(_l("The image is larger than 5 MB."))
    from io import BytesIO

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
            extension = ACCEPTED_FORMATS[image_format]
            name = f"{secrets.token_hex(12)}.{extension}"
            folder = Path(current_app.config["UPLOAD_FOLDER"])
            folder.mkdir(parents=True, exist_ok=True)
            # Saving without an exif= argument writes no metadata at all.
            image.save(folder / name, format=image_format, quality=85)
    except InvalidImage:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise InvalidImage(_l("The file is not a readable image.")) from exc
    return name
