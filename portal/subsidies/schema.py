"""Load ``data/subsidies.yaml`` into frozen dataclasses, refusing malformed entries.

Every problem raises :class:`SchemaError` naming the file, the entry id (or its position
when the id itself is missing) and the field, so a reviewer can fix the YAML directly.
The service packages (``data/services.yaml``) are loaded by :mod:`portal.subsidies.services`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from portal.domain import Beneficiary

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
ANSWER_FIELDS = frozenset(
    {
        "applicant",
        "child_age_months",
        "older_age",
        "care_level",
        "household",
        "region",
        "registration_region",
        "provider_kind",
        "beds",
        "places",
        "classes",
        "rating",
        "puhui",
        "filed",
        "living_alone",
        "children_count",
    }
)


class SchemaError(ValueError):
    """A subsidy or service file that does not follow the documented schema."""

    def __init__(self, file: Path | str, entry: str, message: str) -> None:
        self.file = str(file)
        self.entry = entry
        self.message = message
        super().__init__(f"{Path(self.file).name}: entry {entry}: {message}")


@dataclass(frozen=True)
class Rule:
    """One machine-checkable condition on the visitor's answers."""

    field: str
    op: str
    value: Any
    message: str | None = None  # plain-Chinese text shown when the rule fails


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
    conditions_text: tuple[str, ...]
    how_to_apply: str | None
    issuer: str
    validity: Validity
    source: Source


class _Entry:
    """Typed access to one YAML mapping that raises SchemaError with file and id."""

    def __init__(self, file: Path, entry_id: str, data: Any) -> None:
        if not isinstance(data, dict):
            raise SchemaError(file, entry_id, "must be a mapping")
        self.file, self.id, self.data = file, entry_id, data

    def fail(self, message: str) -> SchemaError:
        return SchemaError(self.file, self.id, message)

    def text(self, key: str, *, optional: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{key}' must be a non-empty string")
        return value

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise self.fail(f"'{key}' must be a number or null, got {value!r}")
        return value

    def choice(self, key: str, allowed: frozenset[str] | set[str]) -> str:
        value = self.data.get(key)
        if value not in allowed:
            raise self.fail(f"'{key}' must be one of {sorted(allowed)}, got {value!r}")
        return value

    def sub(self, key: str, *, optional: bool = False) -> _Entry | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, dict):
            raise self.fail(f"'{key}' must be a mapping")
        return _Entry(self.file, f"{self.id}.{key}", value)

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"'{key}' must be a list")
        return value


def parse_rule(file: Path, entry_id: str, data: Any) -> Rule:
    """Validate one eligibility rule; the value's shape must suit the operator."""
    e = _Entry(file, entry_id, data)
    field = e.choice("field", ANSWER_FIELDS)
    op = e.choice("op", OPERATORS)
    value = data.get("value")
    if op == "between" and not (isinstance(value, list) and len(value) == 2):
        raise e.fail(f"rule on '{field}': 'between' needs [low, high], got {value!r}")
    if op == "in" and not isinstance(value, list):
        raise e.fail(f"rule on '{field}': 'in' needs a list, got {value!r}")
    if op == "within" and not (isinstance(value, str) or isinstance(value, list)):
        raise e.fail(f"rule on '{field}': 'within' needs a region code or a list of codes")
    return Rule(
        field,
        op,
        tuple(value) if isinstance(value, list) else value,
        e.text("message", optional=True),
    )


def _amount(e: _Entry) -> Amount:
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
    e = _Entry(file, entry_id, data)
    when = tuple(parse_rule(file, entry_id, r) for r in e.items("when"))
    return Tier(
        e.text("label"),
        e.number("value"),
        e.number("max_value"),
        e.text("text", optional=True),
        when,
    )


def _source(e: _Entry) -> Source:
    if "official" in e.data:
        return Source(official=e.text("official"), url=e.text("url", optional=True))
    line = e.data.get("line")
    if not isinstance(line, int) or line < 1:
        raise e.fail(f"'line' must be a positive line number, got {line!r}")
    quote = e.text("quote")
    if len(quote) < 8:
        raise e.fail("'quote' must be at least 8 characters")
    return Source(e.text("document"), e.text("section", optional=True), line, quote)


def parse_subsidy(file: Path, position: int, data: Any) -> Subsidy:
    """Build one Subsidy from its YAML mapping.

    :raise SchemaError: naming the file and the entry id for any missing or bad field.
    """
    entry_id = data.get("id") if isinstance(data, dict) else None
    e = _Entry(file, entry_id if isinstance(entry_id, str) else f"#{position}", data)
    e.text("id")
    place = e.sub("place")
    amount = e.sub("amount", optional=True)
    if amount is None and not e.text("amount_text", optional=True):
        raise e.fail("'amount' is null: give 'amount_text' saying what the source states")
    validity = e.sub("validity")
    return Subsidy(
        id=e.id,
        title=e.text("title"),
        title_en=e.text("title_en"),
        beneficiary=Beneficiary(e.choice("beneficiary", {b.value for b in Beneficiary})),
        category=e.choice("category", CATEGORIES),
        place=Place(str(place.text("code")), place.text("name")),
        amount=_amount(amount) if amount else None,
        amount_text=e.text("amount_text", optional=True),
        tiers=tuple(_tier(file, e.id, t) for t in e.items("tiers")),
        eligibility=tuple(parse_rule(file, e.id, r) for r in e.items("eligibility")),
        conditions_text=tuple(str(c) for c in e.items("conditions_text")),
        how_to_apply=e.text("how_to_apply", optional=True),
        issuer=e.text("issuer"),
        validity=Validity(
            validity.data.get("from"), validity.data.get("to"), validity.text("text")
        ),
        source=_source(e.sub("source")),
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
