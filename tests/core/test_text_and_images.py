"""User text is sanitised on the way in; uploaded images are re-encoded without metadata."""
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from participation.core.images import InvalidImage, store_image
from participation.core.text import clean_plain, clean_rich

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
]


@pytest.mark.parametrize("payload", XSS)
def test_rich_text_keeps_no_script_handlers_or_javascript_links(payload):
    html = clean_rich(payload)
    lowered = html.lower()
    for forbidden in ("<script", "onerror", "onload", "javascript:", "<iframe", "<svg", "style="):
        assert forbidden not in lowered


def test_rich_text_keeps_simple_formatting_and_marks_links_nofollow():
    html = clean_rich("Een **vet** en *schuin* woord\n\n- een\n- twee\n\n[Gent](https://stad.gent)")
    assert "<strong>vet</strong>" in html and "<em>schuin</em>" in html and "<li>een</li>" in html
    assert 'href="https://stad.gent"' in html and 'rel="nofollow noopener ugc"' in html


def test_plain_text_is_kept_as_typed_tags_and_all():
    assert clean_plain("  <b>Fiets & voetganger</b>  <script>x</script> ") == "<b>Fiets & voetganger</b>  <script>x</script>"


def photo_with_gps(fmt="JPEG") -> BytesIO:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (51.0, 3.0, 0.0), 3: "E", 4: (3.0, 43.0, 0.0)}  # GPS: Ghent
    buffer = BytesIO()
    image.save(buffer, format=fmt, exif=exif)
    buffer.seek(0)
    return buffer


def test_an_uploaded_photo_is_re_encoded_without_exif_or_gps(app):
    original = photo_with_gps()
    assert Image.open(BytesIO(original.getvalue())).getexif().get(0x8825) is not None
    name = store_image(original)
    stored = Image.open(Path(app.config["UPLOAD_FOLDER"]) / name)
    assert stored.format == "JPEG" and stored.size == (64, 48)
    assert len(stored.getexif()) == 0


@pytest.mark.parametrize(
    "payload, message",
    [
        (b"GIF89a" + b"\x00" * 100, "readable image"),
        (b"%PDF-1.4 not an image", "readable image"),
        (b"\xff\xd8\xff\xe0" + b"garbage" * 10, "readable image"),
    ],
    ids=["gif", "pdf", "corrupt-jpeg"],
)
def test_files_that_are_not_a_supported_image_are_refused(app, payload, message):
    with pytest.raises(InvalidImage):
        store_image(BytesIO(payload))


def test_a_gif_is_refused_as_unsupported_format(app):
    buffer = BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    buffer.seek(0)
    with pytest.raises(InvalidImage) as error:
        store_image(buffer)
    assert "JPEG, PNG" in str(error.value) or "JPEG" in str(error.value)


def test_an_image_over_5_mb_is_refused(app):
    with pytest.raises(InvalidImage):
        store_image(BytesIO(b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 10)))
