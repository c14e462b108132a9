"""How far a facility is, said no more precisely than we know it.

Most plans place a project only in its district (towns have no point of their own: see
``data/gazetteer/README.md``), so a distance from a district picked as "near" to a facility
in that same district is no distance at all, and a distance to another district is the
distance between the two district centres. Saying "0.0 km" or "7.2 km" there would be false
precision; these texts say what the number is.
"""

from typing import Any

from flask_babel import gettext as _

from portal.core.i18n import format_km
from portal.domain import Precision
from portal.models import Facility


def in_region(facility: Facility, code: str) -> bool:
    """Whether the plan places the facility in the region ``code`` (any of its sites)."""
    return code in (facility.county_code, facility.region_code, *facility.place_codes)


def distance_text(facility: Facility, hit: Any, search: Any) -> str:
    """The distance line of a result card, or "" when there is nothing honest to say."""
    km = getattr(hit, "distance_km", None)
    if km is None:
        return ""
    district = search.origin_region
    exact = facility.precision == Precision.EXACT
    if district is not None:
        if in_region(facility, district.code):
            return _("Also in %(place)s", place=district.name)
        if not exact:
            return _(
                "about %(km)s km between district centres",
                km=format_decimal_km(km),
            )
        return _(
            "about %(km)s km from the centre of %(place)s", km=format_km(km), place=district.name
        )
    if not exact:
        return _(
            "about %(km)s km to the centre of its district (location approximate)",
            km=format_decimal_km(km),
        )
    return _("about %(km)s km", km=format_km(km))


def format_decimal_km(km: float) -> str:
    """Whole kilometres for distances between centres: a decimal would claim a precision the
    points do not have."""
    return str(max(1, round(km)))
