"""Facility search, lists and detail pages, with their maps."""

from flask import Blueprint, abort, render_template, request

from portal.core.db import get_session
from portal.facilities.details import facility_context
from portal.facilities.distances import distance_text
from portal.facilities.labels import facet_title, filter_label
from portal.facilities.links import filter_chips
from portal.facilities.map_documents import facility_map_html, results_map_html
from portal.facilities.pickers import pickers
from portal.facilities.search_page import MAP_LIMIT, all_matches, parse_search_args, run_search
from portal.facilities.status_text import dated_status
from portal.models import Facility

bp = Blueprint("facilities", __name__, url_prefix="/facilities")
# Every template that shows a facility (cards on city and service pages too) dates its status.
bp.add_app_template_global(dated_status, "dated_status")

# Row ids are SQLite/PostgreSQL integers: a larger number names no facility (and would overflow).
MAX_ID = 2**63 - 1


@bp.get("/")
def index():
    search = parse_search_args(request.args)
    page = run_search(search)
    html = render_template(
        "facilities/index.html",
        page=page,
        search=search,
        q=search.query.text,
        params=search.params,
        chips=filter_chips(search.params),
        pickers=pickers(),  # computed once per data version
        filter_label=filter_label,
        facet_title=facet_title,
        distance_text=distance_text,
        show_map=search.view == "map",
        next_url=search.params.url(),  # the language switch comes back to the same search
    )
    # A page after the last one is not a page of these results: say so, as a 404.
    return html, 404 if page.past_the_end else 200


@bp.get("/map")
def results_map():
    """The results map as its own document, embedded in the results page by an ``<iframe>``.

    It draws every match of the search (clustered), not only the page the list shows.
    """
    matches = all_matches(parse_search_args(request.args))
    return results_map_html(matches.facilities, matches.total, MAP_LIMIT)


def _facility_or_404(facility_id: int) -> Facility:
    """:raise 404: if there is no facility with that id (or the id cannot be one)."""
    facility = get_session().get(Facility, facility_id) if 0 < facility_id <= MAX_ID else None
    if facility is None:
        abort(404)
    return facility


@bp.get("/<int:facility_id>")
def show(facility_id: int):
    """One facility with everything the sources say about it.

    :raise 404: if there is no facility with that id.
    """
    facility = _facility_or_404(facility_id)
    return render_template("facilities/show.html", **facility_context(facility))


@bp.get("/<int:facility_id>/map")
def facility_map(facility_id: int):
    return facility_map_html(_facility_or_404(facility_id))
