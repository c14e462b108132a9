"""Subsidies and service packages from the plans, and the eligibility checker.

``load_subsidies()`` / ``load_services()`` read ``data/``; ``parse_answers()`` validates the
form; ``check()`` evaluates the rules.
"""

from portal.subsidies.answers import Answers, parse_answers
from portal.subsidies.engine import CheckResult, check
from portal.subsidies.schema import SchemaError, Subsidy, load_subsidies
from portal.subsidies.services import ServicePackage, load_services

__all__ = [
    "Answers",
    "CheckResult",
    "SchemaError",
    "ServicePackage",
    "Subsidy",
    "check",
    "load_services",
    "load_subsidies",
    "parse_answers",
]
