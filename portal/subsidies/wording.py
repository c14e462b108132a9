"""Rules and conditions as sentences a visitor reads, in the visitor's language.

"老人年龄需不少于80" / "age must be at least 80"; places by name, never by code
("所在地区需在嘉兴市范围内", "place where you live must be in 嘉兴市 (jiā xīng shì)").
Used by the check page, the JSON API and the subsidy pages, so all three say the same.
"""

from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pypinyin import Style, lazy_pinyin

from portal.core.i18n import is_english
from portal.domain.labels import KIND_LABELS
from portal.places import area
from portal.subsidies.answers import TRAINING_ORG
from portal.subsidies.schema import ANY, Condition, Rule

FIELD_LABELS = {
    "applicant": _l("applicant"),
    "child_age_months": _l("child's age in months"),
    "children_count": _l("number of children"),
    "older_age": _l("the older person's age"),
    "care_level": _l("care level"),
    "household": _l("household status"),
    "living_alone": _l("living alone"),
    "region": _l("place where you live"),
    "registration_region": _l("household registration (户籍)"),
    "provider_kind": _l("kind of provider"),
    "ownership": _l("ownership of the provider"),
    "beds": _l("number of beds"),
    "places": _l("number of childcare places"),
    "classes": _l("number of classes"),
    "rating": _l("star rating"),
    "puhui": _l("affordable (普惠) agreement"),
    "filed": _l("registered (备案)"),
}
VALUE_LABELS = {
    "child": _l("a young child's family"),
    "older": _l("an older person"),
    "provider": _l("a care provider"),
    "care_worker": _l("a care worker"),
    "none": _l("looks after themselves"),
    "semi": _l("partly dependent (半失能)"),
    "full": _l("fully dependent (失能)"),
    "dibao": _l("minimum living allowance (低保)"),
    "dibian": _l("near the minimum (低保边缘)"),
    "tekun": _l("extreme hardship support (特困)"),
    "private": _l("privately run (民办)"),
    "public_private": _l("publicly built, privately run (公建民营)"),
    "public": _l("public (公办)"),
    TRAINING_ORG: _l("vocational training body"),
    **{str(kind): text for kind, text in KIND_LABELS.items()},
}
SENTENCES = {
    "eq": _l("%(field)s must be %(value)s"),
    "ne": _l("%(field)s must not be %(value)s"),
    "in": _l("%(field)s must be one of: %(value)s"),
    "lt": _l("%(field)s must be below %(value)s"),
    "le": _l("%(field)s must be at most %(value)s"),
    "gt": _l("%(field)s must be above %(value)s"),
    "ge": _l("%(field)s must be at least %(value)s"),
    "within": _l("%(field)s must be in %(value)s"),
    "contains": _l("%(field)s must include one of: %(value)s"),
}


def joined(items: Iterable[str]) -> str:
    return (", " if is_english() else "、").join(items)


def place_name(code: str) -> str:
    """嘉兴市 on Chinese pages, 嘉兴市 (Jiāxīng Shì) on English ones; an unknown code as is."""
    found = area(code)
    if found is None:
        return code
    if found.code == "000000":
        return _("anywhere in China")
    if not is_english():
        return found.name
    # Spoken as the rest of the site speaks place names (core.i18n.name_with_pinyin).
    return f"{found.name} ({' '.join(lazy_pinyin(found.name, style=Style.TONE))})"


def _value(field: str, value: object) -> str:
    if isinstance(value, tuple | list | set | frozenset):
        return joined(_value(field, v) for v in value)
    if field in ("region", "registration_region"):
        return place_name(str(value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(VALUE_LABELS.get(value, value)) if isinstance(value, str) else str(value)


def describe(rule: Rule) -> str:
    """The rule as a requirement, e.g. "孩子月龄需小于36" / "child's age in months must be below
    36"."""
    if rule.op == ANY:
        return (" " + _("or") + " ").join(describe(option) for option in rule.value)
    field = FIELD_LABELS[rule.field]
    if rule.op == "between":
        low, high = rule.value
        return _(
            "%(field)s must be between %(low)s and %(high)s",
            field=field,
            low=_value(rule.field, low),
            high=_value(rule.field, high),
        )
    return str(SENTENCES[rule.op]) % {"field": field, "value": _value(rule.field, rule.value)}


def requirement(rule: Rule) -> str:
    """What the rule asks for: the data file's own words on Chinese pages, when it has them."""
    if rule.message and not is_english():
        return rule.message
    return describe(rule)


def reason(rule: Rule) -> str:
    """Why an answer qualifies, e.g. "符合：老人年龄需不少于80"."""
    return _("Meets: %(rule)s", rule=describe(rule))


def missing(rule: Rule, *, unanswered: bool) -> str:
    """What stands in the way; a question the visitor left blank says so."""
    if unanswered and rule.op != ANY:
        field = FIELD_LABELS[rule.field]
        return _("Not answered: %(field)s (%(rule)s)", field=field, rule=requirement(rule))
    return requirement(rule)


def condition(item: Condition) -> str:
    """A condition to confirm, in the visitor's language."""
    return item.en if is_english() else item.zh
