"""How a subsidy's amount, type, form errors and rules read, in the visitor's language."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.core.i18n import format_yuan
from portal.models import Subsidy as SubsidyRow
from portal.subsidies import wording
from portal.subsidies.answers import TRAINING_ORG
from portal.subsidies.catalogue import rules_of

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
# Keys come from portal.subsidies.answers; the text is what the visitor reads next to the field.
FORM_ERRORS = {
    "applicant.choice": _l("Choose who the subsidy is for."),
    "region.missing": _l("Choose where you live (or where the provider is)."),
    "region.unknown": _l("We do not know this place. Choose one from the list."),
    "child_birth.format": _l("Enter the date of birth as YYYY-MM-DD, e.g. 2024-05-31."),
    "child_birth.future": _l("The date of birth cannot be after today."),
    "child_birth.missing": _l("Enter the child's date of birth or age in months."),
    "child_age_months.range": _l("Enter the child's age as whole months, 0 to 216."),
    "children_count.range": _l("Enter the number of children, 1 to 20."),
    "older_age.range": _l("Enter the older person's age in whole years, 0 to 130."),
    "older_age.missing": _l("Enter the older person's age."),
    "care_level.choice": _l("Choose a care level from the list."),
    "household.choice": _l("Choose only the household circumstances listed."),
    "provider_kind.choice": _l("Choose a kind of provider from the list."),
    "ownership.choice": _l("Choose who runs the provider from the list."),
    "beds.range": _l("Enter 0 or a whole number of beds."),
    "places.range": _l("Enter 0 or a whole number of childcare places."),
    "classes.range": _l("Enter 0 or a whole number of classes."),
    "rating.range": _l("Enter a star rating (or number of A's) from 1 to 5."),
    "yes_no": _l("Answer yes or no."),
}
PROVIDER_KIND_CHOICES = (
    "care_home",
    "home_care_centre",
    "day_care_centre",
    "medical_care",
    "childcare_centre",
    "community_childcare",
    "nursery_class",
    "combined",
    TRAINING_ORG,
)


def form_error(key: str) -> str:
    """The message for a form error key, in the visitor's language."""
    return str(FORM_ERRORS.get(key, _l("Please check this answer.")))


def category_label(category: str) -> str:
    return str(CATEGORY_LABELS.get(category, category))


def amount_summary(subsidy: SubsidyRow) -> str:
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


def register(app) -> None:
    app.jinja_env.filters.update(place_name=wording.place_name)
    app.jinja_env.globals.update(
        category_label=category_label,
        amount_summary=amount_summary,
        describe_rule=wording.describe,
        requirement=wording.requirement,
        rule_reason=wording.reason,
        rule_missing=wording.missing,
        condition_text=wording.condition,
        place_name=wording.place_name,
        rules_of=rules_of,
        subsidy_ended=lambda row: rules_of(row).ended(date.today().year),
        provider_kind_choices=PROVIDER_KIND_CHOICES,
        answer_label=lambda value: str(wording.VALUE_LABELS.get(value, value)),
    )
