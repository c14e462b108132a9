"""The API's answers: database rows and page results as JSON with stable field names.

Each kind of record is written by exactly ONE function here (a facility by
:func:`facility_json`, wherever it appears), and every field is described in the OpenAPI
document (``portal/api/openapi.yaml``); ``tests/api`` checks the two agree.
"""

from typing import Any

from flask import url_for
from flask_babel import gettext as _

from portal.facilities.search_page import SearchPage
from portal.facilities.status_text import dated_status
from portal.models import Facility, Region, ServicePackage, SourceDocument, Subsidy
from portal.places import Area


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def facility_json(f: Facility) -> dict[str, Any]:
    """One facility as the source states it; unknowns are ``null``, never guessed.

    ``coordinates`` are WGS-84 and only as precise as ``precision`` says: a ``county``
    point is the county's centre, not the facility's address.
    """
    return {
        "id": f.id,
        "url": url_for("facilities.show", facility_id=f.id, _external=True),
        "name": f.name,
        "kind": f.kind,
        "audience": f.audience,
        "status": f.status,
        "status_statement": dated_status(f).as_json(),
        "withdrawn": f.withdrawn_at is not None,
        "ownership": f.ownership,
        "operator": f.operator or None,
        "content": f.content or None,
        "location_text": f.location_text,
        "region": {"city": f.city_code, "county": f.county_code, "places": f.place_codes},
        "coordinates": None if f.lat is None else {"lat": f.lat, "lon": f.lon},
        "precision": f.precision,
        "multi_site": f.multi_site,
        "capacity": {
            "beds": f.beds,
            "medical_beds": f.medical_beds,
            "care_beds": f.care_beds,
            "childcare_places": f.childcare_places,
            "nursery_classes": f.nursery_classes,
            "kindergarten_classes": f.kindergarten_classes,
        },
        "period": {"start": f.period_start, "end": f.period_end, "raw": f.period_raw},
        "source": {
            "document_id": f.document_id,
            "document": f.document.slug if f.document else None,
            "line": f.source_line,
            "end_line": f.source_end_line,
        },
        "imported_at": _when(f.imported_at),
        "updated_at": _when(f.updated_at),
    }


def search_json(page: SearchPage) -> dict[str, Any]:
    """A page of search results: the facilities with their score and distance, the facets."""
    results = page.results
    errors = dict(page.request.errors)
    body: dict[str, Any] = {}
    if page.past_the_end:
        errors["page"] = _(
            "There is no page %(page)s: these results have %(pages)s.",
            page=results.page,
            pages=page.pages,
        )
        body = {"status": 404, "message": errors["page"]}
    return body | {
        "query": page.request.query.text,
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "pages": page.pages,
        "errors": errors,
        "facets": results.facets,
        "interpreted_regions": [{"code": code, "name": name} for code, name in page.places],
        "suggestions": results.suggestions,
        "results": [
            facility_json(f) | {"score": hit.score, "distance_km": hit.distance_km}
            for f, hit in page.facilities
        ],
    }


def subsidy_json(row: Subsidy, only_in: tuple[Area, ...] = ()) -> dict[str, Any]:
    """A subsidy as the plan (or national rule) states it; ``amount.value`` null when unstated."""
    return {
        "id": row.slug,
        "url": url_for("subsidies.show", slug=row.slug, _external=True),
        "title": row.title,
        "title_en": row.title_en or None,
        "beneficiary": row.beneficiary,
        "category": row.category,
        "place": {"code": row.region_code, "name": row.place_name},
        "only_in": [{"code": a.code, "name": a.name} for a in only_in],
        "amount": {
            "value": row.amount_value,
            "max": row.amount_max,
            "unit": row.amount_unit,
            "per": row.amount_per,
            "period": row.amount_period,
            "text": row.amount_text or None,
        },
        "conditions": row.conditions,
        "how_to_apply": row.how_to_apply,
        "issuer": row.issuer,
        "validity": {"from": row.valid_from, "to": row.valid_to, "text": row.validity_text},
        "source": {
            "document_id": row.document_id,
            "section": row.source_section,
            "line": row.source_line,
            "quote": row.source_quote,
            "official": row.official_source,
            "url": row.official_url,
        },
    }


def service_json(row: ServicePackage) -> dict[str, Any]:
    """A service package: what it includes, who may use it, where the plans describe it."""
    offered = row.offered_by or {}
    return {
        "id": row.slug,
        "url": url_for("services.show", slug=row.slug, _external=True),
        "name": row.name,
        "name_en": row.name_en or None,
        "audience": row.audience,
        "items": [
            {"name": i["name"], "name_en": i["name_en"], "description": i["description"]}
            for i in row.items
        ],
        "who_may_use": row.who_may_use,
        "price_cap_text": row.price_cap_text,
        "standard_text": row.standard_text,
        "offered_in": list(offered.get("places", [])),
        "sources": [
            {"document": s["document"], "line": s["line"], "quote": s["quote"]} for s in row.sources
        ],
    }


def region_json(row: Region) -> dict[str, Any]:
    """A region of the gazetteer; ``centroid`` is its centre (WGS-84), not a boundary."""
    return {
        "code": row.code,
        "name": row.name,
        "level": row.level,
        "parent": row.parent_code,
        "centroid": None if row.lat is None else {"lat": row.lat, "lon": row.lon},
        "aliases": row.aliases,
        "source": row.source or None,
    }


def document_json(row: SourceDocument) -> dict[str, Any]:
    """A source document (plan or list) that facts were imported from."""
    return {
        "id": row.id,
        "slug": row.slug,
        "title": row.title,
        "place": {"code": row.region_code, "name": row.place_name},
        "status": row.status,
        "status_text": row.status_text,
        "issued_on": _when(row.issued_on),
        "year": row.year,
        "file_name": row.file_name,
        "sha256": row.file_hash,
        "imported_at": _when(row.imported_at),
    }
