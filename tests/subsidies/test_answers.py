"""The checker form: valid answers are parsed, anything else becomes a Chinese message."""

from datetime import date

import pytest

from portal.subsidies import parse_answers
from portal.subsidies.answers import age_in_months

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("birth", "today", "months"),
    [
        ("2023-06-01", date(2026, 5, 31), 35),
        ("2023-06-01", date(2026, 6, 1), 36),
        ("2024-05-31", date(2025, 5, 30), 11),
        ("2024-05-31", date(2025, 5, 31), 12),
        ("2026-06-01", date(2026, 6, 1), 0),
    ],
)
def test_age_in_months(birth: str, today: date, months: int) -> None:
    assert age_in_months(date.fromisoformat(birth), today) == months


def test_child_with_birth_date() -> None:
    answers, errors = parse_answers(
        {
            "applicant": "child",
            "region": "330402",
            "child_birth": "2023-06-02",
            "children_count": "2",
            "household": "dibao",
        },
        today=TODAY,
    )
    assert errors == {}
    assert answers.child_age_months == 35
    assert answers.children_count == 2
    assert answers.household == {"dibao"}
    assert answers.registration_region == "330402"  # blank 户籍 means "same as region"


def test_full_width_digits_are_accepted() -> None:
    answers, errors = parse_answers(
        {"applicant": "older", "region": "３３０４００", "older_age": "８０"}, today=TODAY
    )
    assert errors == {}
    assert (answers.older_age, answers.region) == (80, "330400")


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        ({"applicant": "child", "region": "331100"}, "child_birth", "请填写孩子的出生日期或月龄"),
        (
            {"applicant": "child", "region": "331100", "child_birth": "2024-13-01"},
            "child_birth",
            "出生日期格式应为 YYYY-MM-DD，例如 2024-05-31",
        ),
        (
            {"applicant": "child", "region": "331100", "child_birth": "2027-01-01"},
            "child_birth",
            "出生日期不能晚于今天",
        ),
        (
            {"applicant": "child", "region": "331100", "child_age_months": "-3"},
            "child_age_months",
            "孩子月龄应为 0–216 之间的整数",
        ),
        (
            {"applicant": "older", "region": "331100", "older_age": "131"},
            "older_age",
            "老人年龄应为 0–130 之间的整数",
        ),
        (
            {"applicant": "older", "region": "331100", "older_age": "八十"},
            "older_age",
            "老人年龄应为 0–130 之间的整数",
        ),
        ({"applicant": "older", "region": "331100"}, "older_age", "请填写老人的年龄"),
        (
            {"applicant": "older", "region": "331100", "older_age": "70", "care_level": "half"},
            "care_level",
            "请选择失能等级",
        ),
        (
            {
                "applicant": "older",
                "region": "331100",
                "older_age": "70",
                "household": "dibao,rich",
            },
            "household",
            "家庭情况只能选择：低保、低保边缘、特困或以上都不是",
        ),
        (
            {"applicant": "older", "region": "3311", "older_age": "70"},
            "region",
            "请选择所在地区（6位行政区划代码）",
        ),
        ({"applicant": "older", "older_age": "70"}, "region", "请选择所在地区"),
        ({"applicant": "alien", "region": "331100"}, "applicant", "请选择申请人类型"),
        (
            {"applicant": "provider", "region": "331100", "rating": "6"},
            "rating",
            "等级应为 1–5 星（或 A 级个数）",
        ),
        (
            {"applicant": "provider", "region": "331100", "puhui": "maybe"},
            "puhui",
            "请选择“是”或“否”",
        ),
        (
            {"applicant": "provider", "region": "331100", "provider_kind": "zoo"},
            "provider_kind",
            "请选择机构类型",
        ),
        (
            {"applicant": "provider", "region": "331100", "places": "1e9"},
            "places",
            "请填写 0 或正整数",
        ),
    ],
)
def test_invalid_answers_get_a_message(args: dict, field: str, message: str) -> None:
    answers, errors = parse_answers(args, today=TODAY)
    assert answers is None
    assert errors[field] == message


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"applicant": ""},
        {"applicant": "child", "child_birth": "\x00"},
        {"applicant": "older", "older_age": "9" * 500},
        {"applicant": "provider", "beds": "１２x"},
    ],
)
def test_nothing_typed_raises(args: dict) -> None:
    answers, errors = parse_answers(args, today=TODAY)
    assert answers is None and errors


def test_provider_answers() -> None:
    answers, errors = parse_answers(
        {
            "applicant": "provider",
            "region": "321202",
            "provider_kind": "childcare_centre",
            "places": "40",
            "filed": "yes",
            "puhui": "0",
        },
        today=TODAY,
    )
    assert errors == {}
    assert (answers.places, answers.filed, answers.puhui, answers.beds) == (40, True, False, None)
