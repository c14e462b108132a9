"""The JSON API: the same searches and checks as the pages, for apps and scripts."""

from datetime import date

from flask import Blueprint, request
from flask_babel import gettext as _

from portal.facilities.search_page import parse_search_args, run_search
from portal.facilities.status_text import dated_status
from portal.indexing import search_index
from portal.subsidies.check_json import check_as_json
from portal.subsidies.pages import run_check

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/facilities")
def facilities():
    """Search facilities: ``q`` plus the filters and sort of the results page."""
    search = parse_search_args(request.args)
    page = run_search(search)
    results = page.results
    errors = dict(search.errors)
    if page.past_the_end:
        errors["page"] = _(
            "There is no page %(page)s: these results have %(pages)s.",
            page=results.page,
            pages=page.pages,
        )
    body = {
        "query": search.query.text,
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "errors": errors,
        "facets": results.facets,
        "interpreted_regions": [{"code": code, "name": name} for code, name in page.places],
        "suggestions": results.suggestions,
        "results": [facility_json(f, hit) for f, hit in page.facilities],
    }
    return body, 404 if page.past_the_end else 200


def facility_json(f, hit) -> dict:
    return {
        "id": f.id,
        "name": f.name,
        "kind": f.kind,
        "audience": f.audience,
        "status": f.status,
        "withdrawn": f.withdrawn_at is not None,
        "location_text": f.location_text,
        "region": {"city": f.city_code, "county": f.county_code, "places": f.place_codes},
        "coordinates": None if f.lat is None else {"lat": f.lat, "lon": f.lon},
        "precision": f.precision,
        "multi_site": f.multi_site,
        "status_statement": dated_status(f).as_json(),
        "capacity": {
            "beds": f.beds,
            "medical_beds": f.medical_beds,
            "care_beds": f.care_beds,
            "childcare_places": f.childcare_places,
            "nursery_classes": f.nursery_classes,
            "kindergarten_classes": f.kindergarten_classes,
        },
        "period": {"start": f.period_start, "end": f.period_end, "raw": f.period_raw},
        "score": hit.score,
        "distance_km": hit.distance_km,
        "source": {
            "document_id": f.document_id,
            "document": f.document.slug if f.document else None,
            "line": f.source_line,
        },
    }


@bp.get("/suggest")
def suggest():
    """Names for as-you-type suggestions (Chinese or pinyin prefix)."""
    prefix = (request.args.get("q") or "").strip()[:30]
    return {"suggestions": search_index().suggest(prefix) if prefix else []}


@bp.get("/subsidies/check")
def subsidy_check():
    """The subsidy check with the same parameters as the page."""
    page = run_check(request.args, date.today(), api=True)
    return check_as_json(page), 200 if not page.errors else 400
