"""The subsidies feature: the plans' subsidies, the one eligibility engine and the check's pages.

``load_subsidies()`` reads ``data/subsidies.yaml``; ``parse_answers()`` validates the form;
``check()`` evaluates the rules (the check, facility links and the place filter all use it);
``routes`` serves ``/subsidies/``. May import ``portal.core``, ``portal.domain``,
``portal.places``, ``portal.models`` and ``portal.geo``; no other feature.
"""

from portal.subsidies.answers import Answers, parse_answers
from portal.subsidies.engine import CheckResult, check
from portal.subsidies.schema import SchemaError, Subsidy, load_subsidies

__all__ = [
    "Answers",
    "CheckResult",
    "SchemaError",
    "Subsidy",
    "check",
    "load_subsidies",
    "parse_answers",
]
