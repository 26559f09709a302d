"""Read and write participatory-budgeting elections in the Pabulib ``.pb`` format.

A ``.pb`` file has three sections, each a title line (``META``, ``PROJECTS``,
``VOTES``) followed by a ``;``-separated header row and data rows; fields that
contain ``;`` or ``"`` are quoted CSV-style (see pabulib.org/format).

Parsing keeps what a tally needs and nothing that identifies a voter: voter ids
and voter metadata (age, sex, ...) are read only to count ballots, and identical
ballots are merged into :class:`BallotGroup` objects with a multiplicity. That
merge is what makes tallying a city-wide vote (Łódź 2022: 90,494 ballots,
23,571 distinct) fast.

Modules: election.py (the data types and exact numbers), reading.py (parse and load), writing.py (dump and write).
"""

from participation.budgeting.pabulib.election import (  # noqa: F401
    APPROVAL_TYPES,
    ORDINAL_TYPES,
    POINTS_TYPES,
    VOTE_TYPES,
    BallotGroup,
    Election,
    Number,
    ParseError,
    Project,
    format_number,
    parse_number,
)
from participation.budgeting.pabulib.reading import load_election, parse_election  # noqa: F401
from participation.budgeting.pabulib.writing import dump_election, write_election  # noqa: F401
