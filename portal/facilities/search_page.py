"""From a visitor's search parameters to a page of facilities, for the HTML pages and the API.

Parameters (all optional, repeatable where plural): ``q``, ``kind``, ``audience``, ``status``,
``region`` (city or county code), ``min_beds``, ``min_places``, ``sort``
(relevance | distance | capacity | year), ``lat``/``lon`` (the visitor's location, shared with
consent) or ``near`` (a district code whose centre stands in for it), ``page``.
"""

from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlmodel import select
from werkzeug.datastructures import MultiDict

from portal.core.db import get_session
from portal.domain import Audience, FacilityKind, FacilityStatus
from portal.indexing import search_index
from portal.models import Facility, Region
from portal.places import region_name
from portal.search import SearchQuery, SearchResults

SORTS = ("relevance", "distance", "capacity", "year")
MAX_PAGE = 500


@dataclass
class SearchRequest:
    query: SearchQuery
    errors: dict[str, str] = field(default_factory=dict)
    origin_label: str | None = None  # "your location" or the district standing in for it
    origin_approximate: bool = False


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


def _choices(args: MultiDict, name: str, allowed: set[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in args.getlist(name) if v in allowed))


def _positive_int(args: MultiDict, name: str, errors: dict[str, str], upper: int) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 0 < int(raw) <= upper:
        errors[name] = _("Enter a whole number between 1 and %(upper)s.", upper=upper)
        return None
    return int(raw)


def _coordinate(raw: str | None, low: float, high: float) -> float | None:
    try:
        value = float(raw or "")
    except ValueError:
        return None
    return value if low <= value <= high else None


def parse_search_args(args: MultiDict) -> SearchRequest:
    """Read and check the parameters; bad values are reported, never raised."""
    errors: dict[str, str] = {}
    text = (args.get("q") or "").strip()[:100]
    sort = args.get("sort") if args.get("sort") in SORTS else "relevance"
    page = _positive_int(args, "page", {}, MAX_PAGE) or 1
    origin, origin_label, approximate = None, None, False
    lat = _coordinate(args.get("lat"), -90, 90)
    lon = _coordinate(args.get("lon"), -180, 180)
    if lat is not None and lon is not None:
        origin, origin_label = (lat, lon), _("your location")
    elif args.get("near"):
        region = get_session().get(Region, args["near"])
        if region and region.lat is not None:
            origin, origin_label, approximate = (region.lat, region.lon), region.name, True
        else:
            errors["near"] = _("We do not know that district.")
    if sort == "distance" and origin is None:
        sort = "relevance"
        errors.setdefault("sort", _("Share your location or pick a district to sort by distance."))
    query = SearchQuery(
        text=text,
        kinds=_choices(args, "kind", set(FacilityKind)),
        audiences=_choices(args, "audience", set(Audience)),
        statuses=_choices(args, "status", set(FacilityStatus)),
        region_codes=tuple(dict.fromkeys(c for c in args.getlist("region") if c.isdigit())),
        min_beds=_positive_int(args, "min_beds", errors, 100_000),
        min_places=_positive_int(args, "min_places", errors, 100_000),
        sort=sort,
        origin=origin,
        page=page,
        per_page=current_app.config["PAGE_SIZE"],
    )
    return SearchRequest(query, errors, origin_label, approximate)


def run_search(request: SearchRequest) -> SearchPage:
    """Search the index, then read the page's rows from the database (the source of truth)."""
    results = search_index().search(request.query)
    ids = [hit.id for hit in results.hits]
    rows = {f.id: f for f in get_session().exec(select(Facility).where(Facility.id.in_(ids)))}
    # A hit whose row has gone (deleted since the index was built) is skipped, not shown stale.
    facilities = [(rows[hit.id], hit) for hit in results.hits if hit.id in rows]
    places = [(code, region_name(code) or word) for code, word in results.interpreted_regions]
    return SearchPage(request, results, facilities, places)


FILTER_PARAMS = ("kind", "audience", "status", "region", "min_beds", "min_places", "near")


def applied_filters(args: MultiDict) -> list[tuple[str, str, dict[str, list[str]]]]:
    """Each applied filter as (parameter, value, the arguments without it) for removable chips."""
    chips = []
    for name in FILTER_PARAMS:
        for value in dict.fromkeys(v for v in args.getlist(name) if v.strip()):
            rest = {k: [v for v in args.getlist(k) if not (k == name and v == value)] for k in args}
            rest.pop("page", None)
            chips.append((name, value, {k: v for k, v in rest.items() if v}))
    return chips
