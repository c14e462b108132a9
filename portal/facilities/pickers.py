"""The place pickers of the search form: filter regions and "near" districts."""

from sqlmodel import select

from portal.core.db import get_session
from portal.indexing import search_index
from portal.models import Region


def filter_regions() -> dict[str, Region]:
    """The regions facilities are filed under (their cities and counties), by code.

    The codes come from the search index's facets, which every facility is in, so a page
    does not scan the facility table for them.
    """
    index = search_index()
    codes = index.facet_values("city") | index.facet_values("county")
    session = get_session()
    return {r.code: r for r in session.exec(select(Region).where(Region.code.in_(codes)))}


def near_choices() -> list[Region]:
    """Counties with facilities, for the "near" picker (a district stands in for a location)."""
    codes = search_index().facet_values("county")
    rows = get_session().exec(
        select(Region).where(Region.code.in_(codes), Region.lat.is_not(None)).order_by(Region.code)
    )
    return list(rows)
