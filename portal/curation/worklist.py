"""The staff worklist: what needs looking at, as filterable lists with counts.

- overdue: projects past their planned completion year with no correction since;
- contact: facilities (not withdrawn) with no address or no phone;
- unmatched: register rows that were matched to no facility;
- conflicts: corrections an import wanted to change, kept and not yet reviewed.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, or_
from sqlmodel import Session, col, select

from portal.domain import FacilityStatus
from portal.models import Correction, Facility, KeptCorrection, RegisterEntry

LISTS = ("overdue", "contact", "unmatched", "conflicts")
PAGE_SIZE = 100
_PROJECTS = (FacilityStatus.PLANNED, FacilityStatus.PROPOSED, FacilityStatus.UNDER_CONSTRUCTION)


@dataclass(frozen=True)
class Filters:
    city: str | None = None  # a city code
    q: str = ""  # words in the name


def _facility_filters(query, filters: Filters):
    if filters.city:
        query = query.where(Facility.city_code == filters.city)
    if filters.q:
        query = query.where(col(Facility.name).contains(filters.q))
    return query


def _overdue(filters: Filters, year: int):
    corrected = exists().where(Correction.facility_id == Facility.id)
    query = select(Facility).where(
        col(Facility.status).in_([s.value for s in _PROJECTS]),
        col(Facility.period_end) < year,
        col(Facility.withdrawn_at).is_(None),
        ~corrected,
    )
    return _facility_filters(query, filters)


def _contact(filters: Filters):
    phone = exists().where(
        Correction.facility_id == Facility.id,
        Correction.field == "phone",
        Correction.new_value != "",
    )
    query = select(Facility).where(
        col(Facility.withdrawn_at).is_(None),
        or_(Facility.location_text == "", ~phone),
    )
    return _facility_filters(query, filters)


def _unmatched(filters: Filters):
    query = select(RegisterEntry).where(RegisterEntry.decision == "unmatched")
    if filters.q:
        query = query.where(col(RegisterEntry.name).contains(filters.q))
    if filters.city:
        query = query.where(col(RegisterEntry.region_code).startswith(filters.city[:4]))
    return query


def _conflicts(filters: Filters):
    query = (
        select(KeptCorrection)
        .join(Facility, Facility.id == KeptCorrection.facility_id)
        .where(col(KeptCorrection.reviewed_at).is_(None))
    )
    return _facility_filters(query, filters)


def _query(name: str, filters: Filters, year: int):
    return {
        "overdue": lambda: _overdue(filters, year),
        "contact": lambda: _contact(filters),
        "unmatched": lambda: _unmatched(filters),
        "conflicts": lambda: _conflicts(filters),
    }[name]()


def counts(
    session: Session, filters: Filters = Filters(), year: int | None = None
) -> dict[str, int]:
    """The number of items on each list."""
    year = year or date.today().year
    return {
        name: session.exec(
            select(func.count()).select_from(_query(name, filters, year).subquery())
        ).one()
        for name in LISTS
    }


def items(
    session: Session, name: str, filters: Filters, page: int = 1, year: int | None = None
) -> list:
    """One page of a list (facilities, register rows or kept corrections)."""
    query = _query(name, filters, year or date.today().year)
    order = {
        "unmatched": col(RegisterEntry.id).desc(),
        "conflicts": col(KeptCorrection.id).desc(),
    }.get(name, col(Facility.id))
    query = query.order_by(order).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    return list(session.exec(query).all())
