"""Participatory-budgeting rules: greedy and the Method of Equal Shares (MES).

All arithmetic is exact (gmpy2.mpq when available, fractions.Fraction
otherwise), so results are reproducible to the last cent and match pabutools.

Vocabulary used throughout
--------------------------
votes
    the number of voters who support a project (approved it, or gave it
    positive points).
score
    what greedy ranks by: approvals for approval/ordinal ballots, the total
    number of points for cumulative/scoring ballots.
utility (MES)
    how much a supporter gains from a project: ``cost`` (the project's cost),
    ``cardinality`` (1) or ``points`` (the points the voter gave it; ballots
    without points count every listed project as one point).
ρ (rho, MES)
    the price per unit of utility at which a project's supporters can pay for
    it: a supporter with utility u pays min(own budget, ρ·u).  MES funds the
    project with the smallest ρ each round.
price per vote (MES)
    what one supporting voter pays at most: ρ·cost for cost utility, ρ for
    cardinality, ρ per point for points utility.
effective support (MES)
    cost ÷ price per vote: how many votes (points, for points utility) the
    project is "worth" once supporters who ran out of money are accounted
    for.  It equals the project's votes (points) when no supporter is short
    of money and is lower otherwise.

Tie-breaking (both rules): lower cost first, then more votes, then a lot drawn
with ``random.Random(seed)`` over the sorted project ids.

Modules
-------
exact.py         exact arithmetic backend (EXACT_BACKEND) and amounts for the log
result.py        TallyResult, ProjectSupport, TallyError
profile.py       the election flattened for the rules, tie-break order
greedy.py        greedy (and the greedy top-up MES uses)
mes.py           the MES engine: one run at a given per-voter budget
completion.py    MES completion (add1, add1-nostop)
equal_shares.py  equal_shares: the MES rule with its options and log
rules.py         RuleSpec, spec_from_meta, run_rule
"""

from participation.budgeting.tally.equal_shares import COMPLETIONS, UTILITIES, equal_shares  # noqa: F401
from participation.budgeting.tally.exact import EXACT_BACKEND  # noqa: F401
from participation.budgeting.tally.greedy import greedy  # noqa: F401
from participation.budgeting.tally.result import ProjectSupport, TallyError, TallyResult  # noqa: F401
from participation.budgeting.tally.rules import RuleSpec, run_rule, spec_from_meta  # noqa: F401
