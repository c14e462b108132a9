"""What the index stores of a facility, read from the database.

Rows are read as plain column tuples, a batch at a time: an ORM object per facility cost
more than the document made from it, and a build at province scale held every one of them.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from portal.models import Facility, Region, SourceDocument
from portal.search import FacilityDocument


class RegionNames:
    """Region names and ancestors, read once per indexing run instead of once per facility."""

    def __init__(self, session: Session) -> None:
        self.by_code = {r.code: r for r in session.exec(select(Region)).all()}

    def lineage(self, code: str | None) -> list[Region]:
        chain: list[Region] = []
        while code and code in self.by_code and len(chain) < 6:
            region = self.by_code[code]
            chain.append(region)
            code = region.parent_code
        return chain

    def name(self, code: str | None) -> str | None:
        region = self.by_code.get(code) if code else None
        return region.name if region else None


def to_document(
    facility: Any, regions: RegionNames, slugs: dict[int, str] | None = None
) -> FacilityDocument:
    """The index's record of a facility (a :class:`Facility` or a row of :data:`COLUMNS`).

    ``slugs`` (document id → slug) saves a query per row; without it a Facility's own
    document is read.
    """
    codes: dict[str, None] = {}
    names: dict[str, None] = {}
    for code in [facility.region_code, *facility.place_codes]:
        for region in regions.lineage(code):
            codes[region.code] = None
            names[region.name] = None
            names.update(dict.fromkeys(region.aliases))
    return FacilityDocument(
        id=facility.id,
        name=facility.name,
        kind=facility.kind,
        audience=facility.audience,
        status=facility.status,
        city_code=facility.city_code,
        city_name=regions.name(facility.city_code),
        county_code=facility.county_code,
        county_name=regions.name(facility.county_code),
        region_codes=tuple(codes),
        region_names=tuple(names),
        address=facility.location_text,
        content=facility.content,
        operator=facility.operator,
        beds=facility.beds,
        childcare_places=facility.childcare_places,
        start_year=facility.period_start,
        end_year=facility.period_end,
        lat=facility.lat,
        lon=facility.lon,
        precision=facility.precision,
        withdrawn=facility.withdrawn_at is not None,
        document=slugs.get(facility.document_id)
        if slugs is not None
        else (facility.document.slug if facility.document else None),
    )


# What to_document reads of a facility row.
COLUMNS = (
    Facility.id,
    Facility.name,
    Facility.kind,
    Facility.audience,
    Facility.status,
    Facility.city_code,
    Facility.county_code,
    Facility.region_code,
    Facility.place_codes,
    Facility.location_text,
    Facility.content,
    Facility.operator,
    Facility.beds,
    Facility.childcare_places,
    Facility.period_start,
    Facility.period_end,
    Facility.lat,
    Facility.lon,
    Facility.precision,
    Facility.withdrawn_at,
    Facility.document_id,
)
BATCH = 2000


def documents(session: Session, ids: Iterable[int] | None = None) -> list[FacilityDocument]:
    """Index records of the facilities ``ids`` (all of them if ``None``), ordered by id."""
    if ids is None:
        return list(stream_documents(session))
    wanted = sorted(set(ids))
    regions, slugs = RegionNames(session), _slugs(session)
    found: list[FacilityDocument] = []
    for start in range(0, len(wanted), BATCH):  # bounded IN lists
        query = _rows().where(Facility.id.in_(wanted[start : start + BATCH]))
        found.extend(_made(session, query, regions, slugs))
    return found


def stream_documents(
    session: Session, first: int | None = None, last: int | None = None
) -> Iterator[FacilityDocument]:
    """Index records of the facilities with ``first <= id <= last``, by id, read
    :data:`BATCH` rows at a time (a build never holds every row)."""
    query = _rows()
    if first is not None:
        query = query.where(Facility.id >= first)
    if last is not None:
        query = query.where(Facility.id <= last)
    return _made(session, query, RegionNames(session), _slugs(session))


def _rows() -> Any:
    return select(*COLUMNS).order_by(Facility.id)


def _slugs(session: Session) -> dict[int, str]:
    return {d.id: d.slug for d in session.exec(select(SourceDocument)).all()}


def _made(
    session: Session, query: Any, regions: RegionNames, slugs: dict[int, str]
) -> Iterator[FacilityDocument]:
    for row in session.execute(query.execution_options(yield_per=BATCH)):
        yield to_document(row, regions, slugs)


def facility_count(session: Session) -> int:
    """Facility rows, withdrawn ones included (each is a document)."""
    return session.execute(select(func.count()).select_from(Facility)).scalar_one()


def id_ranges(session: Session, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous ``(first, last)`` id ranges holding about as many facilities each."""
    total = facility_count(session)
    if total == 0:
        return []
    size = -(-total // parts)
    ranked = (
        select(Facility.id, func.row_number().over(order_by=Facility.id).label("n"))
    ).subquery()
    # The id that starts each share: rows number 1, size+1, 2·size+1, …
    starts = [
        row[0]
        for row in session.execute(
            select(ranked.c.id).where((ranked.c.n - 1) % size == 0).order_by(ranked.c.id)
        )
    ]
    ends = [start - 1 for start in starts[1:]]
    last = session.execute(select(func.max(Facility.id))).scalar_one()
    return list(zip(starts, [*ends, last], strict=True))
