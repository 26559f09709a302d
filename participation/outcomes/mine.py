""""Mijn inspraak": everything one citizen contributed, with what became of it. A query or two per section.

Ballot secrecy: a ballot carries no user id (see participation.budgeting.services). This page only
asks *whether* a ballot exists under the voter's own token, the same check the ballot page makes to
let them change it; it never reads the choices, and receipt codes are not stored (only their hash).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from participation.budgeting import eligibility
from participation.budgeting.models import Ballot, BudgetRound, RoundVoter
from participation.crowdfunding.models import Campaign, Pledge
from participation.extensions import db
from participation.ideas import states
from participation.ideas.models import Comment, Idea, IdeaCoauthor, IdeaStatusChange, Support
from participation.moderation.services import notices_for
from participation.outcomes.queries import latest_official_responses

SECTION_LIMIT = 25


@dataclass
class Section:
    """The newest rows of one kind of contribution, and how many there are in all."""

    rows: list
    total: int

    @property
    def is_capped(self) -> bool:
        return self.total > len(self.rows)


@dataclass(frozen=True)
class IdeaRow:
    idea: Idea
    response: IdeaStatusChange | None
    notice: dict | None = None  # why moderation keeps it from the public (moderation_notice in the template)


@dataclass(frozen=True)
class CommentRow:
    comment_id: int
    created_at: datetime
    body: str
    idea_id: int
    idea_title: str
    idea_status: str
    notice: dict | None = None  # moderation keeps it from the public (the author still sees it here), and why

    @property
    def is_hidden(self) -> bool:
        return self.notice is not None


@dataclass(frozen=True)
class SupportRow:
    created_at: datetime
    idea_id: int
    idea_title: str
    idea_status: str


@dataclass(frozen=True)
class BallotRow:
    round: BudgetRound
    verified_at: datetime
    has_voted: bool


@dataclass(frozen=True)
class PledgeRow:
    pledge_id: int
    created_at: datetime
    amount_cents: int
    status: str
    campaign_id: int
    campaign_title: str


@dataclass
class MyParticipation:
    ideas: Section
    comments: Section
    supports: Section
    ballots: Section
    pledges: Section = field(default_factory=lambda: Section([], 0))


def _count(statement) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0


def _my_idea_condition(user):
    coauthored = select(IdeaCoauthor.idea_id).where(IdeaCoauthor.user_id == user.id, IdeaCoauthor.accepted_at.is_not(None))
    return or_(Idea.author_id == user.id, Idea.id.in_(coauthored))


def _visible_to(user):
    """Someone else's idea that is no longer public (hidden, awaiting moderation) is not named."""
    return or_(Idea.status.in_(states.PUBLIC_STATUSES), _my_idea_condition(user))


def my_ideas(user, limit: int = SECTION_LIMIT) -> Section:
    statement = select(Idea).where(_my_idea_condition(user))
    ideas = list(
        db.session.scalars(statement.options(selectinload(Idea.process)).order_by(Idea.created_at.desc(), Idea.id.desc()).limit(limit))
    )
    responses = latest_official_responses([idea.id for idea in ideas])
    notices = notices_for("idea", [idea.id for idea in ideas])
    return Section([IdeaRow(idea, responses.get(idea.id), notices.get(idea.id)) for idea in ideas], _count(statement))


def my_comments(user, limit: int = SECTION_LIMIT) -> Section:
    statement = (
        select(Comment.id, Comment.created_at, Comment.body, Idea.id, Idea.title, Idea.status)
        .join(Idea, Comment.idea_id == Idea.id)
        .where(Comment.author_id == user.id, Comment.is_deleted.is_(False), _visible_to(user))
    )
    rows = db.session.execute(statement.order_by(Comment.created_at.desc(), Comment.id.desc()).limit(limit)).all()
    notices = notices_for("comment", [row[0] for row in rows])
    return Section([CommentRow(*row, notice=notices.get(row[0])) for row in rows], _count(statement))


def my_supports(user, limit: int = SECTION_LIMIT) -> Section:
    statement = (
        select(Support.created_at, Idea.id, Idea.title, Idea.status)
        .join(Idea, Support.idea_id == Idea.id)
        .where(Support.user_id == user.id, _visible_to(user))
    )
    rows = db.session.execute(statement.order_by(Support.created_at.desc(), Support.id.desc()).limit(limit)).all()
    return Section([SupportRow(*row) for row in rows], _count(statement))


def my_ballots(user, limit: int = SECTION_LIMIT) -> Section:
    """Rounds the user was verified for, and whether a ballot exists under their token. Never the choices."""
    statement = select(RoundVoter, BudgetRound).join(BudgetRound, RoundVoter.round_id == BudgetRound.id).where(RoundVoter.user_id == user.id)
    rows = db.session.execute(
        statement.options(selectinload(BudgetRound.process)).order_by(RoundVoter.verified_at.desc(), RoundVoter.id.desc()).limit(limit)
    ).all()
    tokens = {(round_.id, eligibility.voter_token(round_.id, voter.identity_key)) for voter, round_ in rows}
    voted: set[int] = set()
    if tokens:
        found = db.session.execute(
            select(Ballot.round_id, Ballot.voter_token).where(Ballot.voter_token.in_(sorted(token for _, token in tokens)))
        ).all()
        voted = {round_id for round_id, token in found if (round_id, token) in tokens}
    return Section([BallotRow(round_, voter.verified_at, round_.id in voted) for voter, round_ in rows], _count(statement))


def my_pledges(user, limit: int = SECTION_LIMIT) -> Section:
    statement = (
        select(Pledge.id, Pledge.created_at, Pledge.amount_cents, Pledge.status, Campaign.id, Campaign.title)
        .join(Campaign, Pledge.campaign_id == Campaign.id)
        .where(Pledge.backer_id == user.id)
    )
    rows = db.session.execute(statement.order_by(Pledge.created_at.desc(), Pledge.id.desc()).limit(limit)).all()
    return Section([PledgeRow(*row) for row in rows], _count(statement))


def my_participation(user) -> MyParticipation:
    return MyParticipation(
        ideas=my_ideas(user),
        comments=my_comments(user),
        supports=my_supports(user),
        ballots=my_ballots(user),
        pledges=my_pledges(user),
    )
