"""Reading ideas: lists with filters, search, sorting and pages; the idea page; similar ideas; GeoJSON.

Each page needs a fixed number of queries whatever the amount of data (see tests/ideas/test_queries.py).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BigInteger, and_, cast, exists, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from participation.extensions import db
from participation.ideas import states
from participation.ideas.models import Comment, Idea, IdeaCoauthor, IdeaFollow, ProcessFollow, Support
from participation.ideas.search import escape_like, keywords, search_terms, similarity
from participation.moderation.queries import hidden_clause
from participation.processes.models import Process

SORTS = ("newest", "supported", "discussed", "random")
RANDOM_PRIME = 1_000_003
PER_PAGE = 20


@dataclass
class IdeaFilters:
    process_id: int | None = None
    theme_id: int | None = None
    district_id: int | None = None
    status: str | None = None
    language: str | None = None  # the language the ideas are written in
    query: str = ""
    sort: str = "newest"
    page: int = 1
    per_page: int = PER_PAGE
    seed: int = 1


@dataclass
class Page:
    """The same attributes as Flask-SQLAlchemy's Pagination, so the shared pager macro works; plus, for
    the page's ideas, which ones the visitor supports and whose author moderation hides."""

    items: list
    total: int
    page: int
    per_page: int
    supported: set[int] = field(default_factory=set)
    hidden_profiles: set[int] = field(default_factory=set)
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, math.ceil(self.total / self.per_page)) if self.total else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def text_match(terms: list[str]):
    """Every term must occur in the normalised search_text, as a substring ("fiets" finds "fietspad").

    The same LIKE on SQLite and PostgreSQL: on PostgreSQL a scan of 20,000 rows takes milliseconds,
    whereas to_tsvector() per row without an expression index (which the models cannot describe
    portably, so the migration parity check would refuse it) takes half a second.
    """
    return and_(*[Idea.search_text.like(f"%{escape_like(term)}%", escape="\\") for term in terms])


def _conditions(filters: IdeaFilters) -> list:
    """Public ideas matching the filters. City-wide lists also leave out draft processes (a join);
    a process's own list does not need it: the route only shows it when the process is visible."""
    conditions: list[Any] = [] if filters.process_id else [Process.status != "draft"]
    if filters.status in states.PUBLIC_STATUSES:
        conditions.append(Idea.status == filters.status)
    else:
        conditions.append(Idea.status.in_(states.PUBLIC_STATUSES))
    if filters.process_id:
        conditions.append(Idea.process_id == filters.process_id)
    if filters.theme_id:
        conditions.append(Idea.theme_id == filters.theme_id)
    if filters.district_id:
        conditions.append(Idea.district_id == filters.district_id)
    if filters.language:
        conditions.append(Idea.language == filters.language)
    terms = search_terms(filters.query)
    if terms:
        conditions.append(text_match(terms))
    return conditions


def _with_process_join(statement, filters: IdeaFilters):
    return statement if filters.process_id else statement.join(Idea.process)


def _ordering(filters: IdeaFilters) -> list:
    if filters.sort == "supported":
        return [Idea.support_count.desc(), Idea.id.desc()]
    if filters.sort == "discussed":
        return [Idea.comment_count.desc(), Idea.id.desc()]
    if filters.sort == "random":
        # A shuffle that stays the same for one visitor (the seed lives in their session) on every page.
        return [(cast(Idea.id, BigInteger) * filters.seed) % RANDOM_PRIME, Idea.id]
    return [Idea.created_at.desc(), Idea.id.desc()]


