"""Domain errors raised by services, and the HTTP error pages."""
from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A rule of the platform refused an action. The message is shown to the user in their language."""

    field: str | None = None

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(DomainError):
    """The user may not do this (for checks that depend on the object's state, not just on the role)."""


ERROR_TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You may not do this"),
    404: _l("Page not found"),
    405: _l("This action is not possible here"),
    413: _l("The upload is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
}

ERROR_EXPLANATIONS = {
    400: _l("Please go back and try again."),
    403: _l("Your account does not have permission for this page or action. Log in with another account, or go back to the home page."),
    404: _l("The page you asked for does not exist or is no longer available. Check the address, or start again from the home page."),
    405: _l("Please go back and use the buttons on the page."),
    413: _l("The files you sent are larger than we accept. Make them smaller and try again; what you typed was not saved."),
    429: _l("You tried this too often in a short time. Wait a minute and try again."),
    500: _l("The error has been logged. Please try again in a moment; if it keeps happening, contact the city."),
}


def _render_error(code: int, explanation: object | None = None):
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=ERROR_TITLES.get(code, ERROR_TITLES[500]),
            explanation=explanation or ERROR_EXPLANATIONS.get(code, ERROR_EXPLANATIONS[500]),
        ),
        code,
    )


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render_error(
            400,
            _l("Your form had expired or was not sent from this site, so nothing was saved. Go back, reload the page and try again."),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if code not in ERROR_TITLES:
            return error
        return _render_error(code)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        from participation.extensions import db

        db.session.rollback()
        app.logger.exception("Unhandled error")
        return _render_error(500)
