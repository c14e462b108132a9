"""The schema comes from the Alembic migrations, and they match the models.

``release-0.1.0.sql.gz`` beside this file is the database the last release before migrations
made on its first start (commit cc6f69b: ``create_all``, then everything under data/ imported),
plus one staff account ``clerk`` / ``release password 0.1.0``, dumped with
``sqlite3.Connection.iterdump``. It stands for every installation in use today.
"""

import gzip
import re
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, Enum, func, inspect
from sqlmodel import SQLModel, select

from portal.core import db, schema
from portal.indexing import search_index
from portal.models import Facility
from portal.search import SearchQuery
from tests.conftest import csrf_token, make_app

RELEASE_DUMP = Path(__file__).with_name("release-0.1.0.sql.gz")


def schema_differences(engine) -> list:
    """What autogenerate would write into a new migration (nothing, if models and schema agree)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, SQLModel.metadata)


def test_the_migrated_schema_is_exactly_the_models(app):
    with app.app_context():
        differences = schema_differences(db.engine())
    assert differences == [], (
        "The models differ from the schema the migrations make. Add a migration: "
        '.venv/bin/alembic revision --autogenerate -m "<what changed>" (see README). '
        f"Differences: {differences}"
    )


def test_the_database_checks_every_value_of_every_enum_column(app):
    """Autogenerate does not compare CHECK constraints: a new enum value needs a migration."""
    missing = []
    with app.app_context(), db.engine().connect() as connection:
        inspector = inspect(connection)
        for table in SQLModel.metadata.sorted_tables:
            checks = {c["name"]: c["sqltext"] for c in inspector.get_check_constraints(table.name)}
            for constraint in table.constraints:
                if isinstance(constraint, CheckConstraint) and isinstance(constraint.name, str):
                    if constraint.name not in checks:
                        missing.append(f"{table.name}: CHECK {constraint.name}")
            for column in table.columns:
                if not isinstance(column.type, Enum):
                    continue
                allowed = set(re.findall(r"'([^']*)'", checks.get(column.type.name, "")))
                if allowed != set(column.type.enums):
                    missing.append(f"{table.name}.{column.name}: {allowed} ≠ {column.type.enums}")
    assert missing == [], f"the database's checks differ from the models: {missing}"


def test_a_new_database_is_at_the_newest_revision(app):
    with app.app_context():
        assert schema.current_revision(db.engine()) == schema.head_revision()


def test_the_migrations_form_one_line():
    """Two branches adding a revision on the same parent leave two heads: re-point one."""
    heads = ScriptDirectory.from_config(schema.alembic_config()).get_heads()
    assert len(heads) == 1, f"several heads {heads}: set one's down_revision to the other"


def test_every_migration_downgrades_and_upgrades_again(app):
    with app.app_context():
        engine = db.engine()
        with engine.begin() as connection:
            command.downgrade(schema.alembic_config(connection), "base")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
        schema.upgrade(engine)
        assert schema_differences(engine) == []


def restore_release(path: Path) -> None:
    with gzip.open(RELEASE_DUMP, "rt", encoding="utf-8") as dump:
        script = dump.read()
    connection = sqlite3.connect(path)
    connection.executescript(script)
    connection.close()


def release_columns(path: Path) -> dict[str, list[str]]:
    """The tables and columns a database has (later migrations may add more)."""
    connection = sqlite3.connect(path)
    tables = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    columns = {
        table: [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
        for (table,) in tables
    }
    connection.close()
    return columns


def all_rows(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Every row of the given tables and columns, in a stable order."""
    connection = sqlite3.connect(path)
    rows = {}
    for table, names in columns.items():
        listed = ", ".join(f'"{name}"' for name in names)
        found = connection.execute(f'SELECT {listed} FROM "{table}"').fetchall()
        rows[table] = sorted(found, key=repr)
    connection.close()
    return rows


@pytest.mark.sqlite_only(reason="the release before migrations ran on SQLite only")
def test_a_database_of_the_release_before_migrations_is_upgraded_without_loss(tmp_path):
    database = tmp_path / "release.sqlite"
    restore_release(database)
    columns = release_columns(database)
    before = all_rows(database, columns)
    assert len(before["facility"]) == 277 and len(before["staffuser"]) == 1

    app = make_app(tmp_path, DATABASE_URL=f"sqlite:///{database}")  # the real start

    after = all_rows(database, columns)
    for table, rows in before.items():
        assert after[table] == rows, f"rows of {table} changed"
    with app.app_context():
        assert schema.current_revision(db.engine()) == schema.head_revision()
        assert schema_differences(db.engine()) == []
        with db.transaction() as session:
            facilities = session.exec(select(func.count()).select_from(Facility)).one()
        assert facilities == 277
        assert search_index().doc_count() == facilities  # the index was built from it
        assert search_index().search(SearchQuery(text="社会福利院")).total > 0

    client = app.test_client()
    response = client.post(
        "/staff/login",
        data={
            "csrf_token": csrf_token(client, "/staff/login"),
            "username": "clerk",
            "password": "release password 0.1.0",
        },
    )
    assert response.status_code == 302  # the account made by the release still logs in


def test_the_change_feed_migration_keeps_every_row_and_the_index_is_rebuilt_from_them(app):
    """0004_change_feed on a database of the baseline schema, on either backend."""
    from portal import indexing
    from portal.importer.pipeline import apply_import
    from tests.conftest import PLANS

    name = "003_4e88682039944ece.txt"
    with app.app_context():
        plan, run = apply_import(name, (PLANS / name).read_bytes(), user="tester")
        assert run is not None, plan.fatal
        engine = db.engine()
        with engine.begin() as connection:
            command.downgrade(schema.alembic_config(connection), schema.BASELINE)
        with engine.connect() as connection:
            assert "dataversion" not in inspect(connection).get_table_names()
        with db.transaction() as session:
            before = sorted(session.exec(select(Facility.id, Facility.name)).all())
        schema.upgrade(engine)
        with db.transaction() as session:
            assert sorted(session.exec(select(Facility.id, Facility.name)).all()) == before
            assert indexing.data_version(session) == 0
        # The index recorded the database's old epoch: it is rebuilt, with every facility.
        assert indexing.synchronise() == indexing.Outcome.REBUILT
        assert search_index().doc_count() == len(before)
