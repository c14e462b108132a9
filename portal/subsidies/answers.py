"""The subsidy checker's short form: parse and validate its GET parameters.

Nothing a visitor types raises: every problem becomes a message key (``"older_age.range"``)
for its form field, which :mod:`portal.subsidies.labels` words in the visitor's language. The
answers are returned only when there are no problems. Integers are read by
:func:`portal.core.params.ascii_int` (ASCII digits, capped), after turning full-width digits
(８０) into ASCII; ``²``, ``①`` and 4,301-digit numbers are refused, never passed to ``int()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from portal.core.params import ascii_int
from portal.domain import NOT_CARE_KINDS, FacilityKind
from portal.places import area

APPLICANTS = ("child", "older", "provider", "care_worker")
CARE_LEVELS = ("none", "semi", "full")  # 能自理, 半失能, 失能
HOUSEHOLD_STATUSES = ("dibao", "dibian", "tekun", "none")  # 低保, 低保边缘, 特困, 都不是
OWNERSHIPS = ("private", "public_private", "public")  # 民办, 公建民营, 公办
# Provider kinds the form offers: the facility kinds, and training bodies (景德镇's training
# subsidy is paid to 职业培训机构, which are not facilities).
TRAINING_ORG = "training_org"
PROVIDER_KINDS = (*(k.value for k in FacilityKind if k not in NOT_CARE_KINDS), TRAINING_ORG)
MAX_COUNT = 100_000  # beds/places/classes beyond this are typing errors, not facilities
MAX_TEXT = 40  # no answer of this form is longer; longer input is refused, not scanned
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９－", "0123456789-")
YES = frozenset({"1", "true", "yes", "on", "y"})
NO = frozenset({"0", "false", "no", "off", "n"})

# The values a rule may compare a field with (checked when data/subsidies.yaml is loaded).
ALLOWED_VALUES: dict[str, frozenset] = {
    "applicant": frozenset(APPLICANTS),
    "care_level": frozenset(CARE_LEVELS),
    "household": frozenset(HOUSEHOLD_STATUSES) - {"none"},
    "ownership": frozenset(OWNERSHIPS),
    "provider_kind": frozenset(PROVIDER_KINDS),
    "puhui": frozenset({True, False}),
    "filed": frozenset({True, False}),
    "living_alone": frozenset({True, False}),
}


@dataclass(frozen=True)
class Answers:
    """What the visitor told us; ``None`` means "not answered". Regions are gazetteer codes."""

    applicant: str
    region: str | None = None
    registration_region: str | None = None
    child_age_months: int | None = None
    children_count: int | None = None
    older_age: int | None = None
    care_level: str | None = None
    household: frozenset[str] | None = None  # empty: "none of these"; None: not answered
    living_alone: bool | None = None
    provider_kind: str | None = None
    ownership: str | None = None
    beds: int | None = None
    places: int | None = None
    classes: int | None = None
    rating: int | None = None
    puhui: bool | None = None
    filed: bool | None = None


ANSWER_FIELDS = frozenset(Answers.__dataclass_fields__)

# The questions each applicant is asked (the form's second step shows only these).
QUESTIONS = {
    "child": ("region", "registration_region", "child_age", "children_count", "household"),
    "older": ("region", "registration_region", "older_age", "care_level", "household"),
    "provider": (
        "region",
        "provider_kind",
        "ownership",
        "beds",
        "places",
        "classes",
        "rating",
        "puhui",
        "filed",
    ),
    "care_worker": ("region", "registration_region"),
}


def age_in_months(birth: date, today: date) -> int:
    """Whole months completed between ``birth`` and ``today`` (a child born 2024-05-31 is
    11 months old on 2025-05-30 and 12 months old on 2025-05-31)."""
    months = (today.year - birth.year) * 12 + today.month - birth.month
    return months - 1 if today.day < birth.day else months


class _Form:
    def __init__(self, args: Mapping[str, str]) -> None:
        self.args = args
        self.errors: dict[str, str] = {}

    def raw(self, name: str) -> str:
        value = self.args.get(name)
        return value.strip()[: MAX_TEXT + 1] if isinstance(value, str) else ""

    def integer(self, name: str, low: int, high: int) -> int | None:
        text = self.raw(name).translate(FULL_WIDTH_DIGITS)
        if not text:
            return None
        value = ascii_int(text, lower=low, upper=high)
        if value is None:
            self.errors[name] = f"{name}.range"
        return value

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        text = self.raw(name)
        if text and text not in allowed:
            self.errors[name] = f"{name}.choice"
            return None
        return text or None

    def flag(self, name: str) -> bool | None:
        text = self.raw(name).lower()
        if not text:
            return None
        if text in YES or text in NO:
            return text in YES
        self.errors[name] = "yes_no"
        return None

    def region(self, name: str) -> str | None:
        text = self.raw(name).translate(FULL_WIDTH_DIGITS)
        if text and area(text) is None:
            self.errors[name] = "region.unknown"
            return None
        return text or None


def _child_age(form: _Form, today: date) -> int | None:
    birth_text, months = form.raw("child_birth"), form.raw("child_age_months")
    if birth_text:
        try:
            birth = date.fromisoformat(birth_text.translate(FULL_WIDTH_DIGITS))
        except ValueError:
            form.errors["child_birth"] = "child_birth.format"
            return None
        if birth > today:
            form.errors["child_birth"] = "child_birth.future"
            return None
        return age_in_months(birth, today)
    if months:
        return form.integer("child_age_months", 0, 216)
    form.errors["child_birth"] = "child_birth.missing"
    return None


def _household(form: _Form) -> frozenset[str] | None:
    """The statuses ticked; ``None`` when nothing was ticked (not even "none of these")."""
    text = form.raw("household").replace("，", ",")
    parts = {p.strip() for p in text.split(",") if p.strip()}
    if parts - set(HOUSEHOLD_STATUSES):
        form.errors["household"] = "household.choice"
    if not parts:
        return None
    return frozenset(parts & set(HOUSEHOLD_STATUSES)) - {"none"}


def parse_answers(args: Mapping[str, str], *, today: date) -> tuple[Answers | None, dict[str, str]]:
    """Validate the form's GET parameters.

    Parameters: ``applicant`` (child|older|provider|care_worker), ``region`` and optional
    ``registration_region`` (gazetteer codes; a blank 户籍 means "same as where we live", as
    the form says), ``child_birth`` (YYYY-MM-DD) or ``child_age_months``, ``children_count``,
    ``older_age`` (0–130), ``care_level``, ``household`` (comma-separated), ``provider_kind``,
    ``ownership``, ``beds``, ``places``, ``classes``, ``rating`` (1–5), ``puhui``, ``filed``.
    Only the questions of the chosen applicant are read.

    :return: ``(answers, {})`` when valid, else ``(None, {field: message key})``.
    """
    form = _Form(args)
    applicant = form.choice("applicant", APPLICANTS)
    if applicant is None:
        form.errors["applicant"] = "applicant.choice"
    region = form.region("region")
    if region is None and "region" not in form.errors:
        form.errors["region"] = "region.missing"
    asked = QUESTIONS.get(applicant or "", ())
    values: dict[str, object] = {}
    if "registration_region" in asked:
        values["registration_region"] = form.region("registration_region") or region
    if "child_age" in asked:
        values["child_age_months"] = _child_age(form, today)
    if "children_count" in asked:
        values["children_count"] = form.integer("children_count", 1, 20)
    if "older_age" in asked:
        values["older_age"] = form.integer("older_age", 0, 130)
        if values["older_age"] is None and "older_age" not in form.errors:
            form.errors["older_age"] = "older_age.missing"
    if "care_level" in asked:
        values["care_level"] = form.choice("care_level", CARE_LEVELS)
    if "household" in asked:
        values["household"] = _household(form)
    if "provider_kind" in asked:
        values["provider_kind"] = form.choice("provider_kind", PROVIDER_KINDS)
        values["ownership"] = form.choice("ownership", OWNERSHIPS)
        for name in ("beds", "places", "classes"):
            values[name] = form.integer(name, 0, MAX_COUNT)
        values["rating"] = form.integer("rating", 1, 5)
        values["puhui"] = form.flag("puhui")
        values["filed"] = form.flag("filed")
    if form.errors:
        return None, form.errors
    return Answers(applicant=applicant, region=region, **values), {}
