"""Facility search, lists and detail pages, with their maps."""

from flask import Blueprint, abort, render_template, request

from portal.core.db import get_session
from portal.facilities.details import facility_context
from portal.facilities.labels import facet_title, filter_label
from portal.facilities.map_documents import facility_map_html, results_map_html
from portal.facilities.pickers import filter_regions, near_choices
from portal.facilities.search_page import applied_filters, parse_search_args, run_search
from portal.models import Facility

bp = Blueprint("facilities", __name__, url_prefix="/facilities")


@bp.get("/")
def index():
    search = parse_search_args(request.args)
    page = run_search(search)
    return render_template(
        "facilities/index.html",
        page=page,
        search=search,
        q=search.query.text,
        regions=filter_regions(),
        near_choices=near_choices(),
        applied_filters=applied_filters,
        filter_label=filter_label,
        facet_title=facet_title,
        show_map=request.args.get("view") == "map",
    )


@bp.get("/map")
def results_map():
    """The results map as its own document, embedded in the results page by an ``<iframe>``."""
    page = run_search(parse_search_args(request.args))
    return results_map_html([f for f, _hit in page.facilities])


@bp.get("/<int:facility_id>")
def show(facility_id: int):
    """One facility with everything the sources say about it.

    :raise 404: if there is no facility with that id.
    """
    facility = get_session().get(Facility, facility_id)
    if facility is None:
        abort(404)
    return render_template("facilities/show.html", **facility_context(facility))


@bp.get("/<int:facility_id>/map")
def facility_map(facility_id: int):
    facility = get_session().get(Facility, facility_id)
    if facility is None:
        abort(404)
    return facility_map_html(facility)
