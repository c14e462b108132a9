"""The change feed: which facilities changed in which data version.

Every write of facility data (an import's apply, a correction) bumps ``DataVersion`` and adds
one ``FacilityChange`` row per facility in the same transaction, so each host's search index
can catch up from the database alone (``portal.indexing``).
"""

from datetime import datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from portal.models._types import utcnow


class DataVersion(SQLModel, table=True):
    """The one row saying how far the facility data has moved (``id`` is always 1).

    ``epoch`` is drawn when the database is made: an index built from another database (or
    one restored from a backup) never mistakes its version for this one's.
    """

    id: int = Field(default=1, primary_key=True)
    epoch: str
    version: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    changed_at: datetime = Field(default_factory=utcnow)


class FacilityChange(SQLModel, table=True):
    """Facility ``facility_id`` was written (``op`` "upsert") or deleted in ``version``."""

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    facility_id: int
    op: str = "upsert"
