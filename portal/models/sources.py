"""Where facts come from: the imported documents and the record of each import."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from portal.domain import DocumentStatus
from portal.models._types import enum_field, json_field, utcnow


class SourceDocument(SQLModel, table=True):
    """A plan or list that was imported; every facility, subsidy and indicator points at one."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True)  # the file's stem, stable across re-imports
    title: str
    place_name: str  # 丽水市, 泰州市海陵区 …
    region_code: str | None = Field(default=None, foreign_key="region.code")
    status: DocumentStatus = enum_field(DocumentStatus, default=DocumentStatus.ISSUED)
    status_text: str | None = None  # the document's own words: 征求意见稿, 丽政发〔2022〕24号 …
    issued_on: date | None = None
    year: int | None = None
    file_name: str
    file_hash: str
    imported_at: datetime = Field(default_factory=utcnow)


class ImportRun(SQLModel, table=True):
    """One run of the import tool: what was read, what it would change, and whether it did."""

    id: int | None = Field(default=None, primary_key=True)
    file_name: str
    file_hash: str
    document_id: int | None = Field(default=None, foreign_key="sourcedocument.id")
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    user: str  # staff username, or "system" for the first start
    applied: bool = False
    counts: dict = json_field(dict)  # new / changed / unchanged / withdrawn / rejected
    problems: list = json_field(list)  # RowProblem dicts: source, line, field, message, severity
    message: str | None = None  # a whole-file failure, if any
