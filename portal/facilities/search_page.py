"""From a visitor's search parameters to a page of facilities, for the HTML pages and the API.

Parameters (all optional, repeatable where plural): ``q``, ``kind``, ``audience``, ``status``,
``region`` (city or county code), ``doc`` (a source document's slug), ``min_beds``,
``min_places``, ``sort`` (relevance | distance | capacity | year, the last meaning soonest
planned completion), ``lat``/``lon`` (the visitor's location, shared with consent) or ``near``
(a district code whose centre stands in for it), ``view`` (list | map), ``page``.

Unless ``kind`` names them, related projects (``portal.domain.NOT_CARE_KINDS``) are left out.

Every value is checked against what it may be (the vocabulary, the gazetteer, the imported
documents), repeated values are deduplicated and bounded (``portal.core.params``), and what
was refused is said in ``errors``: nothing a visitor types can raise.
"""

from dataclasses import dataclass, field, replace
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from sqlmodel import select
from werkzeug.datastructures import MultiDict

from portal.core.db import get_session
from portal.core.params import ascii_int, distinct_values
from portal.domain import NOT_CARE_KINDS, Audience, FacilityKind, FacilityStatus
from portal.facilities.links import SearchParams
from portal.facilities.status_text import read_status_corrections
from portal.geo.gazetteer import load_default
from portal.indexing import search_index
from portal.models import Facility, Region, SourceDocument
from portal.places import region_name
from portal.search import SearchQuery, SearchResults

SORTS = ("relevance", "distance", "capacity", "year")
# A search for care leaves out plan projects that are no care place (stadiums, resorts …)
# unless the visitor picks their kind; the kind facet still counts them, so they can.
CARE_KINDS = tuple(kind.value for kind in FacilityKind if kind not in NOT_CARE_KINDS)
MAX_PAGE = 100_000  # beyond any result list; a page past the last one is reported, not replaced
MAX_CAPACITY = 100_000
MAX_QUERY_CHARS = 100
MAP_LIMIT = 2_000  # the results map draws at most this many matches, and says so when it stops
MAP_BATCH = 100  # SearchQuery's largest page


@dataclass
class SearchRequest:
    query: SearchQuery
    params: SearchParams  # what every link of the page is built from
    errors: dict[str, str] = field(default_factory=dict)
    origin_label: str | None = None  # "your location" or the district standing in for it
    origin_approximate: bool = False
    origin_region: Region | None = None  # the "near" district, when one stands in
    documents: tuple[str, ...] = ()  # source document slugs filtered on
    view: str = "list"

    @property
    def from_visitor(self) -> bool:
        """True when the visitor shared their location (rather than picking a district)."""
        return self.query.origin is not None and self.origin_region is None


