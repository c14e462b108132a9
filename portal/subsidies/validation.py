"""Checks of a subsidy entry's rules against the form and the gazetteer (used by the loader).

A value the form cannot give, or a region code the gazetteer does not know, would make a rule
that matches nobody without anyone noticing: both are refused when the file is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from portal.places import NATIONAL_CODE, area, areas
from portal.subsidies.answers import ALLOWED_VALUES
from portal.subsidies.entries import Entry

if TYPE_CHECKING:  # the schema imports these checks; its types are only annotations here
    from portal.subsidies.schema import Place, Rule

REGION_FIELDS = frozenset({"region", "registration_region"})


def check_value(e: Entry, field: str, op: str, value: Any) -> None:
    """The value's shape must suit the operator, and its words must be answers the form gives."""
    if op == "between" and not (isinstance(value, list) and len(value) == 2):
        raise e.fail(f"rule on '{field}': 'between' needs [low, high], got {value!r}")
    if op == "in" and not isinstance(value, list):
        raise e.fail(f"rule on '{field}': 'in' needs a list, got {value!r}")
    if op == "within":
        if field not in REGION_FIELDS or not isinstance(value, str | list):
            raise e.fail(f"rule on '{field}': 'within' needs a region field and code(s)")
        try:
            areas(value)
        except KeyError as error:
            raise e.fail(f"rule on '{field}': {error.args[0]}") from None
    allowed = ALLOWED_VALUES.get(field)
    words = value if isinstance(value, list) else [value]
    if allowed is not None and any(word not in allowed for word in words):
        raise e.fail(f"rule on '{field}': {value!r} is not among {sorted(allowed, key=str)}")


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
