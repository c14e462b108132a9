"""Everything a facility page shows: the row, its places, its source, what applies to it.

The subsidies were linked at import by the rule engine (``portal.subsidies.links``); here they
are only split by who receives them: visitors (families, older people) or the operator.
"""

from typing import Any

from sqlmodel import select

from portal.core.db import get_session
from portal.curation.story import facility_story
from portal.domain import Beneficiary
from portal.models import (
    Facility,
    FacilityService,
    FacilitySubsidy,
    Region,
    ServicePackage,
    Subsidy,
)


def facility_context(facility: Facility) -> dict[str, Any]:
    session = get_session()
    codes = [facility.region_code, facility.city_code, facility.county_code, *facility.place_codes]
    wanted = [c for c in dict.fromkeys(codes) if c]
    regions = {r.code: r for r in session.exec(select(Region).where(Region.code.in_(wanted)))}
    subsidies = session.exec(
        select(Subsidy)
        .join(FacilitySubsidy, FacilitySubsidy.subsidy_id == Subsidy.id)
        .where(FacilitySubsidy.facility_id == facility.id)
        .order_by(Subsidy.id)
    ).all()
    services = session.exec(
        select(ServicePackage)
        .join(FacilityService, FacilityService.service_id == ServicePackage.id)
        .where(FacilityService.facility_id == facility.id)
        .order_by(ServicePackage.id)
    ).all()
    return {
        "facility": facility,
        "document": facility.document,
        "region": regions.get(facility.region_code or ""),
        "city": regions.get(facility.city_code or ""),
        "county": regions.get(facility.county_code or ""),
        "places": [regions[c] for c in facility.place_codes if c in regions],
        "subsidies": subsidies,
        "visitor_subsidies": [
            x for x in subsidies if x.beneficiary in (Beneficiary.FAMILY, Beneficiary.OLDER_PERSON)
        ],
        "operator_subsidies": [x for x in subsidies if x.beneficiary == Beneficiary.PROVIDER],
        "check_applicant": {"elderly": "older", "infants": "child"}.get(facility.audience),
        "services": services,
        **facility_story(session, facility),  # issue 15: corrections, registers, the timeline
    }
