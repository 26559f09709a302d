from flask import Blueprint

bp = Blueprint("ideas", __name__)

from participation.ideas import routes  # noqa: E402,F401
