"""Configuration classes. Every setting can be overridden by an environment variable of the same name."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_hosts(name: str, public_base_url: str) -> list[str]:
    """Comma-separated host names from the environment, or else the host of the public address."""
    hosts = [host.strip() for host in os.environ.get(name, "").split(",") if host.strip()]
    return hosts or [urlsplit(public_base_url).hostname or "localhost"]


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


class Config:
    """Default configuration: the embedded SQLite database, mail written to the log."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'stadslab.sqlite'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024  # whole request; each image is checked against its own 5 MB limit

    # Sessions and cookies: no JavaScript access, not sent on cross-site POSTs.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session: a long form is not lost to a timeout
    # werkzeug's scrypt at its default cost (n=2**15): slow on purpose against guessing.
    PASSWORD_HASH_METHOD = os.environ.get("PASSWORD_HASH_METHOD", "scrypt")

    # Languages: Dutch is the city's default.
    LANGUAGES = ("nl", "fr", "en")
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Brussels"

    # Rate limits: memory by default, Redis when several instances must share them.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # Login, registration, password reset and confirmation mails (accounts.limits): per typed address
    # (mails to one person; wrong passwords for one account have their progressive lock on top, see
    # LOGIN_LOCK_*) and, higher, per IP address, as a library or school computer is shared by many.
    AUTH_ACCOUNT_RATE_LIMIT = os.environ.get("AUTH_ACCOUNT_RATE_LIMIT", "5 per minute;20 per hour")
    AUTH_IP_RATE_LIMIT = os.environ.get("AUTH_IP_RATE_LIMIT", "60 per minute;600 per hour")

    REDIS_URL = os.environ.get("REDIS_URL")

    # Cache for rendered public pages (core.pagecache): shared through Redis when CACHE_REDIS_URL or
    # REDIS_URL is set (needed as soon as there is more than one worker), in-process otherwise.
    PAGE_CACHE_ENABLED = _env_bool("PAGE_CACHE_ENABLED", True)
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL")
    PAGE_CACHE_TTL = _env_int("PAGE_CACHE_TTL", 300)
    # With Redis: how long a process trusts a page it just read (another instance's change shows within it).
    PAGE_CACHE_NEAR_SECONDS = float(os.environ.get("PAGE_CACHE_NEAR_SECONDS", "1"))

    # Mail: SMTP when MAIL_SERVER is set, otherwise written to the log (always kept in the outbox table).
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Stadslab <noreply@stadslab.example>")

    # Payments (crowdfunding). Without keys card pledges are disabled.
    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY")
    STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY")
    STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET")
    STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE")  # e.g. a local fake Stripe server in tests
    STRIPE_JS_URL = os.environ.get("STRIPE_JS_URL", "https://js.stripe.com/v3/")
    # Crowdfunding: pledge limits in cents, days a backer gets to fix a failed charge, the city's account.
    PLEDGE_MIN_CENTS = _env_int("PLEDGE_MIN_CENTS", 100)
    PLEDGE_MAX_CENTS = _env_int("PLEDGE_MAX_CENTS", 1_000_000)
    PAYMENT_GRACE_DAYS = _env_int("PAYMENT_GRACE_DAYS", 7)
    CROWDFUNDING_IBAN = os.environ.get("CROWDFUNDING_IBAN", "BE68 5390 0754 7034")

    # Keys the hashes that identify residents in budget rounds (census, letter codes, paper ballots).
    # Keep it stable for the life of a round: changing it makes every stored identity unrecognisable.
    BUDGETING_IDENTITY_SECRET = os.environ.get("BUDGETING_IDENTITY_SECRET")

    # Per-account limit on wrong passwords (accounts.lockout), shared by every instance through the
    # database: after LOGIN_LOCK_THRESHOLD failures with no more than LOGIN_LOCK_WINDOW_MINUTES between
    # them, the address is locked for LOGIN_LOCK_MINUTES, doubling with each further failure up to the cap.
    LOGIN_LOCK_THRESHOLD = _env_int("LOGIN_LOCK_THRESHOLD", 5)
    LOGIN_LOCK_WINDOW_MINUTES = _env_int("LOGIN_LOCK_WINDOW_MINUTES", 15)
    LOGIN_LOCK_MINUTES = _env_int("LOGIN_LOCK_MINUTES", 1)
    LOGIN_LOCK_MAX_MINUTES = _env_int("LOGIN_LOCK_MAX_MINUTES", 60)

    # Two-step verification (accounts.two_factor): required for moderators, staff and admins before any
    # back-office page when on (on by default in production); codes tried per account at the second step.
    STAFF_REQUIRE_2FA = _env_bool("STAFF_REQUIRE_2FA", False)
    TWO_FACTOR_RATE_LIMIT = os.environ.get("TWO_FACTOR_RATE_LIMIT", "5 per minute;20 per hour")

    # Token lifetimes (seconds).
    EMAIL_VERIFICATION_MAX_AGE = 7 * 24 * 3600
    PASSWORD_RESET_MAX_AGE = 2 * 3600

    # The maps' background tiles (Leaflet): an XYZ template or a Web Mercator WMTS one (core.maps), the
    # credit line and the deepest zoom the server has. The CSP's img-src allows the URL's origin; list
    # further origins in MAP_TILE_ORIGINS (space separated). District boundaries are drawn without tiles.
    MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
    MAP_TILE_MAX_ZOOM = _env_int("MAP_TILE_MAX_ZOOM", 19)
    MAP_TILE_ORIGINS = [o for o in os.environ.get("MAP_TILE_ORIGINS", "").split() if o]
    MAP_CENTER = (51.0543, 3.7174)  # Gent
    MAP_ZOOM = 13

    # Moderation: distinct reports that hide an item pending review, words and new accounts that need
    # pre-moderation, and posting rate limits (per user and per IP address) for ideas, comments, campaigns.
    REPORT_HIDE_THRESHOLD = _env_int("REPORT_HIDE_THRESHOLD", 3)
    MODERATION_WORD_LIST = [w.strip() for w in os.environ.get("MODERATION_WORD_LIST", "").split(",") if w.strip()]
    NEW_ACCOUNT_DAYS = _env_int("NEW_ACCOUNT_DAYS", 7)
    REPEATED_POST_WINDOW_HOURS = _env_int("REPEATED_POST_WINDOW_HOURS", 24)
    POSTING_RATE_LIMIT = os.environ.get("POSTING_RATE_LIMIT", "5 per minute;30 per hour")
    POSTING_IP_RATE_LIMIT = os.environ.get("POSTING_IP_RATE_LIMIT", "20 per minute;200 per hour")
    # Staff post in their own budget (answers to many reactions), and paper ideas typed in by staff in
    # another one (moderation.antiabuse says what each limit protects against).
    STAFF_POSTING_RATE_LIMIT = os.environ.get("STAFF_POSTING_RATE_LIMIT", "30 per minute;500 per hour")
    OFFLINE_ENTRY_RATE_LIMIT = os.environ.get("OFFLINE_ENTRY_RATE_LIMIT", "30 per minute;1000 per hour")

    # The site's address (scheme, host, optional path prefix): every absolute link is built from it,
    # never from the request's Host header (core.application), also in commands and jobs.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://localhost")

    # Feedback: days a published idea may wait for an official response before it is overdue
    # (responsiveness dashboard, reminder mails of `flask outcomes remind-overdue`).
    OUTCOMES_RESPONSE_DAYS = _env_int("OUTCOMES_RESPONSE_DAYS", 14)

    # Several municipalities on one installation (core.registry): the control database that lists them.
    # Unset: one municipality, configured by the settings above. Each process rereads the list every
    # MUNICIPALITIES_REFRESH_SECONDS; a municipality's engine idle for MUNICIPALITIES_IDLE_SECONDS is closed.
    MUNICIPALITIES_DATABASE_URL = os.environ.get("MUNICIPALITIES_DATABASE_URL")
    MUNICIPALITIES_REFRESH_SECONDS = float(os.environ.get("MUNICIPALITIES_REFRESH_SECONDS", "30"))
    MUNICIPALITIES_IDLE_SECONDS = float(os.environ.get("MUNICIPALITIES_IDLE_SECONDS", "300"))

    # Privacy: how long each kind of personal data is kept (privacy.retention reads these, for the
    # privacy page and the purge job). Cookie names are Flask's and Flask-Login's settings, named here.
    SESSION_COOKIE_NAME = os.environ.get("SESSION_COOKIE_NAME", "session")
    REMEMBER_COOKIE_NAME = os.environ.get("REMEMBER_COOKIE_NAME", "remember_token")
    PRIVACY_UNVERIFIED_ACCOUNT_DAYS = _env_int("PRIVACY_UNVERIFIED_ACCOUNT_DAYS", 30)
    PRIVACY_OUTBOX_DAYS = _env_int("PRIVACY_OUTBOX_DAYS", 90)
    PRIVACY_SIGN_IN_HISTORY_MONTHS = _env_int("PRIVACY_SIGN_IN_HISTORY_MONTHS", 12)
    PRIVACY_EXPORT_DAYS = _env_int("PRIVACY_EXPORT_DAYS", 7)
    PRIVACY_INACTIVE_ACCOUNT_YEARS = _env_int("PRIVACY_INACTIVE_ACCOUNT_YEARS", 3)

    CITY_NAME = os.environ.get("CITY_NAME", "Gent")
    PLATFORM_NAME = os.environ.get("PLATFORM_NAME", "Stadslab")


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite:///:memory:")
    MUNICIPALITIES_DATABASE_URL = None  # tests of several municipalities set it themselves
    WTF_CSRF_ENABLED = False  # tests that check CSRF switch it back on explicitly
    AUTH_ACCOUNT_RATE_LIMIT = "1000 per minute"
    AUTH_IP_RATE_LIMIT = "1000 per minute"
    POSTING_RATE_LIMIT = "1000 per minute"
    POSTING_IP_RATE_LIMIT = "1000 per minute"
    STAFF_POSTING_RATE_LIMIT = "1000 per minute"
    OFFLINE_ENTRY_RATE_LIMIT = "1000 per minute"
    MAIL_SERVER = None
    SERVER_NAME = "localhost"
    # The suite creates thousands of accounts; the full cost made hashing a third of its time.
    # Same algorithm, so verification and the stored format are tested as in production.
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
    LOGIN_LOCK_THRESHOLD = 1000  # tests of the per-account limit set small values themselves


class ProductionConfig(Config):
    STAFF_REQUIRE_2FA = _env_bool("STAFF_REQUIRE_2FA", True)
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    PREFERRED_URL_SCHEME = "https"
    # Requests for any other Host are refused with 400 (Flask >= 3.1). Comma separated; by default the
    # host of PUBLIC_BASE_URL. A leading dot (".example.be") also allows every subdomain.
    TRUSTED_HOSTS = _env_hosts("TRUSTED_HOSTS", Config.PUBLIC_BASE_URL)

    @classmethod
    def check(cls) -> None:
        """Refuse to start with development defaults: a guessable key or a local SQLite file."""
        needed = ("SECRET_KEY",) if os.environ.get("MUNICIPALITIES_DATABASE_URL") else ("SECRET_KEY", "DATABASE_URL")
        missing = [name for name in needed if not os.environ.get(name)]
        if missing:
            raise RuntimeError(f"Production configuration needs the environment variables: {', '.join(missing)}")


CONFIGS = {"default": Config, "testing": TestingConfig, "production": ProductionConfig}
