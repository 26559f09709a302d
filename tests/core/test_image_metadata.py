"""Uploaded images keep no metadata: every segment or chunk of the stored file is read and checked."""
from __future__ import annotations

import struct
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from participation.core.images import store_image

SECRET = "GPS 51.0543N 3.7174E"


def jpeg_segments(data: bytes) -> list[int]:
    """The marker byte of every segment before the image data (start of scan)."""
    assert data[:2] == b"\xff\xd8"
    markers, position = [], 2
    while position < len(data):
        assert data[position] == 0xFF, f"no marker at {position}"
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
    return markers


def png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = [], 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        chunks.append(kind)
        position += 12 + length
    return chunks


def webp_chunks(data: bytes) -> list[bytes]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    chunks, position = [], 12
    while position + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[position : position + 8])
        chunks.append(kind)
        position += 8 + length + (length & 1)
    return chunks


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x010E] = SECRET  # ImageDescription
    exif[0x8825] = {1: "N", 2: (51.0, 3.0, 0.0), 3: "E", 4: (3.0, 43.0, 0.0)}
    return exif


def srgb_icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def stored_bytes(app, upload: BytesIO) -> bytes:
    upload.seek(0)
    name = store_image(upload)
    return (Path(app.config["UPLOAD_FOLDER"]) / name).read_bytes()


def test_a_jpeg_keeps_no_comment_exif_or_colour_profile_segment(app):
    upload = BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(
        upload, format="JPEG", comment=SECRET.encode(), exif=exif_with_gps(), icc_profile=srgb_icc()
    )
    assert 0xFE in jpeg_segments(upload.getvalue()) and 0xE1 in jpeg_segments(upload.getvalue())
    stored = stored_bytes(app, upload)
    markers = jpeg_segments(stored)
    assert 0xFE not in markers  # COM
    assert not [m for m in markers if 0xE1 <= m <= 0xEF]  # APP1 (EXIF, XMP) .. APP15, incl. APP2 (ICC)
    assert SECRET.encode() not in stored and b"PhoneMaker" not in stored


def test_a_png_keeps_no_text_time_exif_or_profile_chunk(app):
    info = PngInfo()
    info.add_text("Comment", SECRET)
    info.add_itxt("Description", SECRET, lang="nl", tkey="Beschrijving")
    info.add_text("Software", SECRET, zip=True)  # zTXt
    upload = BytesIO()
    Image.new("RGBA", (32, 32), (10, 200, 10, 128)).save(
        upload, format="PNG", pnginfo=info, exif=exif_with_gps(), icc_profile=srgb_icc()
    )
    assert {b"tEXt", b"iTXt", b"zTXt", b"eXIf"} <= set(png_chunks(upload.getvalue()))
    stored = stored_bytes(app, upload)
    chunks = set(png_chunks(stored))
    assert chunks <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}, chunks
    assert SECRET.encode() not in stored


def test_a_webp_keeps_no_exif_xmp_or_profile_chunk(app):
    upload = BytesIO()
    Image.new("RGB", (32, 32), (10, 10, 200)).save(
        upload, format="WEBP", exif=exif_with_gps(), xmp=f"<x:xmpmeta>{SECRET}</x:xmpmeta>".encode(), icc_profile=srgb_icc()
    )
    assert {b"EXIF", b"XMP "} <= set(webp_chunks(upload.getvalue()))
    stored = stored_bytes(app, upload)
    assert set(webp_chunks(stored)) & {b"EXIF", b"XMP ", b"ICCP"} == set()
    assert SECRET.encode() not in stored


def test_a_palette_png_keeps_its_transparency(app):
    upload = BytesIO()
    image = Image.new("P", (8, 8), 0)
    image.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    image.save(upload, format="PNG", transparency=0)
    stored = Image.open(BytesIO(stored_bytes(app, upload)))
    assert stored.info.get("transparency") == 0
