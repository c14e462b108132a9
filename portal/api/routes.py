"""The JSON API (``/api/v1/``): the same searches and checks as the pages, for apps and scripts.

Every route is described in ``openapi.yaml`` (served at ``/api/v1/openapi.json``, readable at
``/api/v1/docs``). Answers are tagged with the data version (``versioning``); errors are
``{"status", "message"}`` (``portal.errors``).
"""

from dataclasses import replace
from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import func, select

from portal.api import answers, docs
from portal.api.openapi import openapi_document
from portal.api.params import (
    DEFAULT_REGIONS_PER_PAGE,
    MAX_FACILITIES_PER_PAGE,
    MAX_REGIONS_PER_PAGE,
    parse_paging,
    parse_region_filter,
)
from portal.api.versioning import cached_by_data_version
from portal.core.db import get_session
from portal.facilities.search_page import parse_search_args, run_search
from portal.indexing import search_index
from portal.models import Facility, Region, ServicePackage, SourceDocument, Subsidy
from portal.subsidies.check_json import check_as_json
from portal.subsidies.pages import listed_subsidies, run_check

bp = Blueprint("api", __name__, url_prefix="/api/v1")
legacy = Blueprint("api_legacy", __name__, url_prefix="/api")


def _refused(errors: dict[str, str]) -> tuple[dict, int]:
    return {"status": 400, "message": next(iter(errors.values())), "errors": errors}, 400


@bp.get("/")
def index():
    """Where the API's description and documentation are."""
    return {
        "openapi": url_for("api.openapi", _external=True),
        "docs": url_for("api.documentation", _external=True),
        "exports": url_for("opendata.index", _external=True),
    }


@bp.get("/openapi.json")
@cached_by_data_version
def openapi():
    return openapi_document(request.host_url.rstrip("/"))


@bp.get("/docs")
def documentation():
    return render_template("api/docs.html", operations=docs.operations(openapi_document("")))


@bp.get("/facilities")
@cached_by_data_version(daily=True)  # each status says whether its planned year has passed
def facilities():
    """Search facilities: ``q`` plus the filters, sort and pages of the results page."""
    search = parse_search_args(request.args)
    paging = parse_paging(
        request.args,
        search.errors,
        default=search.query.per_page,
        upper=MAX_FACILITIES_PER_PAGE,
    )
    search.query = replace(search.query, per_page=paging.per_page)
    page = run_search(search)
    return answers.search_json(page), 404 if page.past_the_end else 200


@bp.get("/facilities/<int:facility_id>")
@cached_by_data_version(daily=True)  # each status says whether its planned year has passed
def facility(facility_id: int):
    """One facility.

    :raise 404: if there is no facility with that id.
    """
    row = get_session().get(Facility, facility_id) if facility_id < 2**31 else None
    if row is None:
        abort(404)
    return answers.facility_json(row)


@bp.get("/suggest")
@cached_by_data_version
def suggest():
    """Names for as-you-type suggestions (Chinese or pinyin prefix)."""
    prefix = (request.args.get("q") or "").strip()[:30]
    return {"suggestions": search_index().suggest(prefix) if prefix else []}


@bp.get("/subsidies")
@cached_by_data_version
def subsidies():
    """Every subsidy, or those that apply in ``place`` (and only in part of it), by ``category``."""
    listing = listed_subsidies(request.args)
    if listing.unknown_place:
        return _refused({"place": _("We do not know that place.")})
    rows = [row for group in listing.groups.values() for row in group]
    return {
        "place": listing.chosen["place"] or None,
        "category": listing.chosen["category"] or None,
        "total": len(rows),
        "results": [answers.subsidy_json(r, listing.only_in.get(r.id, ())) for r in rows],
    }


@bp.get("/subsidies/check")
@cached_by_data_version(daily=True)
def subsidy_check():
    """The subsidy check with the same parameters as the page."""
    page = run_check(request.args, date.today(), api=True)
    body = check_as_json(page)
    if page.errors:
        return {"status": 400, "message": next(iter(page.errors.values()))} | body, 400
    return body


@bp.get("/subsidies/<slug>")
@cached_by_data_version
def subsidy(slug: str):
    """:raise 404: if there is no subsidy with that id."""
    row = get_session().exec(select(Subsidy).where(Subsidy.slug == slug[:100])).first()
    if row is None:
        abort(404)
    return answers.subsidy_json(row)


@bp.get("/services")
@cached_by_data_version
def services():
    rows = get_session().exec(select(ServicePackage).order_by(ServicePackage.id)).all()
    return {"total": len(rows), "results": [answers.service_json(r) for r in rows]}


@bp.get("/services/<slug>")
@cached_by_data_version
def service(slug: str):
    """:raise 404: if there is no service package with that id."""
    query = select(ServicePackage).where(ServicePackage.slug == slug[:100])
    row = get_session().exec(query).first()
    if row is None:
        abort(404)
    return answers.service_json(row)


@bp.get("/regions")
@cached_by_data_version
def regions():
    """Regions of the gazetteer by ``parent`` and ``level``, a page at a time."""
    errors: dict[str, str] = {}
    parent, level = parse_region_filter(request.args, errors)
    paging = parse_paging(
        request.args, errors, default=DEFAULT_REGIONS_PER_PAGE, upper=MAX_REGIONS_PER_PAGE
    )
    if errors:
        return _refused(errors)
    query = select(Region)
    if parent is not None:
        query = query.where(Region.parent_code == parent)
    if level is not None:
        query = query.where(Region.level == level)
    session = get_session()
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(Region.code).offset(paging.offset).limit(paging.per_page)
    ).all()
    return {
        "total": total,
        "page": paging.page,
        "per_page": paging.per_page,
        "results": [answers.region_json(r) for r in rows],
    }


@bp.get("/regions/<code>")
@cached_by_data_version
def region(code: str):
    """:raise 404: if the gazetteer has no region with that code."""
    row = get_session().get(Region, code[:16])
    if row is None:
        abort(404)
    return answers.region_json(row)


@bp.get("/sources")
@cached_by_data_version
def sources():
    rows = get_session().exec(select(SourceDocument).order_by(SourceDocument.id)).all()
    return {"total": len(rows), "results": [answers.document_json(r) for r in rows]}


@legacy.get("/<path:rest>")
def unversioned(rest: str):
    """``/api/<route>`` without a version is the current version (a permanent redirect)."""
    if rest.startswith("v1/") or rest == "v1":
        abort(404)
    query = request.query_string.decode("utf-8", "replace")
    target = f"{url_for('api.index')}{rest}" + (f"?{query}" if query else "")
    return redirect(target, code=308)
