"""HTTP caching: fingerprinted static files kept for a year, pages that say what they vary by.

Every ``url_for("static", …)`` gets ``?v=<hash of the file>``: a changed file gets a new URL,
so the old one can be cached for good (``max-age`` of a year, ``immutable``) and a repeat
visit loads nothing it already has. A static URL without the current fingerprint (typed,
or from an old page) is revalidated every time (``no-cache``), never served stale.

Pages are chosen by the ``Accept-Language`` header (when no language cookie is set) and by the
language and elder-mode cookies, so they say ``Vary: Accept-Language, Cookie``; a shared
cache must not hand one visitor's language or text size to another.
"""

import hashlib
import time
from pathlib import Path

from flask import Flask, Response, current_app, request

ONE_YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"
FINGERPRINT_ARG = "v"
RECHECK_SECONDS = 1.0
_fingerprints: dict[tuple[str, int, int], str] = {}
# (static folder, filename) → (when looked at, fingerprint)
_recent: dict[tuple[str, str], tuple[float, str | None]] = {}


def fingerprint(filename: str) -> str | None:
    """A short content hash of ``static/<filename>``; ``None`` when there is no such file.

    Cached by path, size and modification time, so an edited file gets a new fingerprint
    without a restart; the file is looked at again at most once every ``RECHECK_SECONDS``
    (a page links five static files: a ``stat`` for each on every page was a visible cost).
    """
    now = time.monotonic()
    key = (current_app.static_folder or "", filename)
    recent = _recent.get(key)
    if recent is not None and now - recent[0] < RECHECK_SECONDS:
        return recent[1]
    stamp = _fingerprint(filename)
    _recent[key] = (now, stamp)
    return stamp


def _fingerprint(filename: str) -> str | None:
    folder = Path(current_app.static_folder or "")
    path = (folder / filename).resolve()
    if folder.resolve() not in path.parents or not path.is_file():
        return None
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _fingerprints:
        _fingerprints[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _fingerprints[key]


def add_fingerprint(endpoint: str, values: dict) -> None:
    """``url_for`` hook: static URLs carry their file's fingerprint."""
    if endpoint == "static" and "filename" in values and FINGERPRINT_ARG not in values:
        stamp = fingerprint(values["filename"])
        if stamp:
            values[FINGERPRINT_ARG] = stamp


def cache_headers(response: Response) -> Response:
    if request.endpoint == "static":
        filename = (request.view_args or {}).get("filename", "")
        stamp = request.args.get(FINGERPRINT_ARG)
        current = fingerprint(filename) if stamp else None
        if stamp and stamp == current and response.status_code in (200, 304):
            response.headers["Cache-Control"] = IMMUTABLE
        else:
            response.headers["Cache-Control"] = "no-cache"
        return response
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def init_app(app: Flask) -> None:
    app.url_defaults(add_fingerprint)
    app.after_request(cache_headers)
