"""City (and district) pages: the plan's facilities, targets and charts, with a map."""

from flask import Blueprint, abort, render_template

from portal.cities.pages import bounds_of, city_facilities, city_page, kind_rows, status_rows
from portal.core.db import get_session
from portal.facilities.map_documents import region_map_html
from portal.models import Region

bp = Blueprint("cities", __name__, url_prefix="/cities")


def _region(code: str) -> Region:
    region = get_session().get(Region, code)
    if region is None:
        abort(404)
    return region


@bp.get("/<code>")
def show(code: str):
    """:raise 404: if the code is not a region we know."""
    page = city_page(_region(code))
    return render_template(
        "cities/show.html", page=page, status_rows=status_rows(page), kind_rows=kind_rows(page)
    )


@bp.get("/<code>/map")
def city_map(code: str):
    region = _region(code)
    facilities = city_facilities(code)
    bounds = bounds_of(region, facilities)
    if bounds is None:
        abort(404)
    return region_map_html(facilities, bounds)
