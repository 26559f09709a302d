"""The results engine is pure Python: these tests need no app or database."""

import pytest


@pytest.fixture(autouse=True)
def _transaction():
    """Shadows the suite-wide per-test database transaction, which these tests do not need."""
    yield None
