"""The database engine and the per-request session.

The database is the source of truth (../shared/DESIGN.md): every other store is rebuilt from it.
Works unchanged on SQLite (the default, embedded) and PostgreSQL (``PORTAL_DATABASE_URL``).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from portal import models  # noqa: F401  (registers the tables on SQLModel.metadata)


def make_engine(url: str) -> Engine:
    """Create an engine; on SQLite, enforce foreign keys and let readers work during a write."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if ":memory:" not in url and url != "sqlite://":
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def init_app(app: Flask) -> None:
    """Attach the engine to the app and close each request's session when it ends."""
    app.extensions["db_engine"] = make_engine(app.config["DATABASE_URL"])
    app.teardown_appcontext(close_session)


def engine() -> Engine:
    return current_app.extensions["db_engine"]


def create_tables(bind: Engine | None = None) -> None:
    """Create or upgrade the database through the migrations (``upgrade head``).

    Never ``create_all``: a table made outside the migrations would be missing from every
    database that is upgraded instead of created.
    """
    from portal.core import schema

    schema.upgrade(bind or engine())


def get_session() -> Session:
    """The session of the current request or CLI command, created on first use."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def checkpoint() -> None:
    """Fold SQLite's write-ahead log back into the database and empty it (after big writes).

    SQLite checkpoints on its own only when no reader is active at that moment; under steady
    reads the log grows without bound (833 MB after repeated imports). Other databases: no-op.
    """
    if engine().dialect.name != "sqlite":
        return
    with engine().connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


@contextmanager
def transaction() -> Iterator[Session]:
    """A session whose work is committed together or not at all."""
    with Session(engine(), expire_on_commit=False) as session:
        with session.begin():
            yield session
