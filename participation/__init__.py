"""Stadslab: a citizen participation platform. create_app() builds the Flask application."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask
from flask_babel import get_locale
from sqlalchemy import event
from sqlalchemy.engine import Engine

from config import CONFIGS, INSTANCE_DIR, ProductionConfig
from participation.core.application import Stadslab
from participation.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: str | type | None = "default", **overrides) -> Flask:
    config_class = CONFIGS[config] if isinstance(config, str) else (config or CONFIGS["default"])
    if config_class is ProductionConfig:
        ProductionConfig.check()
    app = Stadslab(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(INSTANCE_DIR),
        instance_relative_config=False,
    )
    app.config.from_object(config_class)
    from participation.core.catalogues import translation_directories

    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(translation_directories())
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    from participation.core import inputs

    inputs.install(app)  # bounded ids, no control characters: before any route exists

    _init_extensions(app)
    _register_blueprints(app)
    _register_request_hooks(app)
    _register_templates(app)
    _register_cli(app)
    return app


def _init_extensions(app: Flask) -> None:
    from participation.accounts.sessions import load_user_from_session
    from participation.core.i18n import select_locale, select_timezone

    db.init_app(app)
    from participation.core import registry

    registry.init_app(app, db)  # several municipalities when MUNICIPALITIES_DATABASE_URL is set
    # render_as_batch: SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user_from_session)
    from participation.core import pagecache

    pagecache.init_app(app)
    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please log in to continue.")
    login_manager.needs_refresh_message = _l("Please log in again to continue.")


@event.listens_for(Engine, "connect")
def _sqlite_connection_setup(dbapi_connection, connection_record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        # Enforce foreign keys, and let SQLAlchemy control transactions so SAVEPOINTs work.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")


def _register_blueprints(app: Flask) -> None:
    from participation.accounts import bp as accounts_bp
    from participation.budgeting import bp as budgeting_bp
    from participation.city import bp as city_bp
    from participation.core.media import bp as media_bp
    from participation.crowdfunding import bp as crowdfunding_bp
    from participation.feedback import bp as feedback_bp
    from participation.ideas import bp as ideas_bp
    from participation.moderation import bp as moderation_bp
    from participation.municipality import bp as municipality_bp
    from participation.outcomes import bp as outcomes_bp
    from participation.privacy import bp as privacy_bp
    from participation.processes import bp as processes_bp

    app.register_blueprint(processes_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(crowdfunding_bp)
    app.register_blueprint(ideas_bp)
    app.register_blueprint(budgeting_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(outcomes_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(city_bp)
    app.register_blueprint(municipality_bp)
    app.register_blueprint(privacy_bp)


def _register_request_hooks(app: Flask) -> None:
    from participation.core.errors import register_error_handlers
    from participation.core.security import register_security_headers
    from participation.core.transactions import register_request_transaction

    register_request_transaction(app)
    register_security_headers(app)
    register_error_handlers(app)


def _register_templates(app: Flask) -> None:
    from participation.core.forms import counter_attributes
    from participation.core.i18n import LANGUAGE_NAMES, localized
    from participation.core.text import render_rich
    from participation.core.translated import in_language, lang_attribute, lang_text, written_lang
    from participation.core import formatting
    from participation.core.maps import leaflet_tile_url

    app.jinja_env.filters["rich"] = render_rich
    app.jinja_env.filters["date"] = formatting.format_day
    app.jinja_env.filters["number"] = formatting.format_number
    app.jinja_env.filters["datetime"] = formatting.format_moment
    app.jinja_env.globals["localized"] = localized
    app.jinja_env.globals.update(
        in_language=in_language, lang_attribute=lang_attribute, lang_text=lang_text, written_lang=written_lang
    )
    app.jinja_env.globals["leaflet_tile_url"] = leaflet_tile_url
    app.jinja_env.globals["counter_attributes"] = counter_attributes

    @app.context_processor
    def inject_site() -> dict:
        return {
            "language_names": LANGUAGE_NAMES,
            "current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
        }


def _register_cli(app: Flask) -> None:
    from participation.accounts.cli import create_admin_command
    from participation.city.cli import city_cli
    from participation.crowdfunding.cli import crowdfunding_cli
    from participation.demo.cli import demo_command

    app.cli.add_command(demo_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(crowdfunding_cli)
    app.cli.add_command(city_cli)
    # The moderated kinds (profile, ideas, comments, campaigns...) are registered here, above both
    # moderation and the features it moderates, so the moderation package never imports them.
    from participation.moderation.cli import moderation_cli
    from participation.moderation.kinds import register_builtin_kinds

    register_builtin_kinds()
    app.cli.add_command(moderation_cli)
    from participation.notifications import init_app as init_notifications

    init_notifications(app)  # the bell, /meldingen, unsubscribe links and `flask notifications digest`
    from participation.outcomes import init_app as init_outcomes

    init_outcomes(app)  # `flask outcomes remind-overdue`
    from participation.budgeting import init_app as init_budgeting

    init_budgeting(app)  # `flask budgeting tally`
    from participation.municipality import init_app as init_municipality

    init_municipality(app)  # the profile for every template (name, logo, colours) and `flask setup`
    from participation.privacy import init_app as init_privacy

    init_privacy(app)  # the notice of a changed privacy statement, and no contributions until accepted
    from participation.core.municipal_cli import municipalities_cli, wrap_commands

    app.cli.add_command(municipalities_cli)
    wrap_commands(app.cli)  # --municipality on every command; with a registry, one run per municipality
