"""The YAML loaders accept our files and reject malformed entries with a clear message."""

from pathlib import Path

import pytest

from portal.domain import Beneficiary
from portal.services.packages import load_services
from portal.subsidies import SchemaError, load_subsidies

GOOD = """
- id: test-grant
  title: 测试补助
  title_en: Test grant
  beneficiary: provider
  category: reward
  place: {code: "331100", name: 丽水市}
  amount: {value: 2000, max_value: null, unit: 元, per: place, period: once, bound: exact,
           kind: benefit, text: 每个托位2000元}
  eligibility:
    - {field: applicant, op: eq, value: provider}
    - {field: provider_kind, op: in, value: [childcare_centre]}
    - {field: region, op: within, value: "331121"}
  confirm:
    - {zh: 当年成功备案, en: registered in the same year}
  issuer: 测试
  validity: {from: 2020, to: null, text: 青政办发〔2020〕12号}
  plan_period: {from: 2021, to: 2025, text: 丽水市方案（2021-2025年）}
  source: {document: 001_4999b758cfac438e.txt, line: 415, quote: 按每个托位给予2000元标准}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "subsidies.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_files_load() -> None:
    subsidies = load_subsidies()
    assert len(subsidies) >= 50
    assert {s.place.code for s in subsidies} >= {
        "000000",
        "331100",
        "331121",
        "331000",
        "330400",
        "360200",
        "321202",
    }
    assert {s.beneficiary for s in subsidies} == set(Beneficiary)
    assert [p.id for p in load_services()][:2] == ["home-community-elder-services", "respite-care"]


def test_a_good_entry_loads(tmp_path: Path) -> None:
    [subsidy] = load_subsidies(write(tmp_path, GOOD))
    assert subsidy.amount.value == 2000
    assert subsidy.eligibility[0].field == "applicant"
    assert subsidy.confirm[0].zh == "当年成功备案"
    assert subsidy.ended(2026) and not subsidy.ended(2025)
    assert not subsidy.in_force(2025)  # stated by a plan: never counted as in force


def test_a_local_entry_must_say_where_it_applies(tmp_path: Path) -> None:
    text = GOOD.replace('    - {field: region, op: within, value: "331121"}\n', "")
    with pytest.raises(SchemaError, match="needs a 'region' or 'registration_region' rule"):
        load_subsidies(write(tmp_path, text))


def test_any_rule_needs_options_and_a_message(tmp_path: Path) -> None:
    rule = "    - {any: [{field: rating, op: ge, value: 3}], message: 三星以上}\n"
    text = GOOD.replace("  confirm:\n", rule + "  confirm:\n")
    with pytest.raises(SchemaError, match="'any' needs two or more plain rules"):
        load_subsidies(write(tmp_path, text))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("op: eq", "op: equals", "'op' must be one of"),
        ("field: applicant", "field: salary", "'field' must be one of"),
        ("period: once", "period: weekly", "'period' must be one of"),
        ("value: 2000, max_value", "value: 两千, max_value", "'value' must be a number"),
        ("category: reward", "category: gift", "'category' must be one of"),
        ("line: 415", "line: zero", "'line' must be a positive line number"),
        ("quote: 按每个托位给予2000元标准", "quote: 2000元", "at least 8 characters"),
        # Region codes are checked against the gazetteer: a typo matches nobody, so it fails.
        ('value: "331121"}', 'value: "331199"}', "unknown region code '331199'"),
        # A rule reaching outside the entry's place (青田县 entry, 台州 rule) is refused.
        ('value: "331121"}', 'value: "331000"}', "rule on 'region' reaches outside 丽水市"),
        (
            "- {field: region, op: within",
            "- {field: older_age, op: within",
            "'within' needs a region",
        ),
        # Rule values must be answers the form can give.
        ("value: [childcare_centre]", "value: [childcare_center]", "is not among"),
        (
            "{field: applicant, op: eq, value: provider}",
            "{field: applicant, op: eq, value: boss}",
            "is not among",
        ),
        (
            "  plan_period: {from: 2021, to: 2025, text: 丽水市方案（2021-2025年）}\n",
            "",
            "needs 'plan_period'",
        ),
        (
            "{zh: 当年成功备案, en: registered in the same year}",
            "{zh: 当年成功备案}",
            "'en' must be",
        ),
        ("validity: {from: 2020,", "validity: {from: 二〇二〇,", "'from' must be a year"),
    ],
)
def test_malformed_entry_names_file_entry_and_field(tmp_path, old, new, message) -> None:
    with pytest.raises(SchemaError) as error:
        load_subsidies(write(tmp_path, GOOD.replace(old, new)))
    assert message in str(error.value)
    assert str(error.value).startswith("subsidies.yaml: entry test-grant")


def test_null_amount_needs_an_explanation(tmp_path: Path) -> None:
    text = GOOD.replace(
        GOOD[GOOD.index("  amount:") : GOOD.index("  eligibility")], "  amount: null\n"
    )
    with pytest.raises(SchemaError, match="amount_text"):
        load_subsidies(write(tmp_path, text))


def test_missing_id_names_the_position(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"entry #2: 'id' must be a non-empty string"):
        load_subsidies(write(tmp_path, GOOD + GOOD.replace("- id: test-grant", "- title0: x")))


def test_duplicate_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="entry test-grant: duplicate id"):
        load_subsidies(write(tmp_path, GOOD + GOOD))


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (
            "- id: meals\n  name: 助餐\n  audience: pets\n",
            "entry meals: malformed value: 'pets' is not a valid Audience",
        ),
        (
            "- id: meals\n  name: 助餐\n  audience: elderly\n  items: []\n",
            "entry meals: 'items' is required",
        ),
    ],
)
def test_malformed_service_package(tmp_path: Path, yaml_text: str, message: str) -> None:
    path = tmp_path / "services.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(SchemaError) as error:
        load_services(path)
    assert str(error.value) == f"services.yaml: {message}"
