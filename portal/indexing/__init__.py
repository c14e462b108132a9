"""Keeping the search index in step with the database.

The index is derived data: ``flask --app portal reindex`` rebuilds it from the database at any
time. Only the import/CLI process writes; web workers read and notice a newer index by themselves.

May import ``portal.core``, ``portal.models``, ``portal.places`` and ``portal.search``.
"""

from collections.abc import Iterable, Sequence
from pathlib import Path

from flask import Flask, current_app
from sqlmodel import Session, select

from portal.models import Facility, Region
from portal.search import FacilityDocument, SearchIndex


def init_app(app: Flask) -> None:
    app.extensions["search_index"] = None  # opened lazily: the first search pays, not start-up


def search_index() -> SearchIndex:
    """The app's index, opened on first use (and loaded with the gazetteer's place words)."""
    index = current_app.extensions.get("search_index")
    if index is None:
        from portal.places import place_words

        index = SearchIndex(Path(current_app.config["INDEX_DIR"]), places=place_words())
        index.open_or_create()
        current_app.extensions["search_index"] = index
    return index


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


def to_document(facility: Facility, regions: RegionNames) -> FacilityDocument:
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
    )


def documents(session: Session, ids: Iterable[int] | None = None) -> list[FacilityDocument]:
    regions = RegionNames(session)
    query = select(Facility)
    if ids is not None:
        query = query.where(Facility.id.in_(list(ids)))
    return [to_document(f, regions) for f in session.exec(query).all()]


def rebuild(session: Session) -> int:
    """Rebuild the whole index from the database; returns the number of facilities indexed."""
    docs = documents(session)
    search_index().rebuild(docs)
    return len(docs)


def update(session: Session, ids: Sequence[int]) -> None:
    """Re-index the given facilities after an import (withdrawn ones stay, flagged)."""
    if ids:
        search_index().upsert(documents(session, ids))
