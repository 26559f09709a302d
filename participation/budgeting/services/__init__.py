"""Rules of budget rounds: rounds, projects, feasibility, the electorate and casting ballots.

Services flush and never commit; they raise DomainError subclasses the routes show. Split by
concept, one import for the routes:

- rounds.py      listing and saving rounds with their voting rules, draft <-> published
- projects.py    projects of a round, feasibility review, reviewers
- electorate.py  the census, letter codes, reissuing a lost code
- voters.py      verifying an account as a resident (census details or a letter code)
- voting.py      casting and changing ballots online and on paper, receipts, counts
- rules.py       what they share: domain errors, the audit trail, the voting window

Ballot secrecy and changing a ballot — the trade-off
----------------------------------------------------
A RoundVoter row says that an account is verified as resident X (X = keyed hash of census data;
a letter code is bound to one census entry and stands for that entry's X, so the letter, the
typed details and a paper ballot of one resident all give the same X). A Ballot row holds the
choices and `voter_token` = HMAC(secret, round, X); it has no user id, no timestamp, and no
screen or export joins the two. The unique constraint on (round, voter_token) is what makes the
database refuse a second ballot of the same person across every channel, and the token is also
how a voter's own ballot is found again to change it.
Consequence: someone holding both the database and the platform secret can recompute tokens and
link ballots to residents; without the secret (a database dump, an export, any page) they cannot.
Stronger secrecy (blind signatures, or no changes allowed) would cost the "change until closing"
rule or the one-ballot guarantee across paper and online, which the city wanted more.
"""
from participation.budgeting.services.electorate import (  # noqa: F401
    LetterBatch,
    ReissuedCode,
    census_size,
    generate_letter_codes,
    letter_code_counts,
    reissue_letter_code,
    upload_census,
)
from participation.budgeting.services.projects import (  # noqa: F401
    accepted_ideas,
    appoint_reviewer,
    ballot_projects,
    projects_to_review,
    review_project,
    reviewers_of,
    save_project,
)
from participation.budgeting.services.rounds import (  # noqa: F401
    ROUND_TRANSITIONS,
    change_round_status,
    close_voting,
    rounds_of,
    save_round,
)
from participation.budgeting.services.rules import (  # noqa: F401
    InvalidProject,
    InvalidRound,
    InvalidTransition,
    NotVerified,
    VerificationRefused,
    VotingClosed,
    ballot_count,
    has_voting_closed,
    is_voting_open,
    record_event,
    voting_phase,
)
from participation.budgeting.services.voters import redeem_letter_code, verify_with_census, voter_of  # noqa: F401
from participation.budgeting.services.voting import (  # noqa: F401
    cast_ballot,
    current_choices,
    has_voted,
    participation_counts,
    receipt_is_counted,
    record_paper_ballot,
)
