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

import functools
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from enum import StrEnum

from flask import Flask, current_app
from sqlmodel import Session

from portal.core import db
from portal.indexing.documents import documents, facility_count, id_ranges, stream_documents
from portal.indexing.feed import DELETE, KEEP_VERSIONS, DataState, changed_since, data_state
from portal.search import (
    FacilityDocument,
    IndexBusyError,
    IndexDamagedError,
    ParallelBuildError,
    SearchIndex,
    load_place_words,
)

# An update in place costs in proportion to the changed facilities, a fresh folder in
# proportion to all of them: rebuild only when most of the index changes (and more than
# this many, so a small index is not rebuilt for every few rows).
MIN_REBUILD_CHANGES = 5000
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
    if _cheaper_to_rebuild(len(changes), index):
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


def _cheaper_to_rebuild(changes: int, index: SearchIndex) -> bool:
    return changes > MIN_REBUILD_CHANGES and changes > index.doc_count() // 2


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
    count, processes = _write_fresh(session, index, target, timeout)
    current_app.logger.info(
        "Search index rebuilt (%s): %d facilities at version %d in %.1f s by %d process(es)",
        why,
        count,
        target.version,
        time.perf_counter() - started,
        processes,
    )
    return Outcome.REBUILT


def rebuild_now(session: Session, index: SearchIndex) -> int:
    """Rebuild ``index`` from the database now, waiting for the write lock; the count."""
    count, _ = _write_fresh(session, index, data_state(session), index.write_timeout)
    return count


def _write_fresh(
    session: Session, index: SearchIndex, target: DataState, timeout: float
) -> tuple[int, int]:
    """A fresh folder of every facility at ``target``: (documents, processes used)."""
    shares = _shares(session)
    if shares:
        try:
            count = index.rebuild_parallel(shares, version=target.token, timeout=timeout)
            return count, len(shares)
        except ParallelBuildError as error:  # an optimisation only: one process still can
            current_app.logger.warning("Parallel index build failed (%s); one process", error)
    return index.rebuild(stream_documents(session), version=target.token, timeout=timeout), 1


def _shares(session: Session) -> list[Callable[[], Iterator[FacilityDocument]]]:
    """One share of the facilities per core for a parallel rebuild, or none.

    Only with more than one core, on a database the children can open themselves (not SQLite
    in memory), and for an index large enough to be worth starting the processes.
    """
    url = db.engine().url
    in_memory = url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")
    cores = os.cpu_count() or 1
    if in_memory or cores < 2:
        return []
    # Below INDEX_PARALLEL_MIN_FACILITIES one process takes seconds, about what starting
    # the others would cost.
    if facility_count(session) < current_app.config["INDEX_PARALLEL_MIN_FACILITIES"]:
        return []
    address = url.render_as_string(hide_password=False)
    return [
        functools.partial(_share, address, first, last) for first, last in id_ranges(session, cores)
    ]


def _share(address: str, first: int, last: int) -> Iterator[FacilityDocument]:
    """In a spawned child: the analysis this process's index uses, then its own rows.

    The child is a fresh interpreter, so it teaches the segmenter and pinyin the gazetteer's
    names as ``init_app`` and ``SearchIndex`` do here; without them its documents would be
    cut differently from the rest of the index.
    """
    from portal.places import load_place_readings, place_words

    load_place_readings()
    load_place_words(place_words())
    engine = db.make_engine(address)
    try:
        with Session(engine) as session:
            yield from stream_documents(session, first, last)
    finally:
        engine.dispose()


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
