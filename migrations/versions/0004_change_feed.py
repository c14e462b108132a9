"""Change feed: the data version and the facilities changed in each version.

Every host's search index records the data version it reflects and catches up from
``facilitychange`` (portal/indexing). The one ``dataversion`` row is made here, at version 0,
with a random epoch naming this database.

Revision ID: 0004_change_feed
Revises: 0001_baseline
Created: 2026-12-01
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004_change_feed"
down_revision: str | Sequence[str] | None = "0003_staff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    data_version = op.create_table(
        "dataversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("epoch", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "facilitychange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("op", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("facilitychange", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_facilitychange_version"), ["version"], unique=False)
    # Existing facilities (an upgraded database) are covered by version 0: an index that does
    # not record this epoch is rebuilt from the database, which includes them.
    op.bulk_insert(
        data_version,
        [{"id": 1, "epoch": uuid.uuid4().hex, "version": 0, "changed_at": datetime.now(UTC)}],
    )


def downgrade() -> None:
    with op.batch_alter_table("facilitychange", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_facilitychange_version"))
    op.drop_table("facilitychange")
    op.drop_table("dataversion")
