"""The city's pages: the boundaries feed for the maps, and the admins' screens for districts, themes and
departments under /beheer/gemeente. Thin: load or 404, role check, validate, one service call."""
from participation.city.routes import boundaries, districts, lists  # noqa: F401
