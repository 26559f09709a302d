"""Participatory budgeting: Pabulib import/export and the results engine.

The web blueprint will live here; the pure-Python parts are in
:mod:`participation.budgeting.pabulib` and :mod:`participation.budgeting.tally`.
"""
