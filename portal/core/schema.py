"""The database schema, made and changed only by the Alembic migrations in ``migrations/``.

Every database, new or old, is brought to the newest revision the same way: ``upgrade head``.
A database made before migrations existed (by ``create_all``, the release before Alembic) has
today's tables but no ``alembic_version``: it is stamped as the baseline, then upgraded, so it
keeps its rows. Hosts starting together take turns: on PostgreSQL an advisory lock held for
the migrating transaction, on SQLite the database's own write lock (one host only).
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
BASELINE = "0001_baseline"
# Any fixed number: every host of one database agrees on it (pg_advisory_xact_lock's key).
_SCHEMA_LOCK_KEY = 1_717_001


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for our migrations, optionally on an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision in ``migrations/versions``."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "migrations/versions has no revision"
    return head


def current_revision(bind: Engine | Connection) -> str | None:
    """The revision the database is at (``None``: not made by migrations, or empty)."""
    if isinstance(bind, Engine):
        with bind.connect() as connection:
            return current_revision(connection)
    return MigrationContext.configure(bind).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the database to ``revision`` in one transaction."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK_KEY}
            )
        config = alembic_config(connection)
        if made_before_migrations(connection):
            command.stamp(config, BASELINE)
        command.upgrade(config, revision)


def made_before_migrations(connection: Connection) -> bool:
    """True for a database made by ``create_all`` (tables, but no ``alembic_version``)."""
    tables = set(inspect(connection).get_table_names())
    return "alembic_version" not in tables and "facility" in tables
