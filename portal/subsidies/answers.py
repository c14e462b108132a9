"""The subsidy checker's short form: parse and validate its GET parameters.

Nothing a visitor types raises: every problem becomes a Chinese message keyed by the form
field, and the answers are returned only when there are no problems.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from portal.domain import FacilityKind

APPLICANTS = {
    "child": "孩子（婴幼儿家庭）",
    "older": "老年人",
    "provider": "机构",
    "care_worker": "从业人员",
}
CARE_LEVELS = {"none": "能自理", "semi": "半失能", "full": "失能"}
HOUSEHOLD_STATUSES = {"dibao": "低保", "dibian": "低保边缘", "tekun": "特困", "none": "以上都不是"}
REGION_CODE = re.compile(r"^\d{6}$")
MAX_COUNT = 100_000  # beds/places/classes beyond this are typing errors, not facilities


@dataclass(frozen=True)
class Answers:
    """What the visitor told us; ``None`` means "not answered"."""

    applicant: str
    region: str | None = None
    registration_region: str | None = None
    child_age_months: int | None = None
    children_count: int | None = None
    older_age: int | None = None
    care_level: str | None = None
    household: frozenset[str] = field(default_factory=frozenset)
    living_alone: bool | None = None
    provider_kind: str | None = None
    beds: int | None = None
    places: int | None = None
    classes: int | None = None
    rating: int | None = None
    puhui: bool | None = None
    filed: bool | None = None


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
        # NFKC turns full-width digits and punctuation (８０, ２０２４－０５－３１) into ASCII.
        return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else ""

    def integer(self, name: str, low: int, high: int, message: str) -> int | None:
        text = self.raw(name)
        if not text:
            return None
        if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
            self.errors[name] = message
            return None
        return int(text)

    def choice(self, name: str, allowed: Mapping[str, str] | set[str], message: str) -> str | None:
        text = self.raw(name)
        if not text:
            return None
        if text not in allowed:
            self.errors[name] = message
            return None
        return text

    def flag(self, name: str) -> bool | None:
        text = self.raw(name).lower()
        if not text:
            return None
        if text in {"1", "true", "yes", "on", "y"}:
            return True
        if text in {"0", "false", "no", "off", "n"}:
            return False
        self.errors[name] = "请选择“是”或“否”"
        return None

    def region(self, name: str) -> str | None:
        text = self.raw(name)
        if text and not REGION_CODE.match(text):
            self.errors[name] = "请选择所在地区（6位行政区划代码）"
            return None
        return text or None


def _child_age(form: _Form, today: date) -> int | None:
    birth_text, months = form.raw("child_birth"), form.raw("child_age_months")
    if birth_text:
        try:
            birth = date.fromisoformat(birth_text)
        except ValueError:
            form.errors["child_birth"] = "出生日期格式应为 YYYY-MM-DD，例如 2024-05-31"
            return None
        if birth > today:
            form.errors["child_birth"] = "出生日期不能晚于今天"
            return None
        return age_in_months(birth, today)
    if months:
        return form.integer("child_age_months", 0, 216, "孩子月龄应为 0–216 之间的整数")
    form.errors["child_birth"] = "请填写孩子的出生日期或月龄"
    return None


def parse_answers(args: Mapping[str, str], *, today: date) -> tuple[Answers | None, dict[str, str]]:
    """Validate the form's GET parameters.

    Parameters: ``applicant`` (child|older|provider|care_worker), ``region`` and optional
    ``registration_region`` (6-digit codes; the 户籍 defaults to the place of residence only
    because the form asks for it as "户籍地（与所在地不同时填写）"), ``child_birth``
    (YYYY-MM-DD) or ``child_age_months``, ``children_count``, ``older_age`` (0–130),
    ``care_level``, ``household`` (comma-separated), ``living_alone``, ``provider_kind``,
    ``beds``, ``places``, ``classes``, ``rating`` (1–5), ``puhui``, ``filed``.

    :return: ``(answers, {})`` when valid, else ``(None, {field: Chinese message})``.
    """
    form = _Form(args)
    applicant = form.choice("applicant", APPLICANTS, "请选择申请人类型")
    if applicant is None and "applicant" not in form.errors:
        form.errors["applicant"] = "请选择申请人类型"
    region = form.region("region")
    if region is None and "region" not in form.errors:
        form.errors["region"] = "请选择所在地区"
    registration = form.region("registration_region") or region

    values: dict[str, object] = {}
    if applicant == "child":
        values["child_age_months"] = _child_age(form, today)
        values["children_count"] = form.integer("children_count", 1, 20, "子女数量应为 1–20")
    if applicant == "older":
        age = form.integer("older_age", 0, 130, "老人年龄应为 0–130 之间的整数")
        if age is None and "older_age" not in form.errors:
            form.errors["older_age"] = "请填写老人的年龄"
        values["older_age"] = age
        values["care_level"] = form.choice("care_level", CARE_LEVELS, "请选择失能等级")
        values["living_alone"] = form.flag("living_alone")
    if applicant in {"child", "older"}:
        parts = {
            p.strip() for p in form.raw("household").replace("，", ",").split(",") if p.strip()
        }
        if parts - HOUSEHOLD_STATUSES.keys():
            form.errors["household"] = "家庭情况只能选择：低保、低保边缘、特困或以上都不是"
        values["household"] = frozenset(parts - {"none"})
    if applicant == "provider":
        values["provider_kind"] = form.choice(
            "provider_kind", {k.value for k in FacilityKind}, "请选择机构类型"
        )
        for name in ("beds", "places", "classes"):
            values[name] = form.integer(name, 0, MAX_COUNT, "请填写 0 或正整数")
        values["rating"] = form.integer("rating", 1, 5, "等级应为 1–5 星（或 A 级个数）")
        values["puhui"] = form.flag("puhui")
        values["filed"] = form.flag("filed")

    if form.errors:
        return None, form.errors
    return Answers(
        applicant=applicant, region=region, registration_region=registration, **values
    ), {}
