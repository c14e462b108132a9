"""What staff make true: corrections of facilities, register rows, kept conflicts, the audit log."""

from datetime import datetime

from sqlalchemy import DDL, event
from sqlmodel import Field, SQLModel

from portal.models._types import json_field, utcnow


class Correction(SQLModel, table=True):
    """One staff correction of one field of a facility, with its source and the value it replaced.

    Values are stored as text in the form the staff form takes them ("operating", "12",
    "28.45,119.92"); ``portal.curation.fields`` converts them. The newest correction of a field
    is the facility's current fact; older ones stay as the history.
    """

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(foreign_key="facility.id", index=True, ondelete="CASCADE")
    field: str = Field(index=True)
    old_value: str | None = None
    new_value: str = ""
    effective: str | None = None  # "2024-09": when the fact became true, as the source says
    source: str  # "区民政局 2026-10 名录"
    note: str | None = None  # e.g. the precision a geocoded point reached
    user: str
    register_entry_id: int | None = Field(default=None, foreign_key="registerentry.id")
    created_at: datetime = Field(default_factory=utcnow)


class RegisterEntry(SQLModel, table=True):
    """A row of a register of operating facilities (养老机构名录, 托育机构备案名单 …).

    ``facility_id`` links it to the facility it was confirmed to be (a plan project that opened)
    or to the facility made from it when staff confirmed it as new.
    """

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="sourcedocument.id", index=True)
    line: int
    name: str
    kind_text: str = ""
    address: str = ""
    phone: str = ""
    capacity: int | None = None
    operator: str = ""
    licence: str = ""
    status_text: str = ""
    region_code: str | None = Field(default=None, foreign_key="region.code")
    facility_id: int | None = Field(default=None, foreign_key="facility.id", index=True)
    decision: str = Field(default="unmatched", index=True)  # matched / new / unmatched
    score: float | None = None
    effective: str | None = None
    source: str = ""
    user: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class KeptCorrection(SQLModel, table=True):
    """An import that would have changed a corrected field, and kept the correction instead.

    Staff review these on the worklist ("conflicts waiting"); ``reviewed_at`` marks one seen.
    """

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(foreign_key="facility.id", index=True, ondelete="CASCADE")
    field: str
    plan_value: str | None = None
    kept_value: str | None = None
    file_name: str
    user: str
    created_at: datetime = Field(default_factory=utcnow)
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None


class AuditEvent(SQLModel, table=True):
    """One line of the append-only audit log: who did what, when, to what.

    The code has no path that updates or deletes a row; the database refuses both too
    (triggers made by the migration, and by ``create_all`` through the events below).
    """

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user: str = Field(index=True)  # the staff user name ("-" for a failed login's unknown)
    action: str = Field(index=True)  # login, login_failed, upload, preview, apply, correction …
    target: str = ""
    detail: dict = json_field(dict)
    address: str | None = None  # the client's IP address


AUDIT_TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS auditevent_no_update BEFORE UPDATE ON auditevent "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS auditevent_no_delete BEFORE DELETE ON auditevent "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION auditevent_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER auditevent_no_change BEFORE UPDATE OR DELETE ON auditevent "
        "FOR EACH ROW EXECUTE FUNCTION auditevent_append_only()",
    ],
}

for _dialect, _statements in AUDIT_TRIGGERS.items():
    for _statement in _statements:
        event.listen(
            AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect)
        )
