"""Checks of a subsidy entry's rules against the form and the gazetteer (used by the loader).

A value the form cannot give, or a region code the gazetteer does not know, would make a rule
that matches nobody without anyone noticing: both are refused when the file is loaded.
"""

from typing import Any

from portal.places import areas
from portal.subsidies.answers import ALLOWED_VALUES
from portal.subsidies.entries import Entry

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
