"""The city's geography and policy themes: districts (wijken) and themes, used to tag processes and ideas."""
from flask import Blueprint

bp = Blueprint("city", __name__)

from participation.city import routes  # noqa: E402,F401
