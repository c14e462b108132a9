"""Response headers that keep visitors safe: no inline scripts, no framing by other sites.

Staff pages are never stored by a browser or proxy (``Cache-Control: no-store``): they show
unpublished uploads and answer per login. ``STRICT_TRANSPORT_SECURITY`` (a number of seconds,
production only) makes browsers use HTTPS for the site from then on.
"""

from flask import Flask, Response, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

# Pages have no inline script or style; map documents (their own routes) set a looser policy.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; "
    "frame-ancestors 'self'"
)
STAFF_PREFIX = "/staff/"


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    if request.path.startswith(STAFF_PREFIX) or request.path == STAFF_PREFIX.rstrip("/"):
        response.headers["Cache-Control"] = "no-store"
    max_age = current_app.config.get("STRICT_TRANSPORT_SECURITY")
    if max_age:
        response.headers.setdefault(
            "Strict-Transport-Security", f"max-age={int(max_age)}; includeSubDomains"
        )
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # Behind N reverse proxies, the visitor's address (login back-off per address) and
        # scheme are in X-Forwarded-For/-Proto; without proxies those headers are not trusted.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
