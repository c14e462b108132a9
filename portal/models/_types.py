"""Column helpers shared by the tables."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field


def utcnow() -> datetime:
    # sqlmodel 0.0.50 rejects naive datetimes: always store aware UTC.
    return datetime.now(UTC)


def json_field(default_factory: Any = list, **kwargs: Any) -> Any:
    """A JSON column (TEXT on SQLite, JSON on PostgreSQL) for small lists and mappings."""
    return Field(default_factory=default_factory, sa_column=Column(JSON, nullable=False), **kwargs)
