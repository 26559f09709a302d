"""Serving uploaded images, which Pillow re-encoded on the way in (see images.py)."""
from __future__ import annotations

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("media", __name__)


@bp.get("/media/<path:filename>")
def file(filename: str):
    response = send_from_directory(current_app.config["UPLOAD_FOLDER"], filename, max_age=7 * 24 * 3600)
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response
