"""Participatory budgeting: budget rounds, projects, verified voting, results, Pabulib import/export.

The pure-Python parts are :mod:`participation.budgeting.pabulib` (the .pb format),
:mod:`participation.budgeting.tally` (greedy and the Method of Equal Shares),
:mod:`participation.budgeting.ballots` (ballot rules) and :mod:`participation.budgeting.eligibility`.
"""
from flask import Blueprint

bp = Blueprint("budgeting", __name__)

from participation.budgeting import routes  # noqa: E402,F401
