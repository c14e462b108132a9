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


def _swap(table: str, column: str, name: str, old: Sequence[str], new: Sequence[str]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column(
            column,
            existing_type=_enum(old, name),
            type_=_enum(new, name),
            existing_nullable=False,
        )


def upgrade() -> None:
    audiences = (*AUDIENCES[:2], "preschool", *AUDIENCES[2:])
    _swap(
        "facility", "kind", "facilitykind_value", KINDS, (*KINDS[:11], "related_project", "other")
    )
    _swap("facility", "audience", "audience_value", AUDIENCES, audiences)
    _swap("servicepackage", "audience", "audience_value", AUDIENCES, audiences)
    with op.batch_alter_table("facility", schema=None) as batch_op:
        batch_op.add_column(sa.Column("care_beds", sa.Integer(), nullable=True))


def downgrade() -> None:
    # Rows of the new classes go back to the nearest old value before the checks narrow.
    op.execute("UPDATE facility SET kind = 'other' WHERE kind = 'related_project'")
    op.execute("UPDATE facility SET audience = 'infants' WHERE audience = 'preschool'")
    op.execute("UPDATE servicepackage SET audience = 'infants' WHERE audience = 'preschool'")
    with op.batch_alter_table("facility", schema=None) as batch_op:
        batch_op.drop_column("care_beds")
    audiences = (*AUDIENCES[:2], "preschool", *AUDIENCES[2:])
    _swap("servicepackage", "audience", "audience_value", audiences, AUDIENCES)
    _swap("facility", "audience", "audience_value", audiences, AUDIENCES)
    _swap(
        "facility", "kind", "facilitykind_value", (*KINDS[:11], "related_project", "other"), KINDS
    )