@dataclass
class SearchPage:
    request: SearchRequest
    results: SearchResults
    facilities: list[tuple[Facility, Any]]  # (row, hit)
    places: list[tuple[str, str]] = field(default_factory=list)  # place words, canonical names

    @property
    def pages(self) -> int:
        per_page = self.results.per_page or 1
        return max(1, -(-self.results.total // per_page))

    @property
    def past_the_end(self) -> bool:
        """The visitor asked for a page after the last one (which exists, maybe empty)."""
        return self.results.page > self.pages


def _number(args: MultiDict, name: str, errors: dict[str, str], upper: int) -> int | None:
    raw = args.get(name) or ""
    if not raw.strip():
        return None
    value = ascii_int(raw, upper=upper, lower=1)
    if value is None:
        errors[name] = _("Enter a whole number between 1 and %(upper)s.", upper=upper)
    return value


def _coordinate(raw: str | None, low: float, high: float) -> float | None:
    try:
        value = float((raw or "")[:32])
    except ValueError:
        return None
    return value if low <= value <= high else None


class _KnownRegions:
    """The gazetteer as an ``allowed`` collection for :func:`distinct_values`."""

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in load_default()


def _document_slugs() -> set[str]:
    return set(get_session().exec(select(SourceDocument.slug)).all())


def _origin(args: MultiDict, errors: dict[str, str]) -> dict[str, Any]:
    near = (args.get("near") or "").strip()[:16]
    if not near:
        # "Use my location" drops ``near``; a district picked in the form wins over it.
        lat = _coordinate(args.get("lat"), -90, 90)
        lon = _coordinate(args.get("lon"), -180, 180)
        if lat is not None and lon is not None:
            return {"origin": (lat, lon), "label": _("your location"), "lat": lat, "lon": lon}
        return {}
    region = get_session().get(Region, near) if near.isascii() else None
    if region is None or region.lat is None:
        errors["near"] = _("We do not know that district.")
        return {}
    return {"origin": (region.lat, region.lon), "label": region.name, "region": region}


def parse_search_args(args: MultiDict) -> SearchRequest:
    """Read and check the parameters; bad values are reported, never raised."""
    errors: dict[str, str] = {}
    text = (args.get("q") or "").strip()[:MAX_QUERY_CHARS]
    raw_regions = distinct_values(args.getlist("region"))
    regions = distinct_values(raw_regions, allowed=_KnownRegions())
    if len(regions) < len(raw_regions):
        errors["region"] = _(
            "We do not know the place code %(code)s.", code=_first_unknown(raw_regions, regions)
        )
    raw_docs = distinct_values(args.getlist("doc"))
    documents = distinct_values(raw_docs, allowed=_document_slugs()) if raw_docs else ()
    if len(documents) < len(raw_docs):
        errors["doc"] = _("We do not know that source document.")
    page = 1
    if (args.get("page") or "").strip():
        page = ascii_int(args.get("page"), upper=MAX_PAGE, lower=1) or 0
        if not page:
            errors["page"] = _("There is no such page; showing the first one.")
            page = 1
    origin = _origin(args, errors)
    sort = args.get("sort") if args.get("sort") in SORTS else "relevance"
    if sort == "distance" and "origin" not in origin:
        sort = "relevance"
        errors.setdefault("sort", _("Share your location or pick a district to sort by distance."))
    min_beds = _number(args, "min_beds", errors, MAX_CAPACITY)
    min_places = _number(args, "min_places", errors, MAX_CAPACITY)
    kinds = distinct_values(args.getlist("kind"), allowed=set(FacilityKind))
    audiences = distinct_values(args.getlist("audience"), allowed=set(Audience))
    statuses = distinct_values(args.getlist("status"), allowed=set(FacilityStatus))
    view = "map" if args.get("view") == "map" else "list"
    params = SearchParams.build(
        {
            "q": text,
            "kind": kinds,
            "audience": audiences,
            "status": statuses,
            "region": regions,
            "doc": documents,
            "min_beds": str(min_beds) if min_beds else None,
            "min_places": str(min_places) if min_places else None,
            "near": origin["region"].code if "region" in origin else None,
            "lat": f"{origin['lat']:.4f}" if "lat" in origin else None,
            "lon": f"{origin['lon']:.4f}" if "lon" in origin else None,
            "sort": sort if sort != "relevance" else None,
            "view": view if view == "map" else None,
            "page": str(page) if page > 1 else None,
        }
    )
    query = SearchQuery(
        text=text,
        kinds=kinds or CARE_KINDS,
        audiences=audiences,
        statuses=statuses,
        region_codes=regions,
        documents=documents,
        min_beds=min_beds,
        min_places=min_places,
        sort=sort,
        origin=origin.get("origin"),
        page=page,
        per_page=current_app.config["PAGE_SIZE"],
    )
    return SearchRequest(
        query,
        params,
        errors,
        origin_label=origin.get("label"),
        origin_approximate="region" in origin,
        origin_region=origin.get("region"),
        documents=documents,
        view=view,
    )


def _first_unknown(given: tuple[str, ...], known: tuple[str, ...]) -> str:
    return next((code for code in given if code not in known), "")[:16]


def run_search(request: SearchRequest) -> SearchPage:
    """Search the index, then read the page's rows from the database (the source of truth)."""
    results = search_index().search(request.query)
    facilities = _rows(results.hits)
    places = [(code, region_name(code) or word) for code, word in results.interpreted_regions]
    return SearchPage(request, results, facilities, places)


def _rows(hits: list[Any]) -> list[tuple[Facility, Any]]:
    ids = [hit.id for hit in hits]
    # The plans with the rows, in one query: every card dates its status by its plan.
    query = select(Facility).where(Facility.id.in_(ids)).options(selectinload(Facility.document))
    rows = {f.id: f for f in get_session().exec(query)}
    read_status_corrections(list(rows.values()))  # one query, not one per card
    # A hit whose row has gone (deleted since the index was built) is skipped, not shown stale.
    return [(rows[hit.id], hit) for hit in hits if hit.id in rows]


@dataclass
class MapMatches:
    facilities: list[Facility]
    total: int  # every match of the search

    @property
    def complete(self) -> bool:
        return len(self.facilities) >= self.total


def all_matches(request: SearchRequest, limit: int = MAP_LIMIT) -> MapMatches:
    """Every match of the search (not just the page shown), up to ``limit``, for the map."""
    index = search_index()
    found: list[Facility] = []
    total, page = 0, 1
    while len(found) < limit:
        query = _with_page(request.query, page)
        results = index.search(query)
        total = results.total
        found.extend(f for f, _hit in _rows(results.hits))
        if page * MAP_BATCH >= total or not results.hits:
            break
        page += 1
    return MapMatches(found[:limit], total)


def _with_page(query: SearchQuery, page: int) -> SearchQuery:
    return replace(query, page=page, per_page=MAP_BATCH)
