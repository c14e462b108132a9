"""Which services a facility offers and which subsidies may apply to it, decided at import time.

Subsidies are decided by the one rule engine (:mod:`portal.subsidies.engine`): the facility is
put to it as the answers it can give — where it is, what kind of provider it is, who runs it —
and a subsidy is linked when no rule is decided against those answers (rules a facility
record cannot answer, such as a star rating or a 普惠 agreement, are left to the subsidy's page
and to the check). Two sets of answers are asked:

* as a **provider**: grants for the operator; none when a government body runs the facility;
* as a **local family or older person** (living and registered where the facility is, of the
  facility's audience): what its visitors may receive.

Services are linked when the facility's kind is one the package names, or its name or
description uses one of its words, and the facility lies in a place whose plan describes it.
"""

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import delete
from sqlmodel import Session, select

from portal.domain import NOT_CARE_KINDS, Audience, FacilityKind
from portal.models import Facility, FacilityService, FacilitySubsidy, ServicePackage
from portal.places import NATIONAL_CODE, area
from portal.subsidies.answers import APPLICANTS, Answers
from portal.subsidies.catalogue import all_subsidies
from portal.subsidies.engine import Compiled, compiled
from portal.subsidies.operators import is_government_body, ownership_of

CHUNK = 500
VISITORS = {
    Audience.ELDERLY: ("older",),
    Audience.INFANTS: ("child",),
    Audience.BOTH: ("older", "child"),
    Audience.UNKNOWN: (),
}


def facility_place(facility: Facility) -> str:
    """The most precise place the plan gives for the facility; the country when none."""
    code = facility.county_code or facility.city_code or facility.region_code
    return code if code and area(code) is not None else NATIONAL_CODE


def facility_answers(facility: Facility) -> list[Answers]:
    """The questions a facility can answer for the engine, as provider and as its visitors.

    A related project (a stadium, a resort, a hospital building) is no care provider and has
    no care visitors: it is asked nothing, so no care subsidy is linked to it.
    """
    if facility.kind in NOT_CARE_KINDS:
        return []
    place = facility_place(facility)
    visitors = VISITORS.get(Audience(facility.audience), ())
    if facility.kind == FacilityKind.KINDERGARTEN:
        visitors = ()  # ages 3–6: none of the families' subsidies (all for under-threes) fit
    asked = [Answers(applicant=who, region=place, registration_region=place) for who in visitors]
    if not is_government_body(facility.operator):
        asked.append(
            Answers(
                applicant="provider",
                region=place,
                provider_kind=str(facility.kind),
                ownership=ownership_of(facility.ownership, facility.operator),
            )
        )
    return asked


def offers_here(package: ServicePackage, facility: Facility) -> bool:
    """Whether the facility's kind or words match the package (its place already does)."""
    if facility.kind in NOT_CARE_KINDS:
        return False
    if facility.kind in package.offered_by.get("kinds", []):
        return True
    text = f"{facility.name}{facility.content}"
    return any(word in text for word in package.offered_by.get("keywords", []))


class SubsidyIndex:
    """The compiled subsidies by applicant, and those whose place rules admit a place: asked
    once per (applicant, place), since thousands of facilities share a few dozen places."""

    def __init__(self, subsidies: Iterable[tuple[int, Compiled]]) -> None:
        self.by_applicant: dict[str, list[tuple[int, Compiled]]] = defaultdict(list)
        for subsidy_id, rules in subsidies:
            for applicant in rules.applicants or APPLICANTS:
                self.by_applicant[applicant].append((subsidy_id, rules))
        self._admitted: dict[tuple, list[tuple[int, Compiled]]] = {}

    def admitted(self, answers: Answers) -> list[tuple[int, Compiled]]:
        key = (answers.applicant, answers.region, answers.registration_region)
        if key not in self._admitted:
            self._admitted[key] = [
                (subsidy_id, rules)
                for subsidy_id, rules in self.by_applicant.get(answers.applicant, ())
                if rules.admits_place(answers)
            ]
        return self._admitted[key]


def linked_subsidies(facility: Facility, index: SubsidyIndex) -> set[int]:
    """The ids of the subsidies that may apply to the facility or its visitors."""
    found: set[int] = set()
    for answers in facility_answers(facility):
        for subsidy_id, rules in index.admitted(answers):
            if subsidy_id not in found and rules.could_apply_there(answers):
                found.add(subsidy_id)
    return found


def packages_offered(
    packages: list[ServicePackage], facility: Facility, cache: dict[str, list[ServicePackage]]
) -> list[ServicePackage]:
    """The packages the facility offers; which packages a place has is worked out once."""
    place = facility_place(facility)
    if place not in cache:
        here = area(place)
        cache[place] = [
            p
            for p in packages
            if any(area(c).contains(here) for c in p.offered_by.get("places") or [NATIONAL_CODE])
        ]
    return [p for p in cache[place] if offers_here(p, facility)]


def link_facilities(session: Session, ids: Iterable[int]) -> None:
    """Recompute the service and subsidy links of the given facilities."""
    ids = list(ids)
    if not ids:
        return
    session.exec(delete(FacilityService).where(FacilityService.facility_id.in_(ids)))
    session.exec(delete(FacilitySubsidy).where(FacilitySubsidy.facility_id.in_(ids)))
    packages = list(session.exec(select(ServicePackage)).all())
    index = SubsidyIndex((row.id, compiled(subsidy)) for row, subsidy in all_subsidies(session))
    places: dict[str, list[ServicePackage]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        services: list[dict[str, int]] = []
        subsidies: list[dict[str, int]] = []
        for facility in session.exec(select(Facility).where(Facility.id.in_(chunk))).all():
            services.extend(
                {"facility_id": facility.id, "service_id": package.id}
                for package in packages_offered(packages, facility, places)
            )
            subsidies.extend(
                {"facility_id": facility.id, "subsidy_id": subsidy_id}
                for subsidy_id in sorted(linked_subsidies(facility, index))
            )
        # Plain inserts: building an ORM object per link cost more than deciding the link.
        connection = session.connection()
        if services:
            connection.execute(FacilityService.__table__.insert(), services)
        if subsidies:
            connection.execute(FacilitySubsidy.__table__.insert(), subsidies)
