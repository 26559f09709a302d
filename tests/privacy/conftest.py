from tests.ideas.conftest import make_idea  # noqa: F401  (the idea factory, for the contribution scenarios)
