"""Honest today: related projects and kindergartens have classes of their own; care beds.

``facility.kind`` may be ``related_project`` (a plan project that is not a care place),
``facility.audience`` and ``servicepackage.audience`` may be ``preschool`` (kindergartens,
ages 3–6), and ``facility.care_beds`` holds the elder-care beds a row states beside medical
beds (嘉善 罗星: 300 medical + 416 elder-care). The enum columns are CHECK constraints, which
autogenerate does not see: the new values are written here by hand.

Revision ID: 0002_honest
Revises: 0001_baseline
Created: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_honest"
down_revision: str | Sequence[str] | None = "0001_baseline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = (
    "care_home",
    "home_care_centre",
    "day_care_centre",
    "medical_care",
    "elder_other",
    "childcare_centre",
    "community_childcare",
    "nursery_class",
    "kindergarten",
    "child_other",
    "combined",
    "other",
)
AUDIENCES = ("elderly", "infants", "both", "unknown")


def _enum(values: Sequence[str], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


NEW_KINDS = (*KINDS[:11], "related_project", "other")
NEW_AUDIENCES = (*AUDIENCES[:2], "preschool", *AUDIENCES[2:])


class _ChildRowsKept:
    """On SQLite, batch mode copies a table and drops the old one; with foreign keys on, the
    drop deletes (ON DELETE CASCADE) the rows pointing at it (facilityservice,
    facilitysubsidy …). Keep those rows aside and put them back once the tables are rebuilt.
    Other databases alter in place and need nothing."""

    def __init__(self, *parents: str) -> None:
        self.parents = parents
        self.kept: list[str] = []

    def __enter__(self) -> "_ChildRowsKept":
        bind = op.get_bind()
        if bind.dialect.name != "sqlite":
            return self
        listed = bind.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
        for (table,) in listed.fetchall():
            keys = bind.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
            if table not in self.parents and any(key[2] in self.parents for key in keys):
                bind.exec_driver_sql(f'CREATE TEMP TABLE "kept_{table}" AS SELECT * FROM "{table}"')
                self.kept.append(table)
        return self

    def __exit__(self, *exc: object) -> None:
        bind = op.get_bind()
        for table in self.kept:
            if exc[0] is None:
                bind.exec_driver_sql(
                    f'INSERT OR IGNORE INTO "{table}" SELECT * FROM "kept_{table}"'
                )
            bind.exec_driver_sql(f'DROP TABLE "kept_{table}"')


def _swap(batch_op, column: str, name: str, old: Sequence[str], new: Sequence[str]) -> None:
    batch_op.alter_column(
        column, existing_type=_enum(old, name), type_=_enum(new, name), existing_nullable=False
    )


def upgrade() -> None:
    with _ChildRowsKept("facility", "servicepackage"):
        with op.batch_alter_table("facility", schema=None) as batch_op:
            _swap(batch_op, "kind", "facilitykind_value", KINDS, NEW_KINDS)
            _swap(batch_op, "audience", "audience_value", AUDIENCES, NEW_AUDIENCES)
            batch_op.add_column(sa.Column("care_beds", sa.Integer(), nullable=True))
        with op.batch_alter_table("servicepackage", schema=None) as batch_op:
            _swap(batch_op, "audience", "audience_value", AUDIENCES, NEW_AUDIENCES)


def downgrade() -> None:
    # Rows of the new classes go back to the nearest old value before the checks narrow.
    op.execute("UPDATE facility SET kind = 'other' WHERE kind = 'related_project'")
    op.execute("UPDATE facility SET audience = 'infants' WHERE audience = 'preschool'")
    op.execute("UPDATE servicepackage SET audience = 'infants' WHERE audience = 'preschool'")
    with _ChildRowsKept("facility", "servicepackage"):
        with op.batch_alter_table("servicepackage", schema=None) as batch_op:
            _swap(batch_op, "audience", "audience_value", NEW_AUDIENCES, AUDIENCES)
        with op.batch_alter_table("facility", schema=None) as batch_op:
            batch_op.drop_column("care_beds")
            _swap(batch_op, "audience", "audience_value", NEW_AUDIENCES, AUDIENCES)
            _swap(batch_op, "kind", "facilitykind_value", NEW_KINDS, KINDS)
