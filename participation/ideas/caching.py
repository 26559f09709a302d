"""Which changes make a cached idea page stale, and serving anonymous idea pages from core.pagecache.

Scopes:
- a process id (p:<id>) for everything that belongs to one process (its ideas, their supports,
  reactions, images, co-authors and status changes, the process and its phases, moderation of its ideas
  and reactions): the process's idea list depends on it;
- idea_scope(id) (i:<id>) for one idea and its own rows, and process_frame_scope(id) (pi:<id>) for the
  process itself, its phases and moderation within it: an idea page depends on these two only, so a
  support for one idea leaves the other 9,999 pages of a busy process cached;
- GLOBAL for what any page may show (people's names and hidden profiles, themes, districts,
  departments).
The city-wide list depends on pagecache.ALL, which every change bumps.

Only anonymous visitors without pending flash messages get a cached page, with their own CSRF token put
back in; signed-in visitors see personal state (their support, follows, the header) and get a fresh page.
"""
from __future__ import annotations

from datetime import date
from typing import Callable, Iterable

from flask import Response, g, make_response, request, session
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key
from sqlalchemy.sql import operators, visitors
from sqlalchemy.sql.elements import BinaryExpression, BindParameter

from participation.core import pagecache
from participation.core.i18n import may_be_signed_in, select_locale

CACHE_HEADER = "X-Page-Cache"
_CHILD_TABLES = ("supports", "comments", "idea_images", "idea_status_changes", "idea_coauthors")
_GLOBAL_TABLES = ("processes", "phases", "moderation_items", "themes", "districts", "departments", "users")


def _models():
    from participation.accounts.models import User
    from participation.city.models import Department, District, Theme
    from participation.ideas.models import Comment, Idea, IdeaCoauthor, IdeaImage, IdeaStatusChange, Support
    from participation.moderation.models import ModerationItem
    from participation.processes.models import Phase, Process

    return User, (District, Theme, Department), Comment, Idea, IdeaCoauthor, IdeaImage, IdeaStatusChange, Support, ModerationItem, Phase, Process


def idea_scope(idea_id: int) -> str:
    return f"i:{idea_id}"


def process_frame_scope(process_id: int) -> str:
    return f"pi:{process_id}"


def _owner_ids(session: Session, model, ids: set[int], column: str) -> tuple[set[int], bool]:
    """The `column` value (the owning row's id) of each of these rows: from the session when it holds the
    row, else one query. False as the second value when a row is gone meanwhile."""
    found: set[int] = set()
    missing = []
    for row_id in ids:
        row = session.identity_map.get(identity_key(model, row_id))
        owner_id = row.__dict__.get(column) if row is not None else None
        if owner_id is None:
            missing.append(row_id)
        else:
            found.add(owner_id)
    if missing:
        rows = session.connection().execute(select(model.id, getattr(model, column)).where(model.id.in_(missing))).all()
        found.update(owner_id for _id, owner_id in rows)
        return found, len(rows) == len(missing)
    return found, True


def _processes_of(session: Session, idea_ids: set[int]) -> set:
    """The process of each idea, and the idea's own scope."""
    processes, complete = _owner_ids(session, _models()[3], idea_ids, "process_id")
    found: set = {idea_scope(idea_id) for idea_id in idea_ids} | processes
    if not complete:
        found.add(pagecache.GLOBAL)  # an idea deleted meanwhile: do not guess
    return found


