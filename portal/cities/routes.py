"""City (and district) pages: the plan's facilities, targets and charts, with a map."""

from flask import Blueprint, abort, render_template, request

from portal.cities.map_data import city_map_document
from portal.cities.pages import city_page, kind_rows, status_rows
from portal.core.db import get_session
from portal.core.params import ascii_int
from portal.facilities.map_documents import map_response
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
    # Nonsense reads as page 1 and a page beyond the last shows the last: never an error.
    number = ascii_int(request.args.get("page"), upper=1_000_000, lower=1) or 1
    page = city_page(_region(code), number)
    return render_template(
        "cities/show.html", page=page, status_rows=status_rows(page), kind_rows=kind_rows(page)
    )


@bp.get("/<code>/map")
def city_map(code: str):
    """:raise 404: if the place is unknown, or neither its facilities nor it have a location."""
    html = city_map_document(_region(code))
    if html is None:
        abort(404)
    return map_response(html)
