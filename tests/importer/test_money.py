"""parse_wan_yuan and implausible_amount on amounts from the project lists."""

import pytest

from portal.importer.money import implausible_amount, parse_wan_yuan


@pytest.mark.parametrize(
    ("raw", "value", "note"),
    [
        ("48000", 48000, None),  # 000 附件1 row 1
        ("25912.73", 25912.73, None),  # 002 附表一 row 3 (秀洲区康养中心)
        ("2399（已下达）", 2399, "已下达"),
        ("1252（已下达）", 1252, "已下达"),  # 002 row 2, central-budget column
        ("33（已下达）", 33, "已下达"),  # 002 row 25
        ("3620.69", 3620.69, None),  # 003 row 16
        ("900 ", 900, None),  # 000 row 71 has a trailing space
        ("14667. 4", 14667.4, None),
        ("12,000", 12000, None),
        ("500万元", 500, None),
        ("1.2亿元", 12000, "由亿元换算为万元"),
        ("31.62 亿元", 316200, "由亿元换算为万元"),  # 001 row 47 content; the cell says 316200
        ("３２００", 3200, None),
        ("约500", 500, "约数（约）"),
    ],
)
def test_amounts(raw, value, note):
    money = parse_wan_yuan(raw)
    assert money.value == pytest.approx(value)
    assert money.note == note
    assert money.raw == raw


@pytest.mark.parametrize("raw", ["", None, "/", "—", "-"])
def test_placeholders_are_none(raw):
    assert parse_wan_yuan(raw).value is None


@pytest.mark.parametrize(("raw", "why"), [("500-600", "范围"), ("若干", "无法识别")])
def test_unreadable_amounts_say_why(raw, why):
    money = parse_wan_yuan(raw)
    assert money.value is None and why in money.note


def test_yuan_convert_to_wan_yuan():
    assert parse_wan_yuan("3700元").value == pytest.approx(0.37)


@pytest.mark.parametrize(
    ("value", "kwargs", "why"),
    [
        (-5, {}, "负数"),
        (0, {}, "零"),
        (2_000_000, {}, "上限"),
        # 000 附件1 row 46: 2000 beds on 120 亩 for "10" 万元.
        (10, {"beds": 2000}, "过低"),
        # 嘉兴 central-budget money larger than the project's total.
        (200, {"total": 170}, "大于总额"),
    ],
)
def test_implausible(value, kwargs, why):
    assert why in implausible_amount(value, **kwargs)


@pytest.mark.parametrize(
    ("value", "kwargs"),
    [
        (None, {}),
        (300000, {}),  # 000 row 5, the largest single project
        (100, {"beds": 180}),  # 000 row 69: a 敬老院 refit, 0.56 万元 a bed
        (120, {"total": 170}),  # 000 row 49
        (30, {"places": 20}),  # 002 row 45
        (2085116, {"context": "section_total"}),  # 001 一、养老领域 subtotal
    ],
)
def test_plausible(value, kwargs):
    assert implausible_amount(value, **kwargs) is None


def test_unknown_context_is_a_programming_error():
    with pytest.raises(ValueError):
        implausible_amount(1, "region")
