"""WSGI entry point: `gunicorn wsgi:app`. APP_CONFIG selects the configuration (production in deployments)."""
import os

from participation import create_app

app = create_app(os.environ.get("APP_CONFIG", "default"))
