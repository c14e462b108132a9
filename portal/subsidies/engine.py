"""The eligibility engine: evaluate each subsidy's rules (data) against one set of answers.

There is deliberately no code specific to any subsidy: every decision comes from the
``eligibility`` rules and ``tiers`` in ``data/subsidies.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from portal.subsidies.answers import APPLICANTS, CARE_LEVELS, HOUSEHOLD_STATUSES, Answers
from portal.subsidies.schema import Amount, Rule, Subsidy, Tier

Outcome = Literal["applies", "near_miss", "not_applicable"]
RegionWithin = Callable[[str, str], bool]
NATIONAL = "000000"
# A family is not "nearly" eligible for a grant to providers, nor for another city's rules.
GATE_FIELDS = frozenset({"applicant", "region", "registration_region", "provider_kind"})
# Circumstances the visitor may not have thought about: failing only these is a near miss.
CIRCUMSTANCE_FIELDS = frozenset({"household", "care_level"})

FIELD_LABELS = {
    "applicant": "申请人",
    "child_age_months": "孩子月龄",
    "older_age": "老人年龄",
    "care_level": "失能等级",
    "household": "家庭情况",
    "region": "所在地区",
    "registration_region": "户籍地",
    "provider_kind": "机构类型",
    "beds": "床位数",
    "places": "托位数",
    "classes": "班级数",
    "rating": "等级",
    "puhui": "是否普惠",
    "filed": "是否备案",
    "living_alone": "是否独居",
    "children_count": "子女数量",
}
KIND_LABELS = {
    "care_home": "养老机构",
    "home_care_centre": "居家养老服务中心",
    "day_care_centre": "日间照料中心",
    "medical_care": "医养结合机构",
    "childcare_centre": "托育机构",
    "community_childcare": "社区托育点",
    "nursery_class": "幼儿园托班",
    "child_other": "其他婴幼儿服务机构",
}
VALUE_LABELS = {
    **APPLICANTS,
    **CARE_LEVELS,
    **HOUSEHOLD_STATUSES,
    **KIND_LABELS,
    True: "是",
    False: "否",
}


@dataclass(frozen=True)
class CheckResult:
    subsidy: Subsidy
    outcome: Outcome
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    monthly: float | None = None
    yearly: float | None = None
    once: float | None = None  # one-off amounts have no monthly or yearly figure
    tier: Tier | None = None
    expired: bool = False
    met: tuple[Rule, ...] = ()  # the rules behind ``reasons``, for pages in other languages
    unmet: tuple[Rule, ...] = ()  # the rules behind ``missing``


def _show(value: object) -> str:
    if isinstance(value, tuple | list | frozenset | set):
        return "、".join(_show(v) for v in value)
    return VALUE_LABELS.get(value, str(value)) if isinstance(value, str | bool) else str(value)


def describe(rule: Rule) -> str:
    """The rule as a plain-Chinese requirement, e.g. "孩子月龄需小于36"."""
    label, v = FIELD_LABELS[rule.field], rule.value
    if rule.op == "between":
        return f"{label}需在{_show(v[0])}至{_show(v[-1])}之间"
    verbs = {
        "eq": "需为",
        "ne": "不能为",
        "in": "需为",
        "lt": "需小于",
        "le": "需不超过",
        "gt": "需大于",
        "ge": "需不少于",
        "within": "需在",
        "contains": "需包含",
    }
    suffix = {"in": "之一", "within": "范围内"}.get(rule.op, "")
    return f"{label}{verbs[rule.op]}{_show(v)}{suffix}"


def holds(rule: Rule, answers: Answers, region_within: RegionWithin) -> bool | None:
    """True/False when the answer decides the rule; None when the visitor did not answer."""
    actual = getattr(answers, rule.field)
    if actual is None:
        return None
    v = rule.value
    if rule.op == "within":
        codes = (v,) if isinstance(v, str) else v
        return any(code == NATIONAL or region_within(actual, code) for code in codes)
    if rule.op == "contains":
        wanted = {v} if isinstance(v, str) else set(v)
        return bool(wanted & set(actual))
    if rule.op == "between":
        return v[0] <= actual <= v[1]
    compare: dict[str, Callable[[object, object], bool]] = {
        "eq": lambda a, b: a == b,
        "ne": lambda a, b: a != b,
        "in": lambda a, b: a in b,
        "lt": lambda a, b: a < b,
        "le": lambda a, b: a <= b,
        "gt": lambda a, b: a > b,
        "ge": lambda a, b: a >= b,
    }
    return compare[rule.op](actual, v)


def _multiplier(amount: Amount, answers: Answers) -> float | None:
    """How many units the amount is paid for; None when the answers cannot tell."""
    if amount.per in {"child", "person"}:
        # A family or older person asks about one child / one person; a provider's
        # headcount of residents is not asked, so its per-person totals stay unknown.
        return 1 if answers.applicant != "provider" else None
    counts = {"place": answers.places, "bed": answers.beds, "class": answers.classes}
    if amount.per in counts:
        return counts[amount.per]
    return 1 if amount.per == "facility" else None


def _pick_tier(tiers: Iterable[Tier], answers: Answers, within: RegionWithin) -> Tier | None:
    for tier in tiers:
        if tier.when and all(holds(r, answers, within) for r in tier.when):
            return tier
    return None


def estimate(
    subsidy: Subsidy, answers: Answers, within: RegionWithin
) -> tuple[float | None, float | None, float | None, Tier | None]:
    """``(monthly, yearly, once, tier)`` for a benefit; Nones when the amount is unknown."""
    amount = subsidy.amount
    tier = _pick_tier(subsidy.tiers, answers, within)
    if amount is None or amount.kind != "benefit":
        return None, None, None, tier
    if tier is not None:
        value = tier.value
    elif subsidy.tiers:
        value = None  # several tiers and the answers do not say which: no single figure
    else:
        value = amount.value
    count = _multiplier(amount, answers)
    if value is None or count is None:
        return None, None, None, tier
    total = float(value) * count
    if amount.period == "once":
        return None, None, total, tier
    if amount.period == "month":
        return total, total * amount.months_per_year, None, tier
    return total / 12, total, None, tier


def check_one(
    subsidy: Subsidy, answers: Answers, *, region_within: RegionWithin, today: date
) -> CheckResult:
    """Evaluate one subsidy: applies, near miss or not applicable, with reasons and amounts."""
    reasons: list[str] = []
    failed: list[Rule] = []
    for rule in subsidy.eligibility:
        result = holds(rule, answers, region_within)
        if result is True:
            reasons.append(f"符合：{describe(rule)}")
            continue
        if result is False and rule.field in GATE_FIELDS:
            return CheckResult(subsidy, "not_applicable", expired=_expired(subsidy, today))
        failed.append(rule)
    expired = _expired(subsidy, today)
    met = tuple(r for r in subsidy.eligibility if r not in failed)
    if not failed:
        monthly, yearly, once, tier = estimate(subsidy, answers, region_within)
        return CheckResult(
            subsidy, "applies", reasons, [], monthly, yearly, once, tier, expired, met=met
        )
    near = (len(failed) == 1 and _within_reach(failed[0], answers)) or all(
        r.field in CIRCUMSTANCE_FIELDS for r in failed
    )
    if not near:
        return CheckResult(subsidy, "not_applicable", reasons, expired=expired)
    missing = [_missing_text(rule, answers) for rule in failed]
    return CheckResult(
        subsidy, "near_miss", reasons, missing, expired=expired, met=met, unmet=tuple(failed)
    )


# How far from an age limit still counts as "nearly": a 79-year-old nearly gets an allowance
# from 80, a 59-year-old does not nearly get one for centenarians.
NEAR_GAP = {"older_age": 5, "child_age_months": 6}


def _within_reach(rule: Rule, answers: Answers) -> bool:
    """Whether the one failed rule is a near miss: any rule but an age limit far away."""
    gap = NEAR_GAP.get(rule.field)
    value = getattr(answers, rule.field, None)
    if gap is None or value is None:
        return True
    limits = rule.value if rule.op == "between" else [rule.value]
    return any(abs(value - limit) <= gap for limit in limits if isinstance(limit, int | float))


def _missing_text(rule: Rule, answers: Answers) -> str:
    if getattr(answers, rule.field) is None:
        return f"未填写{FIELD_LABELS[rule.field]}（{rule.message or describe(rule)}）"
    return rule.message or describe(rule)


def _expired(subsidy: Subsidy, today: date) -> bool:
    end = subsidy.validity.end
    return end is not None and end < today.year


def check(
    subsidies: Iterable[Subsidy], answers: Answers, *, region_within: RegionWithin, today: date
) -> list[CheckResult]:
    """Check every subsidy; results keep the order of ``subsidies``."""
    return [check_one(s, answers, region_within=region_within, today=today) for s in subsidies]
