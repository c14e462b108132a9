"""Subsidies for the pages and the API: listing, one subsidy, and the "what can we get?" check."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask_babel import gettext as _
from sqlmodel import select
from werkzeug.datastructures import MultiDict

from portal.core.db import get_session
from portal.core.i18n import is_english
from portal.domain import Beneficiary
from portal.geo.gazetteer import load_default
from portal.models import Region, SourceDocument, Subsidy
from portal.subsidies import Answers, CheckResult, check, parse_answers
from portal.subsidies.labels import english_error
from portal.subsidies.schema import parse_subsidy

GROUP_ORDER = (
    Beneficiary.FAMILY,
    Beneficiary.OLDER_PERSON,
    Beneficiary.PROVIDER,
    Beneficiary.CARE_WORKER,
)
NATIONAL = "000000"


def region_within(ancestor: str, code: str) -> bool:
    """Whether ``code`` lies in ``ancestor`` (the national code covers everywhere)."""
    return ancestor == NATIONAL or ancestor == code or load_default().contains(ancestor, code)


def listed_subsidies(args: MultiDict) -> tuple[dict[str, list[Subsidy]], dict[str, str]]:
    """Subsidies grouped by who they are for, filtered by ``place`` and ``category``."""
    query = select(Subsidy).order_by(Subsidy.region_code, Subsidy.id)
    rows = get_session().exec(query).all()
    place, category = args.get("place", ""), args.get("category", "")
    if place:
        rows = [s for s in rows if region_within(s.region_code, place)]
    if category:
        rows = [s for s in rows if s.category == category]
    grouped: dict[str, list[Subsidy]] = defaultdict(list)
    for subsidy in rows:
        grouped[subsidy.beneficiary].append(subsidy)
    ordered = {g: grouped[g] for g in GROUP_ORDER if grouped.get(g)}
    return ordered, {"place": place, "category": category}


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
            parent = session.get(Region, region.parent_code) if region.parent_code else None
            label = f"{parent.name}{region.name}" if parent else region.name
            choices.append(PlaceChoice(region.code, label, nested=False))
            continue
        choices.append(PlaceChoice(region.code, region.name, nested=False))
        children = session.exec(
            select(Region).where(Region.parent_code == region.code).order_by(Region.code)
        ).all()
        choices.extend(PlaceChoice(c.code, c.name, True) for c in children if c.level == "county")
    return choices


def is_expired(subsidy: Subsidy, today: date) -> bool:
    return subsidy.valid_to is not None and subsidy.valid_to < today.year


@dataclass
class CheckPage:
    asked: bool
    answers: Answers | None
    errors: dict[str, str]
    applies: list[tuple[Subsidy, CheckResult]] = field(default_factory=list)
    near_misses: list[tuple[Subsidy, CheckResult]] = field(default_factory=list)

    @property
    def monthly_total(self) -> float:
        return sum(r.monthly or 0 for _s, r in self.applies if not r.expired)

    @property
    def yearly_total(self) -> float:
        return sum(r.yearly or 0 for _s, r in self.applies if not r.expired)


def form_values(args: MultiDict) -> dict[str, str]:
    """The GET parameters as the answer parser reads them (checkbox lists joined)."""
    values = {key: args.get(key, "") for key in args}
    values["household"] = ",".join(args.getlist("household"))
    return values


def run_check(args: MultiDict, today: date) -> CheckPage:
    if not args.get("applicant"):
        return CheckPage(asked=False, answers=None, errors={})
    answers, errors = parse_answers(form_values(args), today=today)
    for name in ("region", "registration_region"):
        # A well-formed code the gazetteer does not know (999999) matched no rule, silently.
        code = (args.get(name) or "").strip()
        if code and name not in errors and code not in load_default():
            errors[name] = "我们不认识这个地区代码，请从列表中选择所在地区"
            answers = None
    if is_english():
        errors = {field: english_error(field) for field in errors}
    page = CheckPage(asked=True, answers=answers, errors=errors)
    if answers is None:
        return page
    rows = get_session().exec(select(Subsidy).order_by(Subsidy.id)).all()
    rules = [parse_subsidy(Path("database"), row.id, row.definition) for row in rows]
    results = check(rules, answers, region_within=region_within, today=today)
    for row, result in zip(rows, results, strict=True):
        if result.outcome == "applies":
            page.applies.append((row, result))
        elif result.outcome == "near_miss":
            page.near_misses.append((row, result))
    return page


def check_as_json(page: CheckPage) -> dict:
    def item(row: Subsidy, result: CheckResult) -> dict:
        return {
            "id": row.slug,
            "title": row.title,
            "title_en": row.title_en,
            "place": row.place_name,
            "amount_text": row.amount_text or None,
            "monthly_estimate_yuan": result.monthly,
            "yearly_estimate_yuan": result.yearly,
            "expired": result.expired,
            "reasons": result.reasons,
            "missing": result.missing,
            "source": {
                "document": row.document_id,
                "line": row.source_line,
                "quote": row.source_quote,
                "official": row.official_source,
                "url": row.official_url,
            },
        }

    return {
        "errors": page.errors,
        "applies": [item(*pair) for pair in page.applies],
        "near_misses": [item(*pair) for pair in page.near_misses],
        "estimated_total_yuan": {"monthly": page.monthly_total, "yearly": page.yearly_total},
        "note": _("Estimates from the plans' stated amounts; the responsible department decides."),
    }
