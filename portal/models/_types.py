"""Column helpers shared by the tables."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column
from sqlalchemy import Enum as SAEnum
from sqlmodel import Field


def utcnow() -> datetime:
    # sqlmodel 0.0.50 rejects naive datetimes: always store aware UTC.
    return datetime.now(UTC)


def json_field(default_factory: Any = list, **kwargs: Any) -> Any:
    """A JSON column (TEXT on SQLite, JSON on PostgreSQL) for small lists and mappings."""
    return Field(default_factory=default_factory, sa_column=Column(JSON, nullable=False), **kwargs)


def enum_field(enum: type[StrEnum], **kwargs: Any) -> Any:
    """A column holding an enum's *value* ("under_construction"), checked by the database.

    SQLAlchemy stores member names by default; values keep the database readable by other
    tools and equal to what the API and the index use.
    """
    column_type = SAEnum(
        enum,
        values_callable=lambda members: [m.value for m in members],
        native_enum=False,
        create_constraint=True,
        length=32,
        name=f"{enum.__name__.lower()}_value",
    )
    return Field(sa_type=column_type, **kwargs)
