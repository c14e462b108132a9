"""Corrections: staff set a fact of a facility, with its source, date and the value it replaced.

The newest correction of a field is the facility's current fact. An import that would change a
corrected field keeps the correction unless staff override that field (``protect_plan``).
"""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from portal.curation.fields import FIELDS, IMPORT_COLUMNS, apply_value, facility_value, import_value
from portal.domain import Precision
from portal.importer.plan import PROVENANCE_FIELDS, ImportPlan
from portal.models import Correction, Facility, KeptCorrection
from portal.models._types import utcnow


def correct(
    session: Session,
    facility: Facility,
    values: dict[str, str],
    *,
    source: str,
    effective: str | None,
    user: str,
    precision: Precision | None = None,
    note: str | None = None,
    register_entry_id: int | None = None,
) -> list[Correction]:
    """Record and apply the values that differ from the facility's current ones.

    ``values`` are cleaned texts (``fields.clean_value``); an empty text clears a fact.
    """
    current = current_facts(session, [facility.id]).get(facility.id, {})
    made = []
    for field, new in values.items():
        if field not in FIELDS:
            continue
        fact = current.get(field)
        old = fact.new_value if fact is not None else facility_value(facility, field)
        if (old or "") == new and not (field == "coordinates" and precision):
            continue
        correction = Correction(
            facility_id=facility.id,
            field=field,
            old_value=old,
            new_value=new,
            effective=effective or None,
            source=source,
            note=note if field == "coordinates" else None,
            user=user,
            register_entry_id=register_entry_id,
        )
        session.add(correction)
        apply_value(facility, field, new, precision)
        made.append(correction)
    if made:
        facility.updated_at = facility.verified_at = utcnow()
        session.add(facility)
        session.flush()
    return made


def current_facts(session: Session, facility_ids: list[int]) -> dict[int, dict[str, Correction]]:
    """facility id → field → its newest correction."""
    if not facility_ids:
        return {}
    rows = session.exec(
        select(Correction)
        .where(col(Correction.facility_id).in_(facility_ids))
        .order_by(col(Correction.id))
    ).all()
    facts: dict[int, dict[str, Correction]] = {}
    for row in rows:  # oldest first: the newest wins
        facts.setdefault(row.facility_id, {})[row.field] = row
    return facts


def history(session: Session, facility_id: int) -> list[Correction]:
    """Every correction of a facility, oldest first."""
    query = select(Correction).where(Correction.facility_id == facility_id)
    return list(session.exec(query.order_by(col(Correction.id))).all())


def first_values(rows: list[Correction]) -> dict[str, str | None]:
    """What each field was before staff first corrected it (for imported ones: the plan's)."""
    first: dict[str, str | None] = {}
    for row in rows:
        first.setdefault(row.field, row.old_value)
    return first


@dataclass
class Conflict:
    """An import would change a corrected field: what the file says and what staff said."""

    facility_id: int
    name: str
    field: str
    plan_value: str | None
    corrected: Correction
    override: bool = False  # staff chose the file's value for this field


def protect_plan(
    plan: ImportPlan, session: Session, overrides: set[tuple[int, str]] | frozenset = frozenset()
) -> list[Conflict]:
    """Take corrected fields out of the plan's changes unless ``(facility_id, field)`` is in
    ``overrides``; return every such conflict. A row left with no change becomes unchanged."""
    ids = [e.facility_id for e in plan.entries if e.facility_id and e.changes]
    facts = current_facts(session, ids)
    conflicts: list[Conflict] = []
    for entry in plan.entries:
        corrected = facts.get(entry.facility_id or 0)
        if not corrected or not entry.changes:
            continue
        seen: set[str] = set()
        for column in list(entry.changes):
            field = IMPORT_COLUMNS.get(column)
            if field is None or field not in corrected:
                continue
            override = (entry.facility_id, field) in overrides
            if field not in seen:
                seen.add(field)
                new = entry.changes[column][1]
                plan_text = import_value(column, new)
                if field == "coordinates":
                    lat, lon = (
                        entry.changes.get("lat", (None, None))[1],
                        entry.changes.get("lon", (None, None))[1],
                    )
                    plan_text = f"{lat:.6f},{lon:.6f}" if lat is not None and lon else None
                conflicts.append(
                    Conflict(
                        entry.facility_id, entry.name, field, plan_text, corrected[field], override
                    )
                )
            if not override:
                del entry.changes[column]
        if entry.action == "changed" and not set(entry.changes) - PROVENANCE_FIELDS:
            entry.action = "unchanged"
    return conflicts


def keep_corrections(
    plan: ImportPlan, session: Session, *, overrides: set[tuple[int, str]], user: str
) -> list[Conflict]:
    """At apply: protect the corrections, record each kept one for the worklist, and record an
    overridden one as a correction back to the file's value (so the page says who chose it)."""
    conflicts = protect_plan(plan, session, overrides)
    for conflict in conflicts:
        if conflict.override:
            session.add(
                Correction(
                    facility_id=conflict.facility_id,
                    field=conflict.field,
                    old_value=conflict.corrected.new_value,
                    new_value=conflict.plan_value or "",
                    source=plan.file_name,
                    user=user,
                )
            )
        else:
            session.add(
                KeptCorrection(
                    facility_id=conflict.facility_id,
                    field=conflict.field,
                    plan_value=conflict.plan_value,
                    kept_value=conflict.corrected.new_value,
                    file_name=plan.file_name,
                    user=user,
                )
            )
    return conflicts


def parse_overrides(values: list[str]) -> set[tuple[int, str]]:
    """``["12:status", …]`` from the preview's ticked boxes; anything else is ignored."""
    found = set()
    for value in values[:10_000]:
        facility, _sep, field = value.partition(":")
        if facility.isascii() and facility.isdigit() and len(facility) < 19 and field in FIELDS:
            found.add((int(facility), field))
    return found
