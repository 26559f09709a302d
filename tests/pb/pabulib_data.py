"""Where the participatory-budgeting tests find real Pabulib files.

Real Pabulib files live outside the repo (default ``../shared/pabulib``,
override with ``PABULIB_DIR``). When they are missing, tests that need them
skip locally but fail under ``CI=true``, so CI cannot go green by skipping.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pytest

from participation.budgeting.pabulib import Election, load_election

DEFAULT_PABULIB_DIR = Path(__file__).resolve().parents[3] / "shared" / "pabulib"


def pabulib_dir() -> Path:
    return Path(os.environ.get("PABULIB_DIR", DEFAULT_PABULIB_DIR))


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)


def pabulib_path(name: str) -> Path:
    directory = pabulib_dir()
    if not directory.is_dir():
        _missing(f"Pabulib data directory {directory} not found; set PABULIB_DIR")
    path = directory / name
    if not path.is_file():
        _missing(f"Pabulib file {path} not found")
    return path


@lru_cache(maxsize=None)
def _cached(path: Path) -> Election:
    return load_election(path)


def real_election(name: str) -> Election:
    """A parsed real election; cached, so tests must not mutate it."""
    return _cached(pabulib_path(name))


def require_pabutools():
    try:
        import pabutools  # noqa: F401
    except ImportError:
        _missing("pabutools is not installed (it is in requirements-dev.txt)")


ASSEN_2024 = "Netherlands_Assen_2024.pb"
ASSEN_2025 = "Netherlands_Assen_2025.pb"
DIEPPE = "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb"
AMSTERDAM = "Netherlands_Amsterdam_166.pb"
KATOWICE_DAB = "Poland_Katowice_2020_Dab.pb"
TOULOUSE = "France_Toulouse_2019.pb"
