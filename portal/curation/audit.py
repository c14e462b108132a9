"""The audit log: append-only rows of who did what (logins, uploads, previews, applies,
corrections, account changes), and its CSV export.

There is deliberately no function here (or anywhere) that updates or deletes an event; the
database refuses both as well (triggers in migration 0003_staff).
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, select

from portal.core import db
from portal.models import AuditEvent

ACTIONS = (
    "login",
    "login_failed",
    "logout",
    "upload",
    "preview",
    "apply",
    "correction",
    "register_preview",
    "register_apply",
    "conflict_reviewed",
    "account_created",
    "account_changed",
)
CSV_COLUMNS = ("id", "at", "user", "action", "target", "address", "detail")
# Spreadsheets run a cell starting with one of these as a formula (=HYPERLINK(…) phones home).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def record(
    action: str,
    user: str,
    target: str = "",
    detail: dict[str, Any] | None = None,
    *,
    address: str | None = None,
    session: Session | None = None,
) -> AuditEvent:
    """Append one event: in ``session`` (committed with the action) or in its own transaction
    (for what must be recorded even when the action itself fails, such as a refused login)."""
    event = AuditEvent(
        user=(user or "-")[:150],
        action=action,
        target=(target or "")[:500],
        detail=detail or {},
        address=address,
    )
    if session is not None:
        session.add(event)
        return event
    with db.transaction() as own:
        own.add(event)
    return event


def events(
    session: Session, *, action: str | None = None, user: str | None = None, limit: int = 500
) -> list[AuditEvent]:
    """The newest events first, optionally of one action or one user."""
    query = select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(limit)
    if action:
        query = query.where(AuditEvent.action == action)
    if user:
        query = query.where(AuditEvent.user == user)
    return list(session.exec(query).all())


def neutralise(value: object) -> str:
    """A cell a spreadsheet shows as text: formulas get a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_csv(rows: Iterable[AuditEvent]) -> str:
    """The events as CSV with a BOM (so Excel reads UTF-8), every cell formula-neutralised."""
    import json

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for event in rows:
        writer.writerow(
            [
                neutralise(v)
                for v in (
                    event.id,
                    event.at.isoformat(timespec="seconds"),
                    event.user,
                    event.action,
                    event.target,
                    event.address or "",
                    json.dumps(event.detail, ensure_ascii=False, sort_keys=True),
                )
            ]
        )
    return buffer.getvalue()
