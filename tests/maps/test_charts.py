"""Accessible SVG bar charts, checked with figures from 嘉兴's plan (表1, 002_*.txt)."""

import re
import xml.etree.ElementTree as ET

import pytest

from portal.cities.charts import SERIES_COLOURS, bar_chart, grouped_bar_chart
from tests.maps.helpers import HOSTILE, PLANS

SVG = "{http://www.w3.org/2000/svg}"
# 表1.嘉兴市“一老一小”服务设施情况: 养老床位数 38788张, 护理型床位数 20907张,
# 镇（街道）养老机构床位 15570张.
JIAXING_BEDS = [
    ("养老床位数", 38788.0),
    ("护理型床位数", 20907.0),
    ("镇（街道）养老机构床位", 15570.0),
]


def _jiaxing_chart() -> str:
    return str(
        bar_chart(
            JIAXING_BEDS,
            title="嘉兴市养老床位",
            description="嘉兴市“一老一小”服务设施情况（表1）。",
            unit="张",
            value_format="{:,.0f}".format,
        )
    )


def test_the_figures_are_the_plan_s() -> None:
    text = next(PLANS.glob("002_*.txt")).read_text(encoding="utf-8")
    table = text[text.index("表1.嘉兴市") :][:600]
    for label, value in JIAXING_BEDS:
        assert re.search(rf"{re.escape(label)}\s*\n\t{value:.0f}张", table), label


def test_chart_is_a_named_described_image() -> None:
    svg = ET.fromstring(_jiaxing_chart())
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby", "").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}title").text == "嘉兴市养老床位"
    desc = svg.find(f"{SVG}desc")
    assert desc.get("id") == desc_id
    # The description carries every value, for readers who cannot see the bars.
    assert desc.text.startswith("嘉兴市“一老一小”服务设施情况（表1）。")
    assert "养老床位数: 38,788 张" in desc.text
    assert "镇（街道）养老机构床位: 15,570 张" in desc.text


def test_values_are_written_and_bars_are_to_scale() -> None:
    svg = ET.fromstring(_jiaxing_chart())
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    for label, value in JIAXING_BEDS:
        assert label in texts
        assert f"{value:,.0f} 张" in texts
    bars = [float(r.get("width")) for r in svg.iter(f"{SVG}rect") if r.get("fill") != "#ffffff"]
    assert len(bars) == 3
    assert bars[1] / bars[0] == pytest.approx(20907 / 38788, abs=0.002)
    assert bars[2] / bars[0] == pytest.approx(15570 / 38788, abs=0.002)


def test_chart_scales_to_its_container_and_needs_no_script() -> None:
    markup = _jiaxing_chart()
    svg = ET.fromstring(markup)
    assert svg.get("width") == "100%"
    assert re.fullmatch(r"0 0 360 \d+(\.\d+)?", svg.get("viewBox"))
    assert "<script" not in markup and not re.search(r"\son\w+=", markup)


def test_labels_and_title_are_escaped() -> None:
    markup = str(bar_chart([(HOSTILE, 1.0)], title=HOSTILE, description=HOSTILE, unit="个"))
    assert "<img" not in markup and "<script" not in markup
    svg = ET.fromstring(markup)  # still well-formed XML
    assert svg.find(f"{SVG}title").text == HOSTILE
    assert HOSTILE in [t.text for t in svg.iter(f"{SVG}text")]


def test_a_label_too_long_for_its_column_is_squeezed_not_cut() -> None:
    label = "遂昌县北界中心敬老院迁建工程及配套设施建设项目"
    svg = ET.fromstring(str(bar_chart([(label, 5.0)], title="t", description="d", unit="")))
    (text,) = [t for t in svg.iter(f"{SVG}text") if t.text == label]
    assert text.get("lengthAdjust") == "spacingAndGlyphs"
    assert float(text.get("textLength")) <= 640 * 0.4


def test_grouped_chart_has_a_legend_and_one_bar_per_series() -> None:
    markup = str(
        grouped_bar_chart(
            ["2022", "2023"],
            [("养老床位（张）", [300.0, 0.0]), ("托位（个）", [60.0, 120.0])],
            title="按开业年份",
            description="计划新增。",
            unit="",
        )
    )
    svg = ET.fromstring(markup)
    fills = [r.get("fill") for r in svg.iter(f"{SVG}rect")]
    assert fills.count(SERIES_COLOURS[0]) == 3  # legend swatch + two bars
    assert fills.count(SERIES_COLOURS[1]) == 3
    desc = svg.find(f"{SVG}desc").text
    assert "2022: 养老床位（张） 300, 托位（个） 60" in desc
    assert "2023: 养老床位（张） 0, 托位（个） 120" in desc


@pytest.mark.parametrize(
    ("groups", "series", "message"),
    [
        ([], [("a", [])], "at least one"),
        (["x"], [("a", [-1.0])], "negative"),
        (["x"], [("a", [float("inf")])], "non-finite"),
        (["x", "y"], [("a", [1.0])], "1 values for 2 groups"),
        (["x"], [(str(i), [1.0]) for i in range(5)], "at most 4"),
    ],
)
def test_bad_input_is_refused(groups: list, series: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        grouped_bar_chart(groups, series, title="t", description="d", unit="")
