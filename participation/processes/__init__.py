from flask import Blueprint

bp = Blueprint("processes", __name__)

from participation.processes import routes  # noqa: E402,F401
