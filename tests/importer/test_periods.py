"""parse_period on the 建设期限 values the plans really use."""

import pytest

from portal.importer.periods import Period, parse_period


@pytest.mark.parametrize(
    ("raw", "start", "end"),
    [
        ("2022-2025", 2022, 2025),  # 000 附件1 row 1 (台州市社会福利院)
        ("2022-2027年", 2022, 2027),  # 000 row 9
        ("2021—2022", 2021, 2022),  # 000 row 71 (台州蕴宝托育服务设施)
        ("2022 -2025", 2022, 2025),  # 000 row 55
        ("2020.06-2022.11", 2020, 2022),  # 000 row 50
        ("2022.10-2023.3", 2022, 2023),  # 000 row 51
        ("2025", 2025, 2025),  # 000 row 14 (黄岩区养老机构建设)
        ("2022", 2022, 2022),  # 001 row 45
        ("2021-2030", 2021, 2030),  # 001 row 10
        ("2015-2021", 2015, 2021),  # 001 row 16
        ("2022年-2025年", 2022, 2025),
        ("2022~2025", 2022, 2025),
        ("2022至2025年", 2022, 2025),
        ("“十四五”期间", 2021, 2025),
        ("２０２２－２０２５", 2022, 2025),
    ],
)
def test_years(raw, start, end):
    period = parse_period(raw)
    assert (period.start, period.end, period.raw) == (start, end, raw)


def test_months_are_noted():
    assert "2020.06-2022.11" in parse_period("2020.06-2022.11").note


def test_undecided_is_unknown():
    # 001 附件1 托育 rows 48-53 and 养老 row 58.
    period = parse_period("待定")
    assert (period.start, period.end) == (None, None)
    assert "待定" in period.note


def test_truncated_start_year():
    # 001 托育 row 13 (丽水市元湖一号幼儿园) reads "202—2022".
    period = parse_period("202—2022")
    assert (period.start, period.end) == (None, 2022)
    assert "202" in period.note and "不完整" in period.note


@pytest.mark.parametrize(("raw", "years", "note"), [("2 年", 2, "工期2年"), ("1年", 1, "工期1年")])
def test_durations_give_no_years(raw, years, note):
    # 003 (景德镇) gives only durations.
    period = parse_period(raw)
    assert period == Period(None, None, raw, note, duration_years=years)


@pytest.mark.parametrize("raw", ["1850-1860", "2022-2205", "3000"])
def test_impossible_years_are_rejected(raw):
    period = parse_period(raw)
    assert 2205 not in (period.start, period.end)
    assert period.start != 1850 and period.end != 3000
    assert "不合理" in period.note


def test_start_after_end_is_unknown():
    period = parse_period("2025-2022")
    assert (period.start, period.end) == (None, None)
    assert "晚于" in period.note


@pytest.mark.parametrize("raw", ["", None, "/", "随便写写"])
def test_empty_or_unreadable(raw):
    period = parse_period(raw)
    assert (period.start, period.end) == (None, None)
    assert period.note
