"""read_indicators on the five plans' indicator tables, values read from the documents."""

from pathlib import Path

import pytest

from portal.importer.indicators import IndicatorRecord, comparator, plain_number, read_indicators
from portal.importer.plan_text import read_tables

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"


def indicators_of(name: str) -> list[IndicatorRecord]:
    tables = read_tables((PLANS / name).read_text(encoding="utf-8"), name)
    (table,) = [t for t in tables if t.kind == "indicators"]
    return read_indicators(table)


def at(records: list[IndicatorRecord], line: int) -> IndicatorRecord:
    return next(r for r in records if r.line == line)


@pytest.mark.parametrize(
    ("plan", "count"),
    [
        ("000_4fe4d2000453b318.txt", 22),
        ("001_4999b758cfac438e.txt", 19),
        ("002_91c2d8c99d12d04a.txt", 44),  # 序号 runs 1–45 but 44 is missing in the plan
        ("003_4e88682039944ece.txt", 22),
        ("004_a7eff1606a86b809.txt", 27),
    ],
)
def test_indicator_counts(plan: str, count: int) -> None:
    assert len(indicators_of(plan)) == count


# (plan, line, category, name, unit, baseline (year, value), target (year, value), comparator,
#  attribute, responsible, target_number) — as printed in each plan's indicator table.
CASES = [
    (
        "000_4fe4d2000453b318.txt", 68, "健康水平指标", "老年人健康管理率", "%",
        (2020, "66.97"), (2025, "≥72"), "≥", None, None, 72.0,
    ),
    (
        "000_4fe4d2000453b318.txt", 53, "兜底保障指标", "基本医疗保险参保率", "%",
        (2020, ">99"), (2025, ">99"), ">", None, None, 99.0,
    ),
    (
        "001_4999b758cfac438e.txt", 87, "基本公共服务",
        "65 岁及以上老年人城乡社区规范健康管理服务率", "%",
        (2020, None), (2025, "全省平均水平以上"), "≥", "预期性", "市卫生健康委", None,
    ),
    (
        "001_4999b758cfac438e.txt", 97, "基本公共服务", "托育服务专业人才数", "个",
        (2020, "2318"), (2025, "4000"), None, "预期性", "市卫生健康委 市人力社保局", 4000.0,
    ),
    (
        "001_4999b758cfac438e.txt", 103, "财政投入", "福彩公益金投入比例", "%",
        (2020, "60%以上"), (2025, "60%以上"), "≥", "约束性", "市民政局", 60.0,
    ),
    (
        "003_4e88682039944ece.txt", 92, None, "基本养老保险参保率", "%",
        (None, None), (2025, "≥ 95.5"), "≥", "预期性", "市人社局", 95.5,
    ),
    (
        "003_4e88682039944ece.txt", 101, None, "老年大学覆盖面", None,
        (None, None), (2025, "每县(市、区) 至少一所"), None, "约束性",
        "市委老干部局、市教体局", None,
    ),
    (
        "004_a7eff1606a86b809.txt", 49, "养老服务能力 / 居家社区养老", "居家适老化改造户数", "户",
        (2022, "900"), (2025, "≥1500"), "≥", "预期性", None, 1500.0,
    ),
    (
        "004_a7eff1606a86b809.txt", 113, "养老服务能力 / 农村保障",
        "农村特困人员供养服务机构护理型床位占比", "%",
        (2022, "100"), (2025, "100"), None, "约束性", None, 100.0,
    ),
    (
        "004_a7eff1606a86b809.txt", 167, "托育服务能力", "每千人口拥有3岁以下婴幼儿托位数", "个",
        (2022, "2.9"), (2025, "4.5"), None, "约束性", None, 4.5,
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    (
        "plan",
        "line",
        "category",
        "name",
        "unit",
        "baseline",
        "target",
        "comp",
        "attr",
        "resp",
        "num",
    ),
    CASES,
)
def test_indicator_values(
    plan, line, category, name, unit, baseline, target, comp, attr, resp, num
) -> None:
    record = at(indicators_of(plan), line)
    assert (record.category, record.name, record.unit) == (category, name, unit)
    assert (record.baseline_year, record.baseline_value) == baseline
    assert (record.target_year, record.target_value) == target
    assert (record.comparator, record.attribute, record.responsible) == (comp, attr, resp)
    assert record.target_number == num


def test_jiaxing_keeps_every_year() -> None:
    record = at(indicators_of("002_91c2d8c99d12d04a.txt"), 160)
    assert record.name == "基本养老保险参保人数"
    assert record.unit == "万人"
    assert record.yearly == {2020: "340", 2022: "345", 2025: "350"}
    assert (record.baseline_year, record.target_year) == (2020, 2025)
    assert record.responsible == "市人社局"
    assert record.category == "构建居家社区机构相协调、医养康养相结合的养老服务体系"


def test_dash_means_no_baseline() -> None:
    record = at(indicators_of("004_a7eff1606a86b809.txt"), 81)
    assert record.name == "每千名老年人养老床位数"
    assert (record.baseline_value, record.yearly) == (None, {2025: "43"})


def test_only_indicator_tables() -> None:
    name = "001_4999b758cfac438e.txt"
    projects = [t for t in read_tables((PLANS / name).read_text(), name) if t.kind == "projects"]
    with pytest.raises(ValueError, match="不是指标表"):
        read_indicators(projects[0])


@pytest.mark.parametrize(
    ("value", "symbol", "number"),
    [
        ("≥ 95.5", "≥", 95.5),
        ("98 以上", "≥", 98.0),
        ("80%以上", "≥", 80.0),
        ("不低于66%", "≥", 66.0),
        ("达到4.5", "≥", 4.5),
        ("≤30", "≤", 30.0),
        ("> 65", ">", 65.0),
        ("100", None, 100.0),
        ("逐步完善", None, None),
    ],
)
def test_comparator_and_plain_number(value: str, symbol: str | None, number: float | None) -> None:
    assert comparator(value) == symbol
    assert plain_number(value) == number
