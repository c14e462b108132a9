"""How a subsidy's amount, type and rules read on the page, in the visitor's language."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.core.i18n import format_yuan, is_english
from portal.models import Subsidy
from portal.subsidies.engine import describe
from portal.subsidies.schema import Rule

CATEGORY_LABELS = {
    "construction_subsidy": _l("Construction subsidy"),
    "operating_subsidy": _l("Operating subsidy"),
    "allowance": _l("Allowance"),
    "reward": _l("Reward"),
    "fee_cap": _l("Fee cap or price standard"),
    "insurance": _l("Insurance"),
    "tax_relief": _l("Tax and fee relief"),
    "other": _l("Other support"),
}
PER_LABELS = {
    "child": _l("per child"),
    "person": _l("per person"),
    "bed": _l("per bed"),
    "place": _l("per childcare place"),
    "facility": _l("per facility"),
    "class": _l("per class"),
}
PERIOD_LABELS = {"once": _l("one-off"), "month": _l("a month"), "year": _l("a year")}
FIELD_LABELS_EN = {
    "child_age_months": "child's age in months",
    "older_age": "age",
    "care_level": "care level",
    "household": "household status",
    "region": "place",
    "registration_region": "household registration",
    "provider_kind": "type of provider",
    "beds": "beds",
    "places": "childcare places",
    "classes": "classes",
    "rating": "star rating",
    "puhui": "affordable (普惠) agreement",
    "filed": "registered (备案)",
    "living_alone": "living alone",
    "children_count": "number of children",
}
VALUE_LABELS_EN = {
    "child": "a young child",
    "older": "an older person",
    "provider": "a care provider",
    "care_worker": "a care worker",
    "none": "none",
    "semi": "partly dependent",
    "full": "fully dependent",
    "dibao": "minimum living allowance (低保)",
    "dibian": "near the minimum (低保边缘)",
    "tekun": "extreme hardship support (特困)",
    "000000": "anywhere in China",
    True: "yes",
    False: "no",
}
FORM_ERRORS_EN = {
    "applicant": "Choose who the subsidy is for.",
    "region": "Choose where you live (or where the provider is).",
    "registration_region": "Choose a place from the list.",
    "child_birth": "Enter the date of birth as a date in the past (YYYY-MM-DD).",
    "child_age_months": "Enter the child's age as whole months, 0 to 216.",
    "children_count": "Enter the number of children, 1 to 20.",
    "older_age": "Enter the older person's age in years, 0 to 130.",
    "care_level": "Choose a care level from the list.",
    "household": "Choose only the household circumstances listed.",
    "provider_kind": "Choose a kind of provider from the list.",
    "beds": "Enter 0 or a whole number.",
    "places": "Enter 0 or a whole number.",
    "classes": "Enter 0 or a whole number.",
    "rating": "Enter a star rating from 1 to 5.",
    "puhui": "Answer yes or no.",
    "filed": "Answer yes or no.",
    "living_alone": "Answer yes or no.",
}
OPS_EN = {
    "eq": "is",
    "ne": "is not",
    "in": "is one of",
    "lt": "below",
    "le": "at most",
    "gt": "above",
    "ge": "at least",
    "within": "within",
    "contains": "includes",
    "between": "between",
}


def category_label(category: str) -> str:
    return str(CATEGORY_LABELS.get(category, category))


def amount_summary(subsidy: Subsidy) -> str:
    """E.g. "3,600 元 per child a year", "up to 2,200 元 per child a month", or not stated."""
    low, high = subsidy.amount_value, subsidy.amount_max
    bound = (subsidy.definition.get("amount") or {}).get("bound")
    if low is None and high is None:
        return _("Amount not stated in the plan")
    if low is None:
        figure = _("up to %(amount)s", amount=format_yuan(high))
    elif high:
        figure = f"{format_yuan(low)}–{format_yuan(high)}"
    elif bound == "at_least":
        figure = _("at least %(amount)s", amount=format_yuan(low))
    else:
        figure = format_yuan(low)
    basis = " ".join(
        str(table[key])
        for table, key in ((PER_LABELS, subsidy.amount_per), (PERIOD_LABELS, subsidy.amount_period))
        if key in table
    )
    return f"{figure} {basis}".strip()


def describe_rule(rule: dict | Rule) -> str:
    """A rule as a requirement a visitor reads: the engine's Chinese words, or plain English."""
    if isinstance(rule, dict):
        rule = Rule(rule["field"], rule["op"], rule["value"], rule.get("message"))
    if not is_english():
        return describe(rule)
    value = rule.value
    if isinstance(value, list | tuple):
        shown = ", ".join(VALUE_LABELS_EN.get(v, str(v)) for v in value)
    else:
        shown = VALUE_LABELS_EN.get(value, str(value))
    field = FIELD_LABELS_EN.get(rule.field, rule.field)
    return f"{field} {OPS_EN.get(rule.op, rule.op)} {shown}"


def english_error(field: str) -> str:
    """The check form's message for ``field`` on English pages (the parser writes Chinese)."""
    return FORM_ERRORS_EN.get(field, "Please check this answer.")


def register(app) -> None:
    app.jinja_env.globals.update(
        category_label=category_label, amount_summary=amount_summary, describe_rule=describe_rule
    )
