"""Civic crowdfunding: citizens fund neighbourhood projects, the city matches part of the goal."""
from flask import Blueprint

bp = Blueprint("crowdfunding", __name__)

from participation.crowdfunding import routes  # noqa: E402,F401
