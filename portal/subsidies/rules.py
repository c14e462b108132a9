"""Eligibility rules as functions of the answers: True, False, or None when not answered.

Region rules ask :meth:`portal.places.Area.contains` (the production gazetteer); an ``any``
rule holds when one of its options holds. Compiled functions are cached per rule.
"""

from collections.abc import Callable
from functools import lru_cache

from portal.places import Area, area, areas
from portal.subsidies.answers import Answers
from portal.subsidies.schema import ANY, Rule

Test = Callable[[Answers], bool | None]


def _region_test(rule: Rule) -> Test:
    inside: tuple[Area, ...] = areas(rule.value)

    def test(answers: Answers) -> bool | None:
        code = getattr(answers, rule.field)
        if code is None:
            return None
        place = area(code)
        return place is not None and any(a.contains(place) for a in inside)

    return test


def _compare_test(rule: Rule) -> Test:
    name, v = rule.field, rule.value
    compare: dict[str, Callable[[object], bool]] = {
        "eq": lambda a: a == v,
        "ne": lambda a: a != v,
        "in": lambda a: a in v,
        "lt": lambda a: a < v,
        "le": lambda a: a <= v,
        "gt": lambda a: a > v,
        "ge": lambda a: a >= v,
        "between": lambda a: v[0] <= a <= v[1],
        "contains": lambda a: bool(({v} if isinstance(v, str) else set(v)) & set(a)),
    }
    decide = compare[rule.op]

    def test(answers: Answers) -> bool | None:
        actual = getattr(answers, name)
        return None if actual is None else decide(actual)

    return test


def _any_test(rule: Rule) -> Test:
    options = [compile_rule(option) for option in rule.value]

    def test(answers: Answers) -> bool | None:
        results = [option(answers) for option in options]
        if any(results):
            return True
        return None if None in results else False

    return test


@lru_cache(maxsize=1024)
def compile_rule(rule: Rule) -> Test:
    """The rule as a function of the answers: True/False when they decide it, None when the
    visitor did not answer."""
    if rule.op == ANY:
        return _any_test(rule)
    if rule.op == "within":
        return _region_test(rule)
    return _compare_test(rule)


def holds(rule: Rule, answers: Answers) -> bool | None:
    """True/False when the answers decide the rule; None when the visitor did not answer."""
    return compile_rule(rule)(answers)
