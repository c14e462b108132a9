"""Keeping this host's search index in step with the database.

The index is derived data: ``flask --app portal reindex`` rebuilds it from the database at any
time. Writers of facility data call, in their transaction, :func:`record_change` (bumps the
data version, writes the change feed), then :func:`after_commit` once committed. Each host's
index records the version it reflects and catches up from the feed by itself: at start, on
every search, after each commit and on a timer (``portal/indexing/sync.py``).

May import ``portal.core``, ``portal.models``, ``portal.places`` and ``portal.search``.
"""

import threading
from pathlib import Path

from flask import Flask, current_app, request
from sqlmodel import Session

from portal.indexing.documents import RegionNames, documents, to_document
from portal.indexing.feed import DataState, data_state, data_version, record_change
from portal.indexing.sync import Outcome, catch_up, notice, rebuild_now, start_timer
from portal.indexing.sync import after_commit as _after_commit
from portal.search import SearchIndex


def init_app(app: Flask) -> None:
    from portal.places import load_place_readings

    # Place-name readings before any pinyin is made: by the index and by English pages alike.
    load_place_readings()
    app.extensions["search_index"] = None  # opened lazily: the first search pays, not start-up
    app.extensions["index_sync_lock"] = threading.Lock()
    interval = float(app.config.get("INDEX_SYNC_SECONDS") or 0)
    if interval > 0:
        started = threading.Event()

        @app.before_request
        def _start_index_timer() -> None:
            # Once, in processes that serve through a real server (waitress, gunicorn): not
            # in CLI commands, not for the test client's requests.
            if not started.is_set() and request.environ.get("SERVER_SOFTWARE"):
                started.set()
                start_timer(app, interval, _index)


def _index(app: Flask) -> SearchIndex:
    index = app.extensions.get("search_index")
    if index is None:
        from portal.places import place_words

        index = SearchIndex(Path(app.config["INDEX_DIR"]), places=place_words())
        app.extensions["search_index"] = index
    return index


def search_index() -> SearchIndex:
    """The app's index, brought to the database's data version first if it lags behind.

    A check that fails (the database unreachable, a writer busy) never fails the search:
    the index as it is answers.
    """
    index = _index(current_app)
    try:
        notice(index)
    except Exception:
        current_app.logger.exception("Search index check failed; searching the index as it is")
    return index


def synchronise(*, wait: bool = False, rebuild: bool = False) -> Outcome:
    """Bring this host's index to the data version now (start-up, CLI, tests)."""
    return catch_up(_index(current_app), wait=wait, rebuild=rebuild)


def after_commit() -> Outcome:
    """Apply committed changes to this host's index; defers (never fails) if it is busy."""
    return _after_commit(_index(current_app))


def rebuild(session: Session) -> int:
    """Rebuild the whole index from the database (damaged or not); returns the count.

    One process per core when the index is large (``INDEX_PARALLEL_MIN_FACILITIES``).
    """
    return rebuild_now(session, _index(current_app))


__all__ = [
    "DataState",
    "Outcome",
    "RegionNames",
    "after_commit",
    "data_state",
    "data_version",
    "documents",
    "rebuild",
    "record_change",
    "search_index",
    "synchronise",
    "to_document",
]
