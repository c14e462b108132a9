"""A city's (or district's) plan at a glance: facilities by status and kind, targets, charts."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from markupsafe import Markup
from sqlmodel import or_, select

from portal.cities.charts import bar_chart, grouped_bar_chart
from portal.core.db import get_session
from portal.domain.labels import KIND_LABELS, STATUS_LABELS, label
from portal.models import Facility, Indicator, Region, SourceDocument


@dataclass
class CityPage:
    region: Region
    documents: list[SourceDocument]
    facilities: list[Facility]
    indicators: list[Indicator]
    by_status: Counter = field(default_factory=Counter)
    by_kind: Counter = field(default_factory=Counter)
    charts: list[Markup] = field(default_factory=list)


def city_facilities(code: str) -> list[Facility]:
    return list(
        get_session()
        .exec(
            select(Facility)
            .where(or_(Facility.city_code == code, Facility.county_code == code))
            .where(Facility.withdrawn_at.is_(None))
            .order_by(Facility.status, Facility.name)
        )
        .all()
    )


def city_page(region: Region) -> CityPage:
    session = get_session()
    documents = list(
        session.exec(select(SourceDocument).where(SourceDocument.region_code == region.code))
    )
    facilities = city_facilities(region.code)
    indicators = list(
        session.exec(
            select(Indicator)
            .where(Indicator.document_id.in_([d.id for d in documents]))
            .order_by(Indicator.document_id, Indicator.source_line)
        )
    )
    page = CityPage(region, documents, facilities, indicators)
    page.by_status = Counter(f.status for f in facilities)
    page.by_kind = Counter(f.kind for f in facilities)
    page.charts = charts(facilities)
    return page


def charts(facilities: list[Facility]) -> list[Markup]:
    """Capacity by county, and planned beds and places by the year projects finish."""
    names = {
        r.code: r.name
        for r in get_session().exec(
            select(Region).where(Region.code.in_({f.county_code for f in facilities} - {None}))
        )
    }
    beds: dict[str, float] = defaultdict(float)
    places: dict[str, float] = defaultdict(float)
    by_year: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for f in facilities:
        where = names.get(f.county_code or "", _("Citywide or unplaced"))
        beds[where] += f.beds or 0
        places[where] += f.childcare_places or 0
        if f.period_end:
            by_year[f.period_end][0] += f.beds or 0
            by_year[f.period_end][1] += f.childcare_places or 0
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


def status_rows(page: CityPage) -> list[tuple[str, int]]:
    return [(label(STATUS_LABELS, s), n) for s, n in page.by_status.most_common()]


def kind_rows(page: CityPage) -> list[tuple[str, int]]:
    return [(label(KIND_LABELS, k), n) for k, n in page.by_kind.most_common()]


def bounds_of(region: Region, facilities: list[Facility]):
    """Map bounds around the region's facilities, or around its centre when none is placed."""
    points = [(f.lat, f.lon) for f in facilities if f.lat is not None]
    if not points and region.lat is not None:
        points = [(region.lat, region.lon)]
    if not points:
        return None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    pad = 0.15
    return ((min(lats) - pad, min(lons) - pad), (max(lats) + pad, max(lons) + pad))
