"""Subsidies for the pages and the API: the list by place, the pickers, and the check.

Every eligibility answer here comes from the one engine (:mod:`portal.subsidies.engine`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import select
from werkzeug.datastructures import MultiDict

from portal.core.db import get_session
from portal.domain import Beneficiary
from portal.models import Region, SourceDocument
from portal.models import Subsidy as SubsidyRow
from portal.places import Area, area
from portal.subsidies.answers import APPLICANTS, QUESTIONS, Answers, parse_answers
from portal.subsidies.catalogue import all_subsidies, rules_of
from portal.subsidies.engine import CheckResult, check, coverage, where_it_applies
from portal.subsidies.labels import form_error

GROUP_ORDER = (
    Beneficiary.FAMILY,
    Beneficiary.OLDER_PERSON,
    Beneficiary.PROVIDER,
    Beneficiary.CARE_WORKER,
)


@dataclass
class SubsidyList:
    """The ``/subsidies/`` page: entries grouped by beneficiary, filtered by place and type."""

    groups: dict[str, list[SubsidyRow]]
    chosen: dict[str, str]
    unknown_place: bool = False
    only_in: dict[int, tuple[Area, ...]] = field(default_factory=dict)  # covers part of place


def listed_subsidies(args: MultiDict) -> SubsidyList:
    """Subsidies grouped by who they are for, filtered by ``place`` and ``category``.

    With a place, an entry is listed when it applies there (its area contains the place) or in
    part of it (the place contains its area: 丽水市 lists the 青田县 grant, marked "only in").
    """
    place_code, category = args.get("place", "")[:20], args.get("category", "")[:40]
    here = area(place_code) if place_code else None
    listing = SubsidyList({}, {"place": place_code, "category": category})
    listing.unknown_place = bool(place_code) and here is None
    grouped: dict[str, list[SubsidyRow]] = defaultdict(list)
    entries = sorted(all_subsidies(get_session()), key=lambda e: (e[0].region_code, e[0].id))
    for row, subsidy in entries:
        if category and row.category != category:
            continue
        if here is not None:
            covers = coverage(subsidy, here)
            if covers is None:
                continue
            if covers == "part":
                listing.only_in[row.id] = where_it_applies(subsidy)
        grouped[row.beneficiary].append(row)
    listing.groups = {g: grouped[g] for g in GROUP_ORDER if grouped.get(g)}
    return listing


@dataclass(frozen=True)
class PlaceChoice:
    code: str
    label: str
    nested: bool  # a county shown under its city


def place_choices() -> list[PlaceChoice]:
    """The places the plans cover, for pickers: each city with its counties beneath it, and a
    district plan (海陵区) as "泰州市海陵区" on its own line."""
    session = get_session()
    codes = [c for c in session.exec(select(SourceDocument.region_code)).all() if c]
    regions = session.exec(select(Region).where(Region.code.in_(codes))).all()
    choices: list[PlaceChoice] = []
    for region in sorted(regions, key=lambda r: r.code):
        if region.level != "city":
            known = area(region.code)
            choices.append(
                PlaceChoice(region.code, known.full_name if known else region.name, False)
            )
            continue
        choices.append(PlaceChoice(region.code, region.name, nested=False))
        children = session.exec(
            select(Region).where(Region.parent_code == region.code).order_by(Region.code)
        ).all()
        choices.extend(PlaceChoice(c.code, c.name, True) for c in children if c.level == "county")
    return choices


def is_expired(subsidy: SubsidyRow, today: date) -> bool:
    """Whether the row's entry is past its plan period (or its own end) in ``today``'s year."""
    return rules_of(subsidy).ended(today.year)


@dataclass(frozen=True)
class Totals:
    """Sums of the known amounts of a list of results, and how many had no figure."""

    monthly: float = 0
    yearly: float = 0
    once: float = 0
    counted: int = 0
    without_figure: int = 0

    @classmethod
    def of(cls, results: list[CheckResult]) -> "Totals":
        figures = [r.estimate for r in results]
        known = [e for e in figures if e.known]
        return cls(
            monthly=sum(e.monthly or 0 for e in known),
            yearly=sum(e.yearly or 0 for e in known),
            once=sum(e.once or 0 for e in known),
            counted=len(known),
            without_figure=len(figures) - len(known),
        )


@dataclass
class CheckPage:
    """The check in one of its steps: ``choose`` the applicant, ``answer`` its questions, or
    the ``result``. Results are split into benefits in force (today: the national 育儿补贴),
    what the ended plans set, and near misses."""

    step: str
    applicant: str | None = None
    answers: Answers | None = None
    errors: dict[str, str] = field(default_factory=dict)
    in_force: list[tuple[SubsidyRow, CheckResult]] = field(default_factory=list)
    plan_set: list[tuple[SubsidyRow, CheckResult]] = field(default_factory=list)
    near_misses: list[tuple[SubsidyRow, CheckResult]] = field(default_factory=list)

    @property
    def asked(self) -> bool:
        return self.step == "result"

    @property
    def questions(self) -> tuple[str, ...]:
        return QUESTIONS.get(self.applicant or "", ())

    @property
    def in_force_total(self) -> Totals:
        return Totals.of([r for _row, r in self.in_force])

    @property
    def plan_total(self) -> Totals:
        return Totals.of([r for _row, r in self.plan_set])


def form_values(args: MultiDict) -> dict[str, str]:
    """The GET parameters as the answer parser reads them (checkbox lists joined)."""
    values = {key: args.get(key, "") for key in args}
    values["household"] = ",".join(args.getlist("household")[:10])
    return values


def run_check(args: MultiDict, today: date, *, api: bool = False) -> CheckPage:
    """The check for these GET parameters. Pages go step by step (no applicant: choose one;
    an applicant but no answers yet: its questions); the API always answers or explains."""
    applicant = args.get("applicant", "")
    if not api and applicant not in APPLICANTS:
        errors = {"applicant": form_error("applicant.choice")} if applicant else {}
        return CheckPage("choose", errors=errors)
    if not api and "region" not in args:
        return CheckPage("answer", applicant)
    answers, errors = parse_answers(form_values(args), today=today)
    page = CheckPage("result" if answers else "answer", applicant, answers)
    page.errors = {name: form_error(key) for name, key in errors.items()}
    if answers is None:
        return page
    entries = all_subsidies(get_session())
    results = check([s for _row, s in entries], answers, today=today)
    for (row, _subsidy), result in zip(entries, results, strict=True):
        if result.outcome == "applies":
            (page.in_force if result.in_force else page.plan_set).append((row, result))
        elif result.outcome == "near_miss":
            page.near_misses.append((row, result))
    return page
