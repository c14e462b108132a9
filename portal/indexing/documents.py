"""What the index stores of a facility, read from the database."""

from collections.abc import Iterable

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
    facility: Facility, regions: RegionNames, slugs: dict[int, str] | None = None
) -> FacilityDocument:
    """The index's record of a facility; ``slugs`` (document id → slug) saves a query per row."""
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
        document=(slugs or {}).get(facility.document_id)
        or (facility.document.slug if facility.document else None),
    )


def documents(session: Session, ids: Iterable[int] | None = None) -> list[FacilityDocument]:
    """Index records of the facilities ``ids`` (all of them if ``None``), ordered by id."""
    regions = RegionNames(session)
    slugs = {d.id: d.slug for d in session.exec(select(SourceDocument)).all()}
    query = select(Facility).order_by(Facility.id)
    if ids is not None:
        query = query.where(Facility.id.in_(list(ids)))
    return [to_document(f, regions, slugs) for f in session.exec(query).all()]
