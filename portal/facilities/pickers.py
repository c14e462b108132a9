"""The place pickers of the search form: filter regions and "near" districts."""

from sqlmodel import select

from portal.core.db import get_session
from portal.indexing import search_index
from portal.models import Region, SourceDocument


def filter_regions() -> dict[str, Region]:
    """The regions facilities are filed under (their cities and counties), by code.

    The codes come from the search index's facets, which every facility is in, so a page
    does not scan the facility table for them.
    """
    index = search_index()
    codes = index.facet_values("city") | index.facet_values("county")
    session = get_session()
    return {r.code: r for r in session.exec(select(Region).where(Region.code.in_(codes)))}


def near_choices() -> list[tuple[str, list[Region]]]:
    """Districts for the "near" picker (a district's centre stands in for a location), grouped
    by city: every district with facilities, and every district a source plan covers, even
    one whose plan lists no facility (泰州市海陵区), so its residents can find the nearest."""
    session = get_session()
    plan_codes = [c for c in session.exec(select(SourceDocument.region_code)).all() if c]
    codes = set(search_index().facet_values("county")) | set(plan_codes)
    counties = (Region.code.in_(codes)) | (Region.parent_code.in_(plan_codes))
    rows = session.exec(
        select(Region).where(counties, Region.level == "county", Region.lat.is_not(None))
    ).all()
    cities = {r.code: r for r in session.exec(select(Region).where(Region.level == "city"))}
    groups: dict[str, list[Region]] = {}
    for region in sorted(rows, key=lambda r: r.code):
        city = cities.get(region.parent_code or "")
        groups.setdefault(city.name if city else "", []).append(region)
    return list(groups.items())