def touched_by_objects(session: Session, objects: list) -> set:
    (User, city_models, Comment, Idea, IdeaCoauthor, IdeaImage, IdeaStatusChange, Support, ModerationItem, Phase,
     Process) = _models()
    scopes: set = set()
    idea_ids: set[int] = set()
    comment_ids: set[int] = set()
    for obj in objects:
        if isinstance(obj, Idea):
            scopes.add(obj.__dict__.get("process_id") or pagecache.GLOBAL)
            scopes.add(idea_scope(obj.id) if obj.__dict__.get("id") else pagecache.GLOBAL)
        elif isinstance(obj, (Support, Comment, IdeaImage, IdeaStatusChange, IdeaCoauthor)):
            idea_id = obj.__dict__.get("idea_id")
            if idea_id is None:
                scopes.add(pagecache.GLOBAL)
            else:
                idea_ids.add(idea_id)
        elif isinstance(obj, (Process, Phase)):
            process_id = obj.__dict__.get("id" if isinstance(obj, Process) else "process_id")
            scopes |= {process_id, process_frame_scope(process_id)} if process_id else {pagecache.GLOBAL}
        elif isinstance(obj, ModerationItem):
            object_id = obj.__dict__.get("object_id")
            if obj.kind == "idea" and object_id:
                idea_ids.add(object_id)
            elif obj.kind == "comment" and object_id:
                comment_ids.add(object_id)
            else:
                scopes.add(pagecache.GLOBAL)
        elif isinstance(obj, city_models):
            scopes.add(pagecache.GLOBAL)
        elif isinstance(obj, User) and obj in session.dirty:
            from sqlalchemy import inspect

            if inspect(obj).attrs.display_name.history.has_changes():
                scopes.add(pagecache.GLOBAL)
        elif isinstance(obj, User) and obj in session.deleted:
            scopes.add(pagecache.GLOBAL)
    if comment_ids:  # moderation names a reaction by its own id
        ideas_of_comments, complete = _owner_ids(session, Comment, comment_ids, "idea_id")
        idea_ids |= ideas_of_comments
        if not complete:
            scopes.add(pagecache.GLOBAL)
    if idea_ids:
        scopes |= _processes_of(session, idea_ids)
    return scopes


def _equal_values(whereclause, column_names: set[str]) -> set | None:
    """The values an `<column> == value` / `<column> IN (...)` in the WHERE clause names, else None."""
    if whereclause is None:
        return None
    values: set = set()
    for element in visitors.iterate(whereclause):
        if isinstance(element, BinaryExpression) and getattr(element.left, "name", None) in column_names \
                and isinstance(element.right, BindParameter):
            value = element.right.effective_value
            if element.operator is operators.eq and isinstance(value, int):
                values.add(value)
            elif element.operator is operators.in_op and isinstance(value, (list, tuple)):
                values.update(v for v in value if isinstance(v, int))
    return values or None


def touched_by_statement(session: Session, statement) -> set | None:
    table = getattr(statement, "table", None)
    name = getattr(table, "name", None)
    if name == "ideas" or name in _CHILD_TABLES:
        idea_ids = _equal_values(getattr(statement, "whereclause", None), {"id"} if name == "ideas" else {"idea_id"})
        return _processes_of(session, idea_ids) if idea_ids else {pagecache.GLOBAL}
    if name in _GLOBAL_TABLES:
        return {pagecache.GLOBAL}
    return None


def register() -> None:
    pagecache.watch_changes(objects=touched_by_objects, statements=touched_by_statement)


# --- Serving ------------------------------------------------------------------------------------


def _cacheable_visit() -> bool:
    if request.method != "GET" or session.get("_flashes"):
        return False
    return not may_be_signed_in() or not current_user.is_authenticated


def anonymous_page(parts: tuple, render: Callable[[], tuple[str, int]], scopes: Callable[[], Iterable]) -> Response:
    """Serve the page from the cache for an anonymous visitor, or render it (and keep it when it is a 200).

    `scopes` is asked after rendering (the idea names its process); the ALL version read before rendering
    proves that nothing changed meanwhile, otherwise the page is not kept."""
    cache = pagecache.get_cache()
    if cache is None or not _cacheable_visit():
        html, status = render()
        return make_response(html, status)
    token = pagecache.visitor_csrf_token()
    # The language as Babel would pick it (select_locale is Babel's selector), without parsing it.
    key = pagecache.page_key(*parts, select_locale(), request.full_path, date.today().isoformat())
    text = cache.get(key)
    if text is not None:
        response = make_response(pagecache.with_csrf(text, token))
        response.headers[CACHE_HEADER] = "hit"
        return response
    before = cache.stamp([pagecache.ALL])
    html, status = render()
    response = make_response(html, status)
    response.headers[CACHE_HEADER] = "miss"
    if status == 200 and before is not None:
        stamp = cache.stamp([pagecache.ALL, *scopes()])
        if stamp is not None and stamp.pop(pagecache.ALL) == before[pagecache.ALL]:
            cache.put(key, stamp or {pagecache.ALL: before[pagecache.ALL]}, pagecache.csrf_free(html, token))
    g.page_cache = response.headers[CACHE_HEADER]
    return response
