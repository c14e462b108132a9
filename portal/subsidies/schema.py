"""Load ``data/subsidies.yaml`` into frozen dataclasses, refusing malformed entries.

Every problem raises :class:`SchemaError` naming the file, the entry id (or its position
when the id itself is missing) and the field, so a reviewer can fix the YAML directly. Rule
values are checked against the answers the form can give and region codes against the
gazetteer: a typo fails the load instead of silently matching nobody.
The service packages (``data/services.yaml``) are loaded by :mod:`portal.services.packages`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from portal.domain import Beneficiary
from portal.places import NATIONAL_CODE, area, areas
from portal.subsidies.answers import ANSWER_FIELDS
from portal.subsidies.entries import Entry, SchemaError
from portal.subsidies.validation import REGION_FIELDS, check_value

__all__ = ["SchemaError", "Subsidy", "load_subsidies", "parse_subsidy"]

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SUBSIDIES_FILE = DATA_DIR / "subsidies.yaml"

CATEGORIES = frozenset(
    {
        "construction_subsidy",
        "operating_subsidy",
        "allowance",
        "reward",
        "fee_cap",
        "insurance",
        "tax_relief",
        "other",
    }
)
PERIODS = frozenset({"once", "month", "year"})
BOUNDS = frozenset({"exact", "at_least", "up_to", "range"})
# A "cap" is a price ceiling and a "loan" must be repaid: neither is money the user receives.
AMOUNT_KINDS = frozenset({"benefit", "cap", "loan"})
OPERATORS = frozenset({"eq", "ne", "in", "lt", "le", "gt", "ge", "between", "within", "contains"})
ANY = "any"  # a rule that holds when one of its options holds (失能、失智 or 80+)


@dataclass(frozen=True)
class Rule:
    """One machine-checkable condition on the visitor's answers.

    ``field == "any"`` is a choice: ``value`` holds the option rules, one of which must hold.
    """

    field: str
    op: str
    value: Any
    message: str | None = None  # plain-Chinese text shown when the rule fails


@dataclass(frozen=True)
class Condition:
    """A condition the plan names that the form cannot ask: the visitor has to confirm it."""

    zh: str
    en: str


@dataclass(frozen=True)
class Tier:
    label: str
    value: float | None
    max_value: float | None = None
    text: str | None = None
    when: tuple[Rule, ...] = ()  # the tier applies when all these rules hold


@dataclass(frozen=True)
class Amount:
    value: float | None
    max_value: float | None
    unit: str
    per: str
    period: str
    bound: str
    kind: str
    text: str
    months_per_year: int = 12


@dataclass(frozen=True)
class Place:
    code: str
    name: str


@dataclass(frozen=True)
class Validity:
    start: int | None
    end: int | None
    text: str


@dataclass(frozen=True)
class Source:
    """Either a plan line (document/line/quote) or an official publication (official/url)."""

    document: str | None = None
    section: str | None = None
    line: int | None = None
    quote: str | None = None
    official: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Subsidy:
    id: str
    title: str
    title_en: str
    beneficiary: Beneficiary
    category: str
    place: Place
    amount: Amount | None
    amount_text: str | None
    tiers: tuple[Tier, ...]
    eligibility: tuple[Rule, ...]
    confirm: tuple[Condition, ...]  # named by the plan, not asked by the form
    notes: tuple[str, ...]  # how it is paid or calculated; not conditions
    how_to_apply: str | None
    issuer: str
    validity: Validity  # the measure's own period, as its policy states it
    plan_period: Validity | None  # the period of the plan that states it (None: national rule)
    source: Source

    def ended(self, year: int) -> bool:
        """Whether the plan period (or the measure's own period) was over before ``year``."""
        ends = [p.end for p in (self.validity, self.plan_period) if p and p.end is not None]
        return any(end < year for end in ends)

    def in_force(self, year: int) -> bool:
        """A benefit in force in ``year``: started, not ended (today only national rules)."""
        started = self.validity.start is None or self.validity.start <= year
        return self.plan_period is None and started and not self.ended(year)


def parse_rule(file: Path, entry_id: str, data: Any) -> Rule:
    """Validate one eligibility rule (or an ``any`` choice between rules)."""
    e = Entry(file, entry_id, data)
    if ANY in data:
        options = e.items(ANY)
        if len(options) < 2 or any(isinstance(o, dict) and ANY in o for o in options):
            raise e.fail("'any' needs two or more plain rules")
        rules = tuple(parse_rule(file, entry_id, option) for option in options)
        return Rule(ANY, ANY, rules, e.text("message"))
    field = e.choice("field", ANSWER_FIELDS)
    op = e.choice("op", OPERATORS)
    value = data.get("value")
    check_value(e, field, op, value)
    return Rule(
        field,
        op,
        tuple(value) if isinstance(value, list) else value,
        e.text("message", optional=True),
    )


def _amount(e: Entry) -> Amount:
    return Amount(
        value=e.number("value"),
        max_value=e.number("max_value"),
        unit=e.text("unit"),
        per=e.text("per"),
        period=e.choice("period", PERIODS),
        bound=e.choice("bound", BOUNDS),
        kind=e.choice("kind", AMOUNT_KINDS),
        text=e.text("text"),
        months_per_year=int(e.data.get("months_per_year", 12)),
    )


def _tier(file: Path, entry_id: str, data: Any) -> Tier:
    e = Entry(file, entry_id, data)
    when = tuple(parse_rule(file, entry_id, r) for r in e.items("when"))
    return Tier(
        e.text("label"),
        e.number("value"),
        e.number("max_value"),
        e.text("text", optional=True),
        when,
    )


def _condition(file: Path, entry_id: str, data: Any) -> Condition:
    e = Entry(file, f"{entry_id}.confirm", data)
    return Condition(e.text("zh"), e.text("en"))


def _period(e: Entry | None) -> Validity | None:
    return e and Validity(e.year("from"), e.year("to"), e.text("text"))


def _source(e: Entry) -> Source:
    if "official" in e.data:
        return Source(official=e.text("official"), url=e.text("url", optional=True))
    line = e.data.get("line")
    if not isinstance(line, int) or line < 1:
        raise e.fail(f"'line' must be a positive line number, got {line!r}")
    quote = e.text("quote")
    if len(quote) < 8:
        raise e.fail("'quote' must be at least 8 characters")
    return Source(e.text("document"), e.text("section", optional=True), line, quote)


def check_place(e: Entry, place: Place, eligibility: tuple[Rule, ...]) -> None:
    """A local entry must say where it applies, inside its own place: a rule on where the
    applicant lives or is registered, whose areas all lie within ``place``."""
    home = area(place.code)
    if home is None:
        raise e.fail(f"'place': unknown region code {place.code!r}")
    if place.code == NATIONAL_CODE:
        return
    region_rules = [r for r in eligibility if r.field in REGION_FIELDS]
    if not region_rules:
        raise e.fail("a local entry needs a 'region' or 'registration_region' rule")
    for rule in region_rules:
        if not all(home.contains(inside) for inside in areas(rule.value)):
            raise e.fail(f"rule on '{rule.field}' reaches outside {place.name}")


def parse_subsidy(file: Path, position: int, data: Any) -> Subsidy:
    """Build one Subsidy from its YAML mapping.

    :raise SchemaError: naming the file and the entry id for any missing or bad field.
    """
    entry_id = data.get("id") if isinstance(data, dict) else None
    e = Entry(file, entry_id if isinstance(entry_id, str) else f"#{position}", data)
    e.text("id")
    place_entry = e.sub("place")
    place = Place(str(place_entry.text("code")), place_entry.text("name"))
    amount = e.sub("amount", optional=True)
    if amount is None and not e.text("amount_text", optional=True):
        raise e.fail("'amount' is null: give 'amount_text' saying what the source states")
    eligibility = tuple(parse_rule(file, e.id, r) for r in e.items("eligibility"))
    check_place(e, place, eligibility)
    source = _source(e.sub("source"))
    plan_period = _period(e.sub("plan_period", optional=True))
    if source.document and plan_period is None:
        raise e.fail("an entry from a plan needs 'plan_period' (the plan's years)")
    return Subsidy(
        id=e.id,
        title=e.text("title"),
        title_en=e.text("title_en"),
        beneficiary=Beneficiary(e.choice("beneficiary", {b.value for b in Beneficiary})),
        category=e.choice("category", CATEGORIES),
        place=place,
        amount=_amount(amount) if amount else None,
        amount_text=e.text("amount_text", optional=True),
        tiers=tuple(_tier(file, e.id, t) for t in e.items("tiers")),
        eligibility=eligibility,
        confirm=tuple(_condition(file, e.id, c) for c in e.items("confirm")),
        notes=tuple(str(c) for c in e.items("notes")),
        how_to_apply=e.text("how_to_apply", optional=True),
        issuer=e.text("issuer"),
        validity=_period(e.sub("validity")),
        plan_period=plan_period,
        source=source,
    )


def load_subsidies(path: Path = SUBSIDIES_FILE) -> list[Subsidy]:
    """Read and validate every subsidy in ``path``.

    :raise SchemaError: for the first malformed entry or a duplicated id.
    """
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise SchemaError(path, "(file)", "the file must hold a list of subsidies")
    subsidies = [parse_subsidy(Path(path), i, item) for i, item in enumerate(raw, start=1)]
    seen: set[str] = set()
    for s in subsidies:
        if s.id in seen:
            raise SchemaError(path, s.id, "duplicate id")
        seen.add(s.id)
    return subsidies
