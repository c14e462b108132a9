"""The checker form: valid answers are parsed, anything else becomes a message key per field.

The keys are worded in the visitor's language by the pages (tests/test_subsidy_check_pages.py).
"""

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
    ("args", "field", "key"),
    [
        ({"applicant": "child", "region": "331100"}, "child_birth", "child_birth.missing"),
        (
            {"applicant": "child", "region": "331100", "child_birth": "2024-13-01"},
            "child_birth",
            "child_birth.format",
        ),
        (
            {"applicant": "child", "region": "331100", "child_birth": "2027-01-01"},
            "child_birth",
            "child_birth.future",
        ),
        (
            {"applicant": "child", "region": "331100", "child_age_months": "-3"},
            "child_age_months",
            "child_age_months.range",
        ),
        (
            {"applicant": "older", "region": "331100", "older_age": "131"},
            "older_age",
            "older_age.range",
        ),
        (
            {"applicant": "older", "region": "331100", "older_age": "八十"},
            "older_age",
            "older_age.range",
        ),
        # str.isdigit() accepts these and int() then fails or misreads: refused, never a 500.
        (
            {"applicant": "older", "region": "331100", "older_age": "²"},
            "older_age",
            "older_age.range",
        ),
        (
            {"applicant": "older", "region": "331100", "older_age": "①"},
            "older_age",
            "older_age.range",
        ),
        (
            {"applicant": "older", "region": "331100", "older_age": "9" * 4301},
            "older_age",
            "older_age.range",
        ),
        (
            {"applicant": "child", "region": "331100", "child_age_months": "1" + "0" * 5000},
            "child_age_months",
            "child_age_months.range",
        ),
        ({"applicant": "older", "region": "331100"}, "older_age", "older_age.missing"),
        (
            {"applicant": "older", "region": "331100", "older_age": "70", "care_level": "half"},
            "care_level",
            "care_level.choice",
        ),
        (
            {
                "applicant": "older",
                "region": "331100",
                "older_age": "70",
                "household": "dibao,rich",
            },
            "household",
            "household.choice",
        ),
        ({"applicant": "older", "region": "3311", "older_age": "70"}, "region", "region.unknown"),
        # A well-formed code that is no place (issue 14, finding 8): reported, not ignored.
        ({"applicant": "child", "region": "999999"}, "region", "region.unknown"),
        ({"applicant": "older", "older_age": "70"}, "region", "region.missing"),
        ({"applicant": "alien", "region": "331100"}, "applicant", "applicant.choice"),
        ({"applicant": "provider", "region": "331100", "rating": "6"}, "rating", "rating.range"),
        ({"applicant": "provider", "region": "331100", "puhui": "maybe"}, "puhui", "yes_no"),
        (
            {"applicant": "provider", "region": "331100", "provider_kind": "zoo"},
            "provider_kind",
            "provider_kind.choice",
        ),
        (
            {"applicant": "provider", "region": "331100", "ownership": "state"},
            "ownership",
            "ownership.choice",
        ),
        ({"applicant": "provider", "region": "331100", "places": "1e9"}, "places", "places.range"),
        ({"applicant": "provider", "region": "331100", "beds": "²"}, "beds", "beds.range"),
    ],
)
def test_invalid_answers_get_a_message(args: dict, field: str, key: str) -> None:
    answers, errors = parse_answers(args, today=TODAY)
    assert answers is None
    assert errors[field] == key


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


def test_every_picker_place_is_accepted_including_local_zones() -> None:
    """嘉兴经济技术开发区 has a staff-assigned local code (data/gazetteer/local_places.csv)."""
    answers, errors = parse_answers(
        {"applicant": "child", "region": "L330400-01", "child_age_months": "18"}, today=TODAY
    )
    assert errors == {}
    assert answers.region == answers.registration_region == "L330400-01"


def test_only_the_chosen_applicants_questions_are_read() -> None:
    """A provider's answers do not carry an older person's age typed into another step."""
    answers, errors = parse_answers(
        {"applicant": "provider", "region": "331100", "older_age": "abc", "ownership": "private"},
        today=TODAY,
    )
    assert errors == {}
    assert (answers.older_age, answers.ownership) == (None, "private")
