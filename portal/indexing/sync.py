"""Bringing this host's index to the database's data version.

The index records the version it reflects. ``catch_up`` compares it with the database and
either applies the facilities changed since (one Whoosh commit: readers see all of it or none)
or, when the index is missing, damaged, from another database or too far behind, rebuilds a
fresh folder and swaps it in while the old one keeps serving. Writers of other processes hold
the index's file lock: then the update is *deferred* (a later check does it), never an error
for a change that the database has already committed.

Checks happen at start, after every commit that recorded a change, on every search and on a
timer thread (``INDEX_SYNC_SECONDS``), so a host notices another host's import by itself.
"""

import os
import threading
import time
import weakref
from collections.abc import Callable
from enum import StrEnum

from flask import Flask, current_app
from sqlmodel import Session

from portal.core import db
from portal.indexing.documents import documents
from portal.indexing.feed import DELETE, KEEP_VERSIONS, DataState, changed_since, data_state
from portal.search import IndexBusyError, IndexDamagedError, SearchIndex

# More changed facilities than this and a fresh folder is cheaper than updating in place.
MAX_INCREMENTAL = 5000
# Test hook for the fault test (tests/indexing/test_faults.py): the process dies right after
# the database committed and before the index hears of it, as a kill -9 there would.
EXIT_BEFORE_INDEX_ENV = "PORTAL_TEST_EXIT_BEFORE_INDEX"


class Outcome(StrEnum):
    CURRENT = "current"  # nothing to do
    UPDATED = "updated"  # changed facilities applied
    REBUILT = "rebuilt"  # a fresh folder swapped in
    DEFERRED = "deferred"  # someone else is writing; a later check catches up


def catch_up(index: SearchIndex, *, wait: bool = False, rebuild: bool = False) -> Outcome:
    """Bring ``index`` to the database's data version (call inside an app context).

    ``wait``: wait for another writer (start-up, ``reindex``) instead of deferring.
    ``rebuild``: rebuild even if the index looks current.
    """
    lock: threading.Lock = current_app.extensions["index_sync_lock"]
    if not lock.acquire(timeout=index.write_timeout if wait else 0):
        return Outcome.DEFERRED
    try:
        with Session(db.engine(), expire_on_commit=False) as session:
            return _catch_up(session, index, wait=wait, rebuild=rebuild)
    except IndexBusyError:
        current_app.logger.info("Search index busy: its update is deferred")
        return Outcome.DEFERRED
    finally:
        lock.release()


def _catch_up(session: Session, index: SearchIndex, *, wait: bool, rebuild: bool) -> Outcome:
    timeout = index.write_timeout if wait else 0.0
    # The version first, the rows after: rows are then at least as new as the version
    # recorded with them (an update applied twice is harmless; a missed one is not).
    target = data_state(session)
    held = DataState.parse(index.data_version())
    readable = index.is_readable()
    if not rebuild and readable and held == target:
        return Outcome.CURRENT
    if rebuild or not _can_follow(held, target, readable):
        return _rebuild(session, index, target, timeout, why="rebuild" if rebuild else held)
    assert held is not None
    changes = changed_since(session, held.version, target.version)
    if len(changes) > MAX_INCREMENTAL:
        return _rebuild(session, index, target, timeout, why=f"{len(changes)} changes")
    upserts = [i for i, op in changes.items() if op != DELETE]
    docs = documents(session, upserts)
    found = {doc.id for doc in docs}
    gone = [i for i in changes if i not in found]
    try:
        index.upsert(docs, delete_ids=gone, version=target.token, timeout=timeout)
    except IndexDamagedError as error:
        return _rebuild(session, index, target, timeout, why=str(error))
    return Outcome.UPDATED


def _can_follow(held: DataState | None, target: DataState, readable: bool) -> bool:
    return (
        readable
        and held is not None
        and held.epoch == target.epoch
        and held.version <= target.version
        and target.version - held.version < KEEP_VERSIONS
    )


def _rebuild(
    session: Session, index: SearchIndex, target: DataState, timeout: float, why: object
) -> Outcome:
    started = time.perf_counter()
    count = index.rebuild(documents(session), version=target.token, timeout=timeout)
    current_app.logger.info(
        "Search index rebuilt (%s): %d facilities at version %d in %.1f s",
        why,
        count,
        target.version,
        time.perf_counter() - started,
    )
    return Outcome.REBUILT


def after_commit(index: SearchIndex) -> Outcome:
    """After a commit that recorded changes: apply them now, or defer if the index is busy.

    Never raises: the database has committed, and a failed index update is caught up by
    the next check (search, timer, start).
    """
    if os.environ.get(EXIT_BEFORE_INDEX_ENV) == "1":
        os._exit(75)
    try:
        return catch_up(index)
    except Exception:
        current_app.logger.exception("Search index update failed; a later check catches up")
        return Outcome.DEFERRED


def notice(index: SearchIndex) -> Outcome:
    """The cheap check of every search: catch up only if the versions differ or reads fail."""
    with Session(db.engine()) as session:
        target = data_state(session)
    if index.data_version() == target.token and not index.damaged:
        return Outcome.CURRENT
    # No readable index at all: wait for the one being built rather than fail the request.
    return catch_up(index, wait=not index.is_readable())


def start_timer(
    app: Flask, interval: float, index_of: Callable[[Flask], SearchIndex]
) -> threading.Thread:
    """A daemon thread checking every ``interval`` seconds (another host's imports).

    It holds the app weakly and ends with it; ``index_of(app)`` is the app's index.
    """
    app_ref = weakref.ref(app)
    del app

    def run() -> None:
        while True:
            time.sleep(interval)
            app = app_ref()
            if app is None:
                return
            with app.app_context():
                try:
                    notice(index_of(app))
                except Exception:
                    app.logger.exception("Search index check failed; retrying")
            del app

    thread = threading.Thread(target=run, name="index-sync", daemon=True)
    thread.start()
    return thread
