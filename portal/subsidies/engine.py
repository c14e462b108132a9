"""The eligibility engine: the one place that decides whether a subsidy applies to some answers.

The check (page and API), the facility pages' "subsidies that may apply" (linked at import by
:mod:`portal.subsidies.links`) and the ``/subsidies/?place=`` list all ask it. There is no code
specific to any subsidy: every decision comes from the ``eligibility`` rules, ``confirm``
conditions and ``tiers`` in ``data/subsidies.yaml``. Region rules are decided by
:meth:`portal.places.Area.contains` on the production gazetteer.

Each subsidy is compiled once (its rules turned into small functions, its region codes into
areas), so checking one facility or one family costs a few set look-ups per rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from portal.places import Area, areas
from portal.subsidies.answers import Answers
from portal.subsidies.estimate import Estimate, estimate
from portal.subsidies.rules import Test, compile_rule, holds
from portal.subsidies.schema import ANY, Condition, Rule, Subsidy, Tier

__all__ = [
    "CheckResult",
    "check",
    "check_one",
    "compiled",
    "coverage",
    "holds",
    "where_it_applies",
]

Outcome = Literal["applies", "near_miss", "not_applicable"]
# A family is not "nearly" eligible for a grant to providers, nor for another place's rules.
GATE_FIELDS = frozenset(
    {"applicant", "region", "registration_region", "provider_kind", "ownership"}
)
PLACE_FIELDS = frozenset({"applicant", "region", "registration_region"})
# Circumstances the visitor may not have thought about: failing only these is a near miss.
CIRCUMSTANCE_FIELDS = frozenset({"household", "care_level", ANY})
# How far from an age limit still counts as "nearly": a 79-year-old nearly gets an allowance
# from 80, a 59-year-old does not nearly get one for centenarians.
NEAR_GAP = {"older_age": 5, "child_age_months": 6}


@dataclass(frozen=True)
class CheckResult:
    subsidy: Subsidy
    outcome: Outcome
    met: tuple[Rule, ...] = ()  # rules the answers satisfy
    unmet: tuple[Rule, ...] = ()  # rules the answers fail or leave unanswered
    unanswered: tuple[Rule, ...] = ()  # the part of ``unmet`` the visitor did not answer
    to_confirm: tuple[Condition, ...] = ()  # named by the plan, not asked by the form
    estimate: Estimate = Estimate()
    ended: bool = False  # the plan period (2021–2025) is over: the amounts are the plan's
    in_force: bool = False  # a benefit in force today (the national 育儿补贴)

    @property
    def tier(self) -> Tier | None:
        return self.estimate.tier


@dataclass(frozen=True)
class Compiled:
    """A subsidy with its rules ready to run, and who may ask for it."""

    subsidy: Subsidy
    applicants: frozenset[str] | None  # from its applicant rule; None if it has none
    rules: tuple[tuple[Rule, Test], ...]
    place_rules: tuple[tuple[Rule, Test], ...]  # applicant, region and 户籍 rules
    other_rules: tuple[tuple[Rule, Test], ...]

    def decide(self, answers: Answers) -> tuple[list[Rule], list[Rule], list[Rule]]:
        """``(met, failed, unanswered)`` rules, in the order of the entry."""
        met: list[Rule] = []
        failed: list[Rule] = []
        unanswered: list[Rule] = []
        for rule, test in self.rules:
            result = test(answers)
            (met if result else unanswered if result is None else failed).append(rule)
        return met, failed, unanswered

    def could_apply(self, answers: Answers) -> bool:
        """Whether no rule is decided against the answers (unanswered rules do not count)."""
        return self.admits_place(answers) and self.could_apply_there(answers)

    def admits_place(self, answers: Answers) -> bool:
        """The applicant and place rules alone: the same for every facility of one place, so a
        caller linking thousands of facilities can ask once per place and applicant."""
        if self.applicants is not None and answers.applicant not in self.applicants:
            return False
        return all(test(answers) is not False for _rule, test in self.place_rules)

    def could_apply_there(self, answers: Answers) -> bool:
        """The other rules, for answers whose place :meth:`admits_place`."""
        return all(test(answers) is not False for _rule, test in self.other_rules)


@lru_cache(maxsize=512)
def compiled(subsidy: Subsidy) -> Compiled:
    """Compile once per subsidy (subsidies are frozen and hashable)."""
    applicants = next(
        (
            frozenset({r.value} if r.op == "eq" else r.value)
            for r in subsidy.eligibility
            if r.field == "applicant" and r.op in ("eq", "in")
        ),
        None,
    )
    rules = tuple((r, compile_rule(r)) for r in subsidy.eligibility)
    return Compiled(
        subsidy,
        applicants,
        rules,
        tuple(pair for pair in rules if pair[0].field in PLACE_FIELDS),
        tuple(pair for pair in rules if pair[0].field not in PLACE_FIELDS),
    )


def _within_reach(rule: Rule, answers: Answers) -> bool:
    """Whether the one failed rule is a near miss: any rule but an age limit far away."""
    gap = NEAR_GAP.get(rule.field)
    value = getattr(answers, rule.field, None) if rule.field in NEAR_GAP else None
    if gap is None or value is None:
        return True
    limits = rule.value if rule.op == "between" else [rule.value]
    return any(abs(value - limit) <= gap for limit in limits if isinstance(limit, int | float))


def check_one(subsidy: Subsidy, answers: Answers, *, today: date) -> CheckResult:
    """Evaluate one subsidy: applies, near miss or not applicable, with the rules behind it.

    *Applies*: every rule holds and the plan names no condition the form cannot ask.
    *Near miss*: the rules hold but such conditions remain to be confirmed, or exactly one rule
    fails (an age limit only when close), or only circumstances (household, care level) fail.
    A failed rule on the applicant, the place or the kind of provider is never "nearly".
    """
    rules = compiled(subsidy)
    timing = {"ended": subsidy.ended(today.year), "in_force": subsidy.in_force(today.year)}
    met, failed, unanswered = rules.decide(answers)
    if any(r.field in GATE_FIELDS for r in failed):
        return CheckResult(subsidy, "not_applicable", **timing)
    unmet = [r for r in rules.subsidy.eligibility if r in failed or r in unanswered]
    figures = estimate(subsidy, answers) if not unmet else Estimate()
    if not unmet and not subsidy.confirm:
        return CheckResult(subsidy, "applies", tuple(met), estimate=figures, **timing)
    near = (
        not unmet
        or (len(unmet) == 1 and _within_reach(unmet[0], answers))
        or all(r.field in CIRCUMSTANCE_FIELDS for r in unmet)
    )
    if not near:
        return CheckResult(subsidy, "not_applicable", tuple(met), tuple(unmet), **timing)
    return CheckResult(
        subsidy,
        "near_miss",
        tuple(met),
        tuple(unmet),
        tuple(unanswered),
        subsidy.confirm,
        figures,
        **timing,
    )


def check(subsidies: Iterable[Subsidy], answers: Answers, *, today: date) -> list[CheckResult]:
    """Check every subsidy; results keep the order of ``subsidies``."""
    return [check_one(s, answers, today=today) for s in subsidies]


def where_it_applies(subsidy: Subsidy) -> tuple[Area, ...]:
    """The areas the entry's place rules admit (the place of residence first, else the 户籍),
    e.g. the six pilot counties of 台州's family care beds, or the whole country."""
    for name in ("region", "registration_region"):
        codes = [c for r in subsidy.eligibility if r.field == name for c in _codes(r.value)]
        if codes:
            return areas(codes)
    return areas(subsidy.place.code)


def _codes(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def coverage(subsidy: Subsidy, place: Area) -> Literal["all", "part"] | None:
    """How much of ``place`` the subsidy covers: all of it (its area contains the place), part
    (the place contains its area, e.g. 丽水市 and the 青田县-only grant) or none."""
    inside = where_it_applies(subsidy)
    if any(a.contains(place) for a in inside):
        return "all"
    if any(place.contains(a) for a in inside):
        return "part"
    return None
