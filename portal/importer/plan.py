"""The plan: what an import would do to the database, worked out before anything is written.

Every row is new, changed (field by field), unchanged or rejected; facilities of the same
source that the file no longer lists are withdrawn (marked, never deleted).
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlmodel import Session, select

from portal.importer.documents import DocumentInfo
from portal.importer.problems import RowProblem
from portal.importer.records import COMPARED_FIELDS, ProjectRecord
from portal.models import Facility, SourceDocument

Action = Literal["new", "changed", "unchanged", "withdrawn", "rejected", "duplicate"]
ACTIONS: tuple[Action, ...] = ("new", "changed", "unchanged", "withdrawn", "rejected")
PROVENANCE_FIELDS = frozenset({"source_line", "source_end_line"})


@dataclass
class PlanEntry:
    action: Action
    name: str
    record: ProjectRecord | None = None
    facility_id: int | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class SectionCheck:
    """A total the document states, against the sum of the rows the import read."""

    section: str
    stated: float
    summed: float
    rows: int

    @property
    def agrees(self) -> bool:
        return abs(self.stated - self.summed) < 0.01


@dataclass
class ImportPlan:
    file_name: str
    file_hash: str
    file_kind: str  # "plan_text" | "csv" | "xlsx"
    document: DocumentInfo | None = None
    entries: list[PlanEntry] = field(default_factory=list)
    section_checks: list[SectionCheck] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)  # document-level findings
    indicators: list = field(default_factory=list)
    tables_seen: list[tuple[str, str | None, int]] = field(default_factory=list)
    fatal: str | None = None  # the whole file was refused: nothing can be applied
    fatal_line: int | None = None  # where in the file, when known
    too_large: bool = False  # refused by a size limit (HTTP 413) rather than unreadable (422)
    notice: str | None = None  # e.g. "this document has no project list"

    @property
    def ok(self) -> bool:
        return self.fatal is None

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(ACTIONS, 0)
        for entry in self.entries:
            if entry.action in totals:
                totals[entry.action] += 1
        return totals

    def fingerprint(self) -> str:
        """SHA-256 of what applying would do: every entry's action, key, values and changes.

        Staff approve a preview; apply recomputes the plan and refuses if this differs (another
        file, another name, or the database changed since the preview).
        """
        digest = hashlib.sha256()
        digest.update(f"{self.file_name}\0{self.file_hash}\0".encode())
        for entry in self.entries:
            values = entry.record.values() if entry.record else {}
            identity = entry.record.identity if entry.record else None
            item = [entry.action, entry.name, identity, entry.facility_id, values, entry.changes]
            digest.update(json.dumps(item, sort_keys=True, default=str).encode())
            digest.update(b"\n")
        digest.update(json.dumps(self.indicators, default=repr).encode())
        return digest.hexdigest()

    def all_problems(self) -> list[RowProblem]:
        rows = [p for e in self.entries if e.record for p in e.record.problems]
        return [*self.problems, *rows]


def existing_facilities(session: Session, slug: str) -> dict[str, Facility]:
    document = session.exec(select(SourceDocument).where(SourceDocument.slug == slug)).first()
    if document is None:
        return {}
    rows = session.exec(
        select(Facility).where(Facility.document_id == document.id).order_by(Facility.id)
    ).all()
    return {f.identity: f for f in rows}


def diff_record(record: ProjectRecord, facility: Facility) -> dict[str, tuple[Any, Any]]:
    values = record.values()
    changes = {}
    for name in COMPARED_FIELDS:
        old, new = getattr(facility, name), values.get(name)
        if _normal(old) != _normal(new):
            changes[name] = (old, new)
    if facility.withdrawn_at is not None:
        changes["withdrawn_at"] = (facility.withdrawn_at, None)
    return changes


def _normal(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if hasattr(value, "value"):  # enums compare by their stored string
        return value.value
    return value


def plan_entries(
    records: list[ProjectRecord], existing: dict[str, Facility], withdraw_missing: bool
) -> list[PlanEntry]:
    """Match records to stored facilities by identity; the same identity twice is one project."""
    records, entries = merge_duplicates(records)
    seen: dict[str, ProjectRecord] = {}
    next_suffix: dict[str, int] = {}  # per disambiguated key: the next free "#n"
    for record in records:
        if record.rejected:
            entries.append(PlanEntry("rejected", record.name, record))
            seen.setdefault(record.identity, record)  # a rejected row does not withdraw its project
            continue
        if record.identity in seen:
            _disambiguate(record, seen, next_suffix)
        seen[record.identity] = record
        stored = existing.get(record.identity)
        if stored is None:
            entries.append(PlanEntry("new", record.name, record))
            continue
        changes = diff_record(record, stored)
        # A row that only moved (an earlier row was added or removed) is unchanged to staff;
        # its new line numbers are still written, so the provenance stays right.
        action: Action = "changed" if set(changes) - PROVENANCE_FIELDS else "unchanged"
        entries.append(PlanEntry(action, record.name, record, stored.id, changes))
    if withdraw_missing:
        for identity, facility in existing.items():
            if identity not in seen and facility.withdrawn_at is None:
                entries.append(PlanEntry("withdrawn", facility.name, None, facility.id))
    return entries


def merge_duplicates(records: list[ProjectRecord]) -> tuple[list[ProjectRecord], list[PlanEntry]]:
    """A row the reader found to repeat an earlier one is folded into it, and said so on both."""
    kept: list[ProjectRecord] = []
    folded: list[PlanEntry] = []
    first_by_identity: dict[str, ProjectRecord] = {}
    for record in records:
        first = first_by_identity.get(record.identity)
        repeats = any(p.code == "duplicate_row" for p in record.problems)
        if first is not None and repeats and not record.rejected:
            first.problems.append(
                RowProblem(
                    first.source,
                    first.source_line,
                    None,
                    f"这一项目在清单中重复出现（第 {record.source_line} 行），只导入一次。",
                    "warning",
                    "duplicate_row",
                )
            )
            folded.append(PlanEntry("duplicate", record.name, record))
            continue
        first_by_identity.setdefault(record.identity, record)
        kept.append(record)
    return kept, folded


def _disambiguate(
    record: ProjectRecord, seen: dict[str, ProjectRecord], next_suffix: dict[str, int]
) -> None:
    """Two rows with one name: distinct projects in different places keep both, keyed apart.

    The n-th row of one name and place is keyed ``name@place#n``. The next free number of each
    key is remembered, so 16,000 identical rows cost 16,000 steps, not 16,000² / 2.
    """
    first = seen[record.identity]
    record.problems.append(
        RowProblem(
            record.source,
            record.source_line,
            "name",
            f"与第 {first.source_line} 行的项目同名，按不同地点的两个项目分别导入。",
            "warning",
            "same_name",
        )
    )
    base = f"{record.identity}@{record.location_text or record.source_line}"
    record.identity = base
    suffix = next_suffix.get(base, 2)
    while record.identity in seen:
        record.identity = f"{base}#{suffix}"
        suffix += 1
    next_suffix[base] = suffix
