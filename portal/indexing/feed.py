"""The change feed in the database: the data version and which facilities each version changed.

``record_change`` is called inside the transaction that writes facilities (an import's apply,
a correction), so the version, the feed rows and the data commit together or not at all. The
one ``DataVersion`` row is updated with ``version = version + 1``: concurrent writers queue on
its row lock, so versions commit in order and a reader never sees version *n* without *n-1*.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from portal.models import DataVersion, FacilityChange
from portal.models._types import utcnow

# Feed rows older than this many versions are deleted; an index further behind is rebuilt.
KEEP_VERSIONS = 1000
UPSERT = "upsert"
DELETE = "delete"


@dataclass(frozen=True)
class DataState:
    """Which database (``epoch``) at which ``version``; ``token`` is what an index records."""

    epoch: str
    version: int

    @property
    def token(self) -> str:
        return f"{self.epoch}:{self.version}"

    @classmethod
    def parse(cls, token: str | None) -> "DataState | None":
        epoch, _, version = (token or "").partition(":")
        if not epoch or not version.isascii() or not version.isdigit():
            return None
        return cls(epoch, int(version))


def data_state(session: Session) -> DataState:
    """The committed data version (as of this session's transaction)."""
    row = session.execute(select(DataVersion.epoch, DataVersion.version)).first()
    return DataState(row.epoch, row.version) if row else DataState("", 0)


def data_version(session: Session) -> int:
    """The data version number: it grows by one with every recorded change."""
    return data_state(session).version


def record_change(session: Session, facility_ids: Iterable[int], op: str = UPSERT) -> int:
    """Bump the data version and list ``facility_ids`` as changed in it; returns the version.

    Call it in the transaction that writes those facilities, then :func:`after_commit`
    (``portal.indexing``) once it has committed. ``op`` is ``"delete"`` for rows removed
    from the database (withdrawn facilities stay: they are changed, not deleted).
    """
    ids = sorted({int(i) for i in facility_ids})
    if not ids:
        return data_version(session)
    session.flush()
    version = session.execute(
        update(DataVersion)
        .where(DataVersion.id == 1)
        .values(version=DataVersion.version + 1, changed_at=utcnow())
        .returning(DataVersion.version)
    ).scalar_one_or_none()
    if version is None:  # a database made without the migrations' first row
        version = 1
        session.add(DataVersion(id=1, epoch=uuid.uuid4().hex, version=version))
        session.flush()
    session.execute(
        insert(FacilityChange),
        [{"version": version, "facility_id": i, "op": op} for i in ids],
    )
    session.execute(delete(FacilityChange).where(FacilityChange.version <= version - KEEP_VERSIONS))
    return version


def changed_since(session: Session, after: int, upto: int) -> dict[int, str]:
    """Facility id → its last op, for versions ``after`` < v ≤ ``upto``."""
    rows = session.execute(
        select(FacilityChange.facility_id, FacilityChange.op)
        .where(FacilityChange.version > after, FacilityChange.version <= upto)
        .order_by(FacilityChange.version, FacilityChange.id)
    )
    return {row.facility_id: row.op for row in rows}
