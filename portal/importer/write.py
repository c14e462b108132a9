"""Apply a plan to the database inside the caller's transaction (all or nothing)."""

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert
from sqlmodel import Session, select

from portal.importer.documents import document_slug
from portal.importer.plan import ImportPlan
from portal.importer.records import ProjectRecord
from portal.indexing import record_change
from portal.models import Facility, ImportRun, Indicator, SourceDocument
from portal.models._types import utcnow
from portal.subsidies.links import link_facilities


def write_plan(
    plan: ImportPlan, session: Session, *, user: str, started_at: datetime | None = None
) -> tuple[ImportRun, list[int]]:
    """Write the plan's document, facilities, withdrawals and indicators; record the run.

    ``started_at`` is when the import began (before reading the file); the run records it, so
    ``started_at <= finished_at``. Returns the run and the ids of facilities whose index
    entries must be refreshed.
    """
    now = utcnow()
    started_at = started_at or now
    document = _upsert_document(plan, session)
    touched: list[int] = []
    created: list[dict[str, Any]] = []
    for entry in plan.entries:
        if entry.action == "new":
            created.append(_new_row(entry.record, document.id, now))
        elif entry.changes:  # changed, or unchanged but moved to other lines
            facility = session.get(Facility, entry.facility_id)
            for name, (_old, new) in entry.changes.items():
                setattr(facility, name, new)
            if entry.action == "changed":
                facility.updated_at = now
                touched.append(facility.id)
        elif entry.action == "withdrawn":
            facility = session.get(Facility, entry.facility_id)
            facility.withdrawn_at = now
            touched.append(facility.id)
    session.flush()
    if created:
        # One executemany of plain rows: a Facility object per row cost more than sending it,
        # and SQLAlchemy's INSERT … RETURNING in batches splices its results quadratically
        # (10,000 rows: 3.0 s as objects, 17 s with RETURNING). Identities are unique within
        # a document (``plan_entries``), so the new ids are read back by identity.
        session.execute(insert(Facility.__table__), created)
        new = {row["identity"] for row in created}
        ids = session.execute(
            select(Facility.id, Facility.identity).where(Facility.document_id == document.id)
        )
        touched.extend(facility_id for facility_id, identity in ids if identity in new)
    if plan.indicators or plan.document:
        _replace_indicators(plan, document, session)
    session.flush()
    link_facilities(session, touched)
    run = ImportRun(
        file_name=plan.file_name,
        file_hash=plan.file_hash,
        document_id=document.id,
        user=user,
        applied=True,
        counts=plan.counts(),
        problems=[asdict(p) for p in plan.all_problems()],
        message=plan.notice,
        started_at=started_at,
        finished_at=utcnow(),
    )
    session.add(run)
    session.flush()
    # The change feed in this same transaction: every host's index follows from it.
    record_change(session, touched)
    return run, touched


# What a new row may leave out, with the default the model would give it (the JSON lists
# have no column default, only the model's default factory).
_DEFAULTS = {
    name: field.default
    for name, field in Facility.model_fields.items()
    if name != "id" and not field.is_required() and field.default_factory is None
}
_DEFAULT_FACTORIES = {
    name: field.default_factory
    for name, field in Facility.model_fields.items()
    if field.default_factory is not None
}


def _new_row(record: ProjectRecord, document_id: int | None, now: datetime) -> dict[str, Any]:
    """A new facility's column values, as ``Facility(...)`` would have set them."""
    row = dict(_DEFAULTS)
    row.update({name: make() for name, make in _DEFAULT_FACTORIES.items()})
    row.update(record.values())
    row.update(document_id=document_id, identity=record.identity, imported_at=now, updated_at=now)
    return row


def _upsert_document(plan: ImportPlan, session: Session) -> SourceDocument:
    info = plan.document
    slug = document_slug(plan.file_name)
    document = session.exec(select(SourceDocument).where(SourceDocument.slug == slug)).first()
    document = document or SourceDocument(
        slug=slug, title="", place_name="", file_name="", file_hash=""
    )
    document.title = info.title if info else plan.file_name
    document.place_name = info.place_name if info else ""
    document.region_code = info.region_code if info else None
    if info:
        document.status = info.status
        document.status_text = info.status_text
        document.year = info.year
        document.issued_on = info.issued_on
    document.file_name = plan.file_name
    document.file_hash = plan.file_hash
    document.imported_at = utcnow()
    session.add(document)
    session.flush()
    return document


def _replace_indicators(plan: ImportPlan, document: SourceDocument, session: Session) -> None:
    session.exec(delete(Indicator).where(Indicator.document_id == document.id))
    for record in plan.indicators:
        session.add(
            Indicator(
                document_id=document.id,
                region_code=document.region_code,
                category=record.category,
                name=record.name,
                unit=record.unit,
                baseline_year=record.baseline_year,
                baseline_value=record.baseline_value,
                target_year=record.target_year,
                target_value=record.target_value,
                target_number=record.target_number,
                comparator=record.comparator,
                attribute=record.attribute,
                responsible=record.responsible,
                yearly={str(k): v for k, v in record.yearly.items()},
                source_line=record.line,
            )
        )