def find_ideas(filters: IdeaFilters, viewer=None) -> Page:
    """One count query and one query for the page's ideas with their theme, district and author (and
    process, city-wide), whether moderation hides the author's profile and whether `viewer` supports them."""
    conditions = _conditions(filters)
    total = db.session.scalar(_with_process_join(select(func.count()).select_from(Idea), filters).where(*conditions)) or 0
    page_number = max(1, filters.page)
    options = [joinedload(Idea.theme), joinedload(Idea.district), joinedload(Idea.author)]
    if not filters.process_id:
        options.append(contains_eager(Idea.process))
    columns = [Idea, hidden_clause("profile", Idea.author_id).label("author_hidden")]
    if getattr(viewer, "is_authenticated", False):
        columns.append(exists().where(Support.idea_id == Idea.id, Support.user_id == viewer.id).label("supported"))
    ordering = _ordering(filters)
    page_of = lambda statement: statement.order_by(*ordering).limit(filters.per_page).offset((page_number - 1) * filters.per_page)  # noqa: E731
    if filters.sort == "random":
        # No index can hold a per-visitor order: shuffle the ids alone (an index-only scan), then load 20 ideas.
        page_ids = page_of(_with_process_join(select(Idea.id), filters).where(*conditions)).scalar_subquery()
        statement = _with_process_join(select(*columns), filters).where(Idea.id.in_(page_ids)).options(*options).order_by(*ordering)
    else:
        statement = page_of(_with_process_join(select(*columns), filters).where(*conditions).options(*options))
    rows = db.session.execute(statement).all()
    return Page(
        items=[row[0] for row in rows],
        total=total,
        page=page_number,
        per_page=filters.per_page,
        supported={row[0].id for row in rows if len(row) > 2 and row[2]},
        hidden_profiles={row[0].author_id for row in rows if row[1] and row[0].author_id},
    )


def supported_idea_ids(user, idea_ids: list[int]) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not idea_ids:
        return set()
    return set(db.session.scalars(select(Support.idea_id).where(Support.user_id == user.id, Support.idea_id.in_(idea_ids))))


def get_process_for_ideas(slug: str) -> Process | None:
    """The process with its phases in one query (the idea pages need its current phase, not its themes)."""
    return db.session.scalar(select(Process).where(Process.slug == slug).options(joinedload(Process.phases)))


def get_idea(idea_id: int) -> Idea | None:
    return db.session.get(Idea, idea_id)


def get_idea_for_page(idea_id: int) -> Idea | None:
    return db.session.scalar(_idea_page_statement(idea_id, []))


def _idea_page_statement(idea_id: int, columns: list):
    return (
        select(Idea, *columns)
        .where(Idea.id == idea_id)
        .options(
            joinedload(Idea.process).joinedload(Process.phases),
            joinedload(Idea.author),
            joinedload(Idea.theme),
            joinedload(Idea.district),
            selectinload(Idea.images),
            selectinload(Idea.status_changes),
        )
    )


@dataclass(frozen=True)
class ViewerState:
    has_supported: bool = False
    follows_idea: bool = False
    follows_process: bool = False


@dataclass
class IdeaPage:
    """Everything the idea page shows, in a fixed number of queries (see idea_page)."""

    idea: Idea
    viewer: ViewerState
    comments: list[tuple[Comment, list[Comment]]]
    hidden_comments: set[int]
    hidden_profiles: set[int]


def idea_page(idea_id: int, viewer) -> IdeaPage | None:
    """The idea with its process, phases, author, theme, district, whether moderation hides the author and
    what the visitor supports and follows in one query; images, status timeline, co-authors (with hidden
    profiles) and reactions (with what moderation hides) in one query each."""
    columns = [hidden_clause("profile", Idea.author_id)]
    signed_in = getattr(viewer, "is_authenticated", False)
    if signed_in:
        columns += [
            exists().where(Support.idea_id == Idea.id, Support.user_id == viewer.id),
            exists().where(IdeaFollow.idea_id == Idea.id, IdeaFollow.user_id == viewer.id),
            exists().where(ProcessFollow.process_id == Idea.process_id, ProcessFollow.user_id == viewer.id),
        ]
    row = db.session.execute(_idea_page_statement(idea_id, columns)).first()
    if row is None:
        return None
    idea = row[0]
    hidden_profiles = {idea.author_id} if row[1] and idea.author_id else set()
    coauthors = db.session.execute(
        select(IdeaCoauthor, hidden_clause("profile", IdeaCoauthor.user_id))
        .where(IdeaCoauthor.idea_id == idea.id)
        .options(joinedload(IdeaCoauthor.user))
        .order_by(IdeaCoauthor.id)
    ).all()
    set_committed_value(idea, "coauthors", [co for co, _hidden in coauthors])
    hidden_profiles |= {co.user_id for co, hidden in coauthors if hidden and co.user_id}
    comments, hidden_comments, hidden_authors = _comments_with_moderation(idea)
    return IdeaPage(
        idea=idea,
        viewer=ViewerState(*(bool(value) for value in row[2:5])) if signed_in else ViewerState(),
        comments=comments,
        hidden_comments=hidden_comments,
        hidden_profiles=hidden_profiles | hidden_authors,
    )


