"""Feedback tests reuse the ideas factories (make_idea, images, the query counter)."""
from __future__ import annotations

from tests.ideas.conftest import make_idea, queries_counter, upload_folder  # noqa: F401
