"""Facilities as Open Referral HSDS 3.0 records: organizations, services, locations and
service_at_location (schemas vendored in ``data/hsds-3.0/``).

What the plans state and nothing more: a facility is one service (``active`` only when the
plan says it operates; a planned or building project is ``inactive``) at one location; its
operator, when the plan names one, is an organization. A location has ``latitude`` and
``longitude`` only when its point is exact: a point known only to the town or county is not
the facility's, so it is left out and ``x_precision`` says how precisely the place is known.
Our provenance (source document, line, dates) and our vocabulary travel as ``x_`` fields,
which HSDS allows beside its own.
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from portal.domain import FacilityStatus, Precision
from portal.facilities.status_text import dated_status
from portal.models import Facility, SourceDocument
from portal.places import region_name

HSDS_VERSION = "3.0"
# Identifiers are UUIDs (HSDS requires them) derived from our ids, so they stay stable.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://carefinder.invalid/hsds")
TABLES = ("organization", "service", "location", "service_at_location")


def hsds_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(map(str, parts))))


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    # HSDS leaves out what is not known; an empty string would claim a value.
    return {k: v for k, v in record.items() if v is not None and v != ""}


def _stamp(value: Any) -> str | None:
    if value is None:
        return None
    return value.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


@dataclass
class Organizations:
    """Operators named by the plans: one organization per distinct name within a city (two
    cities' "县民政局" are different bodies; the plans give no identifier to tell otherwise)."""

    by_key: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def id_for(self, name: str, city_code: str | None) -> str | None:
        name = (name or "").strip()
        if not name:
            return None
        key = (city_code or "", name)
        if key not in self.by_key:
            entry = {"id": hsds_id("organization", *key), "name": name, "city": city_code, "n": 0}
            self.by_key[key] = entry
        self.by_key[key]["n"] += 1
        return self.by_key[key]["id"]

    def records(self, description: str) -> Iterator[dict[str, Any]]:
        for entry in self.by_key.values():
            yield _compact(
                {
                    "id": entry["id"],
                    "name": entry["name"],
                    "description": description,
                    "x_city_code": entry["city"],
                    "x_facility_count": entry["n"],
                }
            )


def _provenance(f: Facility, document: SourceDocument | None) -> dict[str, Any]:
    return {
        "x_facility_id": f.id,
        "x_source_document": document.slug if document else None,
        "x_source_title": document.title if document else None,
        "x_source_status": document.status if document else None,
        "x_source_issued_on": document.issued_on.isoformat()
        if document and document.issued_on
        else None,
        "x_source_line": f.source_line,
        "x_source_end_line": f.source_end_line,
        "x_imported_at": _stamp(f.imported_at),
    }


def facility_records(
    f: Facility, organizations: Organizations
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The service, location and service_at_location records of one facility."""
    document = f.document
    organization_id = organizations.id_for(f.operator, f.city_code)
    provenance = _provenance(f, document)
    service = _compact(
        {
            "id": hsds_id("service", f.id),
            "organization_id": organization_id,
            "name": f.name,
            "description": f.content,
            "status": "active" if f.status == FacilityStatus.OPERATING else "inactive",
            "last_modified": _stamp(f.updated_at),
            "x_kind": f.kind,
            "x_audience": f.audience,
            "x_status": f.status,
            "x_status_statement": dated_status(f).text,
            "x_ownership": f.ownership,
            "x_beds": f.beds,
            "x_medical_beds": f.medical_beds,
            "x_care_beds": f.care_beds,
            "x_childcare_places": f.childcare_places,
            "x_nursery_classes": f.nursery_classes,
            "x_kindergarten_classes": f.kindergarten_classes,
            "x_period_start": f.period_start,
            "x_period_end": f.period_end,
            "x_period_text": f.period_raw,
            **provenance,
        }
    )
    exact = f.precision == Precision.EXACT and f.lat is not None
    area_code = f.county_code or f.city_code
    location = _compact(
        {
            "id": hsds_id("location", f.id),
            "location_type": "physical",
            "organization_id": organization_id,
            "name": f.name,
            "description": f.location_text,
            "latitude": f.lat if exact else None,
            "longitude": f.lon if exact else None,
            "x_precision": f.precision,
            "x_region_code": area_code,
            "x_region_name": region_name(area_code),
            "x_place_codes": " ".join(f.place_codes) if f.multi_site else None,
            **provenance,
        }
    )
    link = {
        "id": hsds_id("service_at_location", f.id),
        "service_id": service["id"],
        "location_id": location["id"],
    }
    return service, location, link
