"""Flask extensions, created unbound and initialised in create_app()."""
from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from participation.core import municipalities
from participation.core.inputs import db_int

# Named constraints, so migrations can drop and alter them on PostgreSQL and SQLite alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Database(SQLAlchemy):
    def paginate(self, select: Any, *, page: int | None = None, **options: Any):
        # Flask-SQLAlchemy reads ?page= itself without an upper bound; a page past what an id column
        # holds would overflow the OFFSET on SQLite. Out of range or not a number: the first page.
        if page is None and has_request_context():
            page = request.args.get("page", 1, type=db_int)
        return super().paginate(select, page=page, **options)

    @property
    def engines(self):
        # Several municipalities: the chosen one's own database, and none at all when none is chosen.
        app = current_app._get_current_object()
        pool = app.extensions.get("municipal_engines")
        if pool is None:
            return super().engines
        chosen = municipalities.current()
        if chosen is None:
            raise municipalities.NoMunicipalityChosen(
                "No municipality chosen: serve a registered host, pass --municipality or use municipalities.using()"
            )
        return pool.for_municipality(chosen)


def remote_address() -> str:
    """Flask-Limiter's key: the client's address, within the municipality being served."""
    return municipalities.key(get_remote_address())


db = Database(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=remote_address)