def _comments_with_moderation(idea: Idea):
    """Top-level reactions, oldest first, each with its replies, and which reactions and authors moderation
    hides: one query."""
    rows = db.session.execute(
        select(Comment, hidden_clause("comment", Comment.id), hidden_clause("profile", Comment.author_id))
        .where(Comment.idea_id == idea.id)
        .options(joinedload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
    ).all()
    replies: dict[int, list[Comment]] = {}
    for comment, _hidden, _author_hidden in rows:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    comments = [(comment, replies.get(comment.id, [])) for comment, _h, _a in rows if comment.parent_id is None]
    hidden = {comment.id for comment, is_hidden, _a in rows if is_hidden}
    hidden_authors = {comment.author_id for comment, _h, author_hidden in rows if author_hidden and comment.author_id}
    return comments, hidden, hidden_authors


def comments_of(idea: Idea) -> list[tuple[Comment, list[Comment]]]:
    """Top-level comments, oldest first, each with its replies: one query."""
    return _comments_with_moderation(idea)[0]


def follows_process(process: Process, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(db.session.scalar(select(exists().where(ProcessFollow.process_id == process.id, ProcessFollow.user_id == user.id))))


def similar_ideas(process: Process, text: str, *, exclude_id: int | None = None, limit: int = 5) -> list[tuple[Idea, float]]:
    """Published ideas of the same process sharing the most words with `text`, best first.

    Candidates come from one LIKE query on the longest keywords (portable); the ranking by shared
    keywords happens here.
    """
    wanted = keywords(text)
    if not wanted:
        return []
    probe = sorted(wanted, key=len, reverse=True)[:6]
    statement = (
        select(Idea)
        .where(
            Idea.process_id == process.id,
            Idea.status.in_(states.PUBLIC_STATUSES),
            or_(*[Idea.search_text.like(f"%{escape_like(word)}%", escape="\\") for word in probe]),
        )
        .order_by(Idea.support_count.desc())
        .limit(300)
    )
    if exclude_id:
        statement = statement.where(Idea.id != exclude_id)
    scored = [(idea, similarity(wanted, keywords(idea.search_text))) for idea in db.session.scalars(statement)]
    scored = [(idea, score) for idea, score in scored if score >= 0.1]
    scored.sort(key=lambda pair: (-pair[1], -pair[0].support_count))
    return scored[:limit]


def geojson_rows(filters: IdeaFilters, limit: int = 5000) -> list:
    """Published ideas with a location, as plain rows for the GeoJSON feed: one query."""
    conditions = _conditions(filters) + [Idea.latitude.is_not(None), Idea.longitude.is_not(None)]
    statement = (
        select(Idea.id, Idea.title, Idea.latitude, Idea.longitude, Idea.support_count, Idea.comment_count, Idea.status)
        .select_from(Idea)
        .where(*conditions)
        .order_by(Idea.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(_with_process_join(statement, filters)))


def versions_of(idea: Idea) -> list:
    from participation.ideas.models import IdeaVersion

    return list(
        db.session.scalars(
            select(IdeaVersion).where(IdeaVersion.idea_id == idea.id).options(joinedload(IdeaVersion.edited_by)).order_by(IdeaVersion.number.desc())
        )
    )
