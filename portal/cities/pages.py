"""A city's (or district's) plan at a glance: facilities by status and kind, targets, charts.

Counts and chart totals come from one SQL ``GROUP BY`` (one scan of the place's rows, kept per
data version) and the list is one page of ``PAGE_SIZE``: a city of 500,000 facilities once
took 3.9 s because the page loaded every row.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlmodel import col, func, select

from portal.cities.cache import app_cache
from portal.cities.charts import bar_chart, grouped_bar_chart
from portal.cities.map_data import in_place
from portal.core.db import get_session
from portal.domain.labels import KIND_LABELS, STATUS_LABELS, label
from portal.indexing.request_version import request_data_token
from portal.models import Facility, Indicator, Region, SourceDocument

PAGE_SIZE = 50
TALLY_CACHE_SIZE = 256  # places whose counts are kept per process (a few KB each)


@dataclass(frozen=True)
class ListPages:
    """What ``_macros.pagination`` needs: the URL of page ``n`` of a place's list."""

    code: str

    def page_url(self, n: int) -> str:
        return url_for("cities.show", code=self.code, page=n) + "#projects"


@dataclass
class CityPage:
    region: Region
    documents: list[SourceDocument]
    indicators: list[Indicator]
    total: int = 0
    facilities: list[Facility] = field(default_factory=list)  # this page of the list
    page: int = 1
    pages: int = 1
    by_status: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    charts: list[Markup] = field(default_factory=list)

    @property
    def links(self) -> ListPages:
        return ListPages(self.region.code)

    @property
    def first_shown(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.facilities else 0

    @property
    def last_shown(self) -> int:
        return self.first_shown + len(self.facilities) - 1 if self.facilities else 0


@dataclass(frozen=True)
class Tally:
    """The place's facilities of one status, kind, county and end year: how many, what size."""

    status: str
    kind: str
    county_code: str | None
    period_end: int | None
    count: int
    beds: float
    places: float


def tallies(region: Region) -> list[Tally]:
    """Every (status, kind, county, end year) group of the place, read in one scan and kept
    per data version (the groups are few: statuses × kinds × counties × years)."""
    session = get_session()
    key = (request_data_token(), region.code)
    cache = app_cache("tallies", TALLY_CACHE_SIZE)
    cached = cache.get(key)
    if cached is not None:
        return cached
    group = (Facility.status, Facility.kind, Facility.county_code, Facility.period_end)
    rows = session.exec(
        select(
            *group,
            func.count(),
            func.sum(Facility.beds),
            func.sum(Facility.childcare_places),
        )
        .where(in_place(region))
        .group_by(*group)
    ).all()
    return cache.put(
        key,
        [
            Tally(str(s), str(k), c, int(y) if y else None, int(n), float(b or 0), float(p or 0))
            for s, k, c, y, n, b, p in rows
        ],
    )


def _counts(groups: list[Tally], attribute: str) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for tally in groups:
        counts[getattr(tally, attribute)] += tally.count
    return dict(counts)


def city_page(region: Region, page: int = 1) -> CityPage:
    """The page of ``region``; ``page`` beyond the last shows the last page."""
    session = get_session()
    documents = list(
        session.exec(select(SourceDocument).where(SourceDocument.region_code == region.code))
    )
    indicators = list(
        session.exec(
            select(Indicator)
            .where(col(Indicator.document_id).in_([d.id for d in documents]))
            .order_by(Indicator.document_id, Indicator.source_line)
        )
    )
    where = in_place(region)
    groups = tallies(region)
    result = CityPage(region, documents, indicators)
    result.by_status = _counts(groups, "status")
    result.by_kind = _counts(groups, "kind")
    result.total = sum(result.by_status.values())
    result.pages = max(1, math.ceil(result.total / PAGE_SIZE))
    result.page = min(max(page, 1), result.pages)
    result.facilities = list(
        session.exec(
            select(Facility)
            .where(where)
            .order_by(Facility.id)  # the plans' own order; an index walk, no sort
            .offset((result.page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
    )
    result.charts = charts(groups)
    return result


def charts(groups: list[Tally]) -> list[Markup]:
    """Capacity by county, and planned beds and places by the year projects finish."""
    codes = {t.county_code for t in groups} - {None}
    names = {
        r.code: r.name
        for r in get_session().exec(select(Region).where(col(Region.code).in_(codes)))
    }
    beds: dict[str, float] = defaultdict(float)
    places: dict[str, float] = defaultdict(float)
    by_year: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for tally in groups:
        where = names.get(tally.county_code or "", _("Citywide or unplaced"))
        beds[where] += tally.beds
        places[where] += tally.places
        if tally.period_end:
            by_year[tally.period_end][0] += tally.beds
            by_year[tally.period_end][1] += tally.places
    out: list[Markup] = []
    for title, data, unit in (
        (_("Beds planned, by county or district"), beds, _("beds")),
        (_("Childcare places planned, by county or district"), places, _("places")),
    ):
        items = sorted(((k, v) for k, v in data.items() if v), key=lambda kv: -kv[1])
        if items:
            out.append(
                bar_chart(
                    items,
                    title=title,
                    description=_("Totals of the capacities stated in the plan's project list."),
                    unit=unit,
                )
            )
    years = sorted(y for y, (b, p) in by_year.items() if b or p)
    if years:
        out.append(
            grouped_bar_chart(
                [str(y) for y in years],
                [
                    (_("Beds"), [by_year[y][0] for y in years]),
                    (_("Childcare places"), [by_year[y][1] for y in years]),
                ],
                title=_("Beds and childcare places by the year projects are due to finish"),
                description=_("Projects without a stated end year are not counted."),
                unit="",
            )
        )
    return out


def _most_common(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: -kv[1])


def status_rows(page: CityPage) -> list[tuple[str, int]]:
    return [(label(STATUS_LABELS, s), n) for s, n in _most_common(page.by_status)]


def kind_rows(page: CityPage) -> list[tuple[str, int]]:
    return [(label(KIND_LABELS, k), n) for k, n in _most_common(page.by_kind)]
