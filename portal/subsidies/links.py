"""Which services a facility offers and which provider subsidies it could claim.

A service is linked when the facility's kind is one the package names, or its name or
description uses one of the package's words (助餐, 全日托 …). A provider subsidy is linked when
its rules about the kind of provider and the place allow this facility; rules a facility record
cannot answer (a star rating, a 普惠 agreement) are left to the subsidy's page to explain.
"""

from collections.abc import Iterable

from sqlalchemy import delete
from sqlmodel import Session, select

from portal.domain import Beneficiary
from portal.geo.gazetteer import load_default
from portal.models import Facility, FacilityService, FacilitySubsidy, ServicePackage, Subsidy

NATIONAL = "000000"


def offers(package: ServicePackage, facility: Facility) -> bool:
    if facility.kind in package.offered_by.get("kinds", []):
        return True
    text = f"{facility.name}{facility.content}"
    return any(word in text for word in package.offered_by.get("keywords", []))


def may_claim(subsidy: Subsidy, facility: Facility) -> bool:
    """Whether the subsidy's provider-kind and place rules admit this facility."""
    if subsidy.beneficiary != Beneficiary.PROVIDER:
        return False
    gazetteer = load_default()
    where = facility.county_code or facility.city_code or facility.region_code
    for rule in subsidy.eligibility:
        field, op, value = rule["field"], rule["op"], rule["value"]
        if field == "provider_kind":
            kinds = value if isinstance(value, list) else [value]
            if (op in ("in", "eq") and facility.kind not in kinds) or (
                op == "ne" and facility.kind in kinds
            ):
                return False
        elif field in ("region", "registration_region") and op == "within":
            if value != NATIONAL and not (
                where and (where == value or gazetteer.contains(value, where))
            ):
                return False
    if subsidy.region_code != NATIONAL and where:
        return where == subsidy.region_code or gazetteer.contains(subsidy.region_code, where)
    return True


def link_facilities(session: Session, ids: Iterable[int]) -> None:
    """Recompute the service and subsidy links of the given facilities."""
    ids = list(ids)
    if not ids:
        return
    session.exec(delete(FacilityService).where(FacilityService.facility_id.in_(ids)))
    session.exec(delete(FacilitySubsidy).where(FacilitySubsidy.facility_id.in_(ids)))
    packages = session.exec(select(ServicePackage)).all()
    subsidies = session.exec(select(Subsidy)).all()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for facility in session.exec(select(Facility).where(Facility.id.in_(chunk))).all():
            for package in packages:
                if offers(package, facility):
                    session.add(FacilityService(facility_id=facility.id, service_id=package.id))
            for subsidy in subsidies:
                if may_claim(subsidy, facility):
                    session.add(FacilitySubsidy(facility_id=facility.id, subsidy_id=subsidy.id))
    session.flush()
