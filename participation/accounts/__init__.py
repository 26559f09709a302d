from flask import Blueprint

bp = Blueprint("accounts", __name__)

from participation.accounts import back_office, confirmation, routes, two_factor_routes  # noqa: E402,F401  (register the views and helpers on bp)
