from flask import Blueprint

bp = Blueprint("ideas", __name__)

from participation.ideas import caching, routes  # noqa: E402,F401

caching.register()  # changes to ideas, supports, reactions... invalidate the cached idea pages
