"""A project's status as what a plan said, and when: "《…方案》（2022年）：在建，计划2022年建成".

The plans were written in 2021–2023. A status is never shown in the present tense: it is
the plan's statement, with the plan's title and year. When the completion year the plan gave
has passed, the page says so and whom to ask, and never claims the project is or is not open.
"""

from dataclasses import dataclass
from datetime import date

from flask import g, has_request_context
from flask_babel import gettext as _
from sqlalchemy.orm import object_session
from sqlmodel import Session, col, select

from portal.domain import NOT_CARE_KINDS, Audience, FacilityKind, FacilityStatus
from portal.domain.labels import STATUS_LABELS, label
from portal.domain.progress import is_past_due, usable_now_rank
from portal.models import Correction, Facility, SourceDocument


@dataclass(frozen=True)
class DatedStatus:
    """What the plan said of a project, when, and what that means today."""

    text: str  # the whole sentence a visitor reads
    plan: str  # 《title》（year）
    plan_title: str | None
    plan_year: int | None
    status: str
    planned_completion: int | None
    past_due: bool
    check_with: str | None  # whom to ask about its present state; None when operating
    rank: int  # browse rank (portal.domain.progress.usable_now_rank)

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "source_document": self.plan_title,
            "as_of_year": self.plan_year,
            "status": self.status,
            "planned_completion": self.planned_completion,
            "past_due": self.past_due,
            "check_with": self.check_with,
        }


def plan_year(document: SourceDocument | None) -> int | None:
    """The year the plan speaks from: its issue date, else the year it states."""
    if document is None:
        return None
    if document.issued_on is not None:
        return document.issued_on.year
    return document.year


def dated_status(facility: Facility, today: date | None = None) -> DatedStatus:
    """The plan's statement of ``facility``'s status, dated; never raises.

    When staff have corrected the status (issue 15: "区民政局 2026-10 名录：已开业"), the
    facility's status column holds the correction, not the plan: the sentence then names the
    correction's source and date first, and the plan's own words (the status before the first
    correction) after it, so nothing the plan did not say is put in its mouth.
    """
    this_year = (today or date.today()).year
    document = facility.document
    year = plan_year(document)
    title = document.title if document else None
    plan = _plan_words(title, year)
    corrected, plan_status = _status_correction(facility)
    if corrected is not None:
        return _corrected_status(facility, corrected, plan_status, plan, title, year, this_year)
    status, end = facility.status, facility.period_end
    past_due = is_past_due(status, end, this_year)
    check_with = None if status == FacilityStatus.OPERATING else _whom_to_ask(facility)
    if status == FacilityStatus.UNKNOWN:
        stage = _("listed as a project, progress not stated")
    else:
        stage = label(STATUS_LABELS, status)
    if status == FacilityStatus.OPERATING:
        text = _("%(plan)s: stated as operating", plan=plan)
    elif end is None:
        text = _(
            "%(plan)s: %(stage)s, no completion year stated; check its present state",
            plan=plan,
            stage=stage,
        )
    elif past_due:
        text = _(
            "%(plan)s: %(stage)s, planned to be completed by %(year)s; check its present state",
            plan=plan,
            stage=stage,
            year=end,
        )
    else:
        text = _(
            "%(plan)s: %(stage)s, planned completion %(year)s", plan=plan, stage=stage, year=end
        )
    return DatedStatus(
        text=text,
        plan=plan,
        plan_title=title,
        plan_year=year,
        status=str(status),
        planned_completion=end,
        past_due=past_due,
        check_with=check_with,
        rank=usable_now_rank(status, end, this_year),
    )


_READ_KEY = "status_corrections"


def read_status_corrections(facilities: list[Facility]) -> None:
    """Read the status corrections of a page's ``facilities`` in one query, for this request:
    dating each status then asks the database nothing (not once per facility)."""
    ids = [f.id for f in facilities if f.id is not None]
    session = object_session(facilities[0]) if facilities else None
    if session is None or not ids or not has_request_context():
        return
    found = _status_corrections(session, ids)
    read = g.setdefault(_READ_KEY, {})
    read.update({i: found.get(i, []) for i in ids})


def _status_corrections(session: Session, ids: list[int]) -> dict[int, list[Correction]]:
    """Facility id → its status corrections that set a value, oldest first."""
    rows = session.exec(
        select(Correction)
        .where(col(Correction.facility_id).in_(ids), Correction.field == "status")
        .order_by(col(Correction.id))
    ).all()
    found: dict[int, list[Correction]] = {}
    for row in rows:
        if row.new_value:
            found.setdefault(row.facility_id, []).append(row)
    return found


def _status_correction(facility: Facility) -> tuple[Correction | None, FacilityStatus]:
    """The newest status correction of ``facility`` and the status the plan gave before it."""
    session = object_session(facility)
    if session is None or facility.id is None:
        return None, facility.status
    read = g.get(_READ_KEY, {}) if has_request_context() else {}
    rows = read.get(facility.id)
    if rows is None:
        rows = _status_corrections(session, [facility.id]).get(facility.id, [])
    if not rows:
        return None, facility.status
    first = rows[0].old_value
    known = {member.value for member in FacilityStatus}
    return rows[-1], FacilityStatus(first) if first in known else FacilityStatus.UNKNOWN


def _corrected_status(
    facility: Facility,
    corrected: Correction,
    plan_status: FacilityStatus,
    plan: str,
    title: str | None,
    year: int | None,
    this_year: int,
) -> DatedStatus:
    status = FacilityStatus(corrected.new_value)
    words = {
        "source": corrected.source,
        "status": label(STATUS_LABELS, status),
        "plan": plan,
        "stage": label(STATUS_LABELS, plan_status),
    }
    if corrected.effective:
        text = _(
            "%(source)s (%(when)s): %(status)s. Earlier, %(plan)s: %(stage)s",
            when=corrected.effective,
            **words,
        )
    else:
        text = _("%(source)s: %(status)s. Earlier, %(plan)s: %(stage)s", **words)
    return DatedStatus(
        text=text,
        plan=plan,
        plan_title=title,
        plan_year=year,
        status=str(status),
        planned_completion=facility.period_end,
        past_due=False,  # staff have said what it is now
        check_with=None if status == FacilityStatus.OPERATING else _whom_to_ask(facility),
        rank=usable_now_rank(status, facility.period_end, this_year),
    )


def _plan_words(title: str | None, year: int | None) -> str:
    if title is None:
        return _("the plan (source not recorded)")
    if year is None:
        return _("《%(title)s》 (year not stated)", title=title)
    return _("《%(title)s》 (%(year)s)", title=title, year=year)


def _whom_to_ask(facility: Facility) -> str:
    """The organiser the plan names, and the local department for the kind of care."""
    if facility.kind in NOT_CARE_KINDS:  # a stadium or a resort: only its organiser knows
        if facility.operator:
            return _("the organiser (%(organiser)s)", organiser=facility.operator)
        return _("the local government")
    if facility.kind == FacilityKind.KINDERGARTEN or facility.audience == Audience.PRESCHOOL:
        department = _("the local education bureau")
    elif facility.audience == Audience.INFANTS:
        department = _("the local health commission")
    elif facility.audience == Audience.BOTH:
        department = _("the local civil-affairs bureau or health commission")
    else:
        department = _("the local civil-affairs bureau")
    if facility.operator:
        return _("the organiser (%(organiser)s) or %(department)s", organiser=facility.operator,
                 department=department)  # fmt: skip
    return department
