"""First start: create the database, load everything under data/, build the index.

Later starts find the data in place and only bring the search index up to the database's data
version (a damaged index is rebuilt), so they are fast. Several processes
starting at once (a multi-worker server) take turns on a lock file; the first does the work.
"""

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from sqlalchemy import func
from sqlmodel import select

from portal import indexing
from portal.core import db
from portal.models import SourceDocument


@contextmanager
def instance_lock(app: Flask, name: str) -> Iterator[None]:
    path = Path(app.instance_path) / f"{name}.lock"
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_ready(app: Flask) -> None:
    """Create and fill the database and the index if they are missing; otherwise do nothing."""
    with app.app_context(), instance_lock(app, "bootstrap"):
        db.create_tables()
        with db.transaction() as session:
            empty = session.exec(select(func.count()).select_from(SourceDocument)).one() == 0
        if empty:
            started = time.perf_counter()
            from portal.core.data_loader import load_all

            summary = load_all(Path(app.config["DATA_DIR"]), user="system")
            app.logger.info("First start: %s in %.1f s", summary, time.perf_counter() - started)
        # The index follows the data version (a damaged, missing or stale index is rebuilt
        # or caught up). A failure here must not stop the portal: searches retry it.
        try:
            outcome = indexing.synchronise(wait=True)
            app.logger.info("Search index at start: %s", outcome)
        except Exception:
            app.logger.exception("Search index could not be brought up to date at start")
