"""Apply a plan to the database inside the caller's transaction (all or nothing)."""

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, select

from portal.importer.documents import document_slug
from portal.importer.plan import ImportPlan
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
    created: list[Facility] = []
    for entry in plan.entries:
        if entry.action == "new":
            created.append(
                Facility(
                    document_id=document.id,
                    identity=entry.record.identity,
                    imported_at=now,
                    updated_at=now,
                    **entry.record.values(),
                )
            )
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
    # One flush for every new row: SQLAlchemy sends them as batched INSERT … RETURNING
    # (a flush per row was the largest part of writing a 10,000-row list).
    session.add_all(created)
    if plan.indicators or plan.document:
        _replace_indicators(plan, document, session)
    session.flush()
    touched.extend(facility.id for facility in created)
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
