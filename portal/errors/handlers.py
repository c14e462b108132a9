"""Friendly error pages: a visitor never sees a stack trace; the API answers in JSON."""

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

from portal.core.db import close_session


def wants_json() -> bool:
    return request.path.startswith("/api/")


def render_error(code: int, title: str, message: str):
    if wants_json():
        # The API's one error shape (documented as ``Error`` in portal/api/openapi.yaml).
        return {"status": code, "message": message}, code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def handle_http_error(error: HTTPException):
    messages = {
        400: (_("Bad request"), _("We could not understand that request.")),
        403: (_("Not allowed"), _("You do not have access to this page.")),
        404: (
            _("Page not found"),
            _("We could not find that page. It may have moved, or the address may be mistyped."),
        ),
        405: (_("Not allowed"), _("That action is not available on this page.")),
        413: (_("File too large"), _("The file is larger than we accept.")),
    }
    title, message = messages.get(
        error.code or 500, (_("Something went wrong"), _("Please try again."))
    )
    body, code = render_error(error.code or 500, title, message)
    response = current_app.make_response((body, code))
    # The error's own headers say what the client may do next (RFC 9110: a 405 lists Allow).
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def handle_csrf_error(_error: CSRFError):
    return render_error(
        400,
        _("Form expired"),
        _("The form was open too long or came from elsewhere. Please go back and try again."),
    )


def handle_unexpected_error(error: Exception):
    # Roll back whatever the failed request left half-done before rendering the apology.
    close_session()
    if isinstance(error, HTTPException) and not isinstance(error, InternalServerError):
        return handle_http_error(error)
    current_app.logger.exception("Unhandled error on %s", request.path)
    return render_error(
        500,
        _("Something went wrong"),
        _("Sorry, something went wrong on our side. Please try again in a moment."),
    )


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
