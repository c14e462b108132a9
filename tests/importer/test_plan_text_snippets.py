"""read_tables on small made-up snippets, one layout trap at a time."""

import pytest

from portal.importer.plan_text import read_tables
from portal.importer.table_cells import join_wrapped, tidy_layout

T = "\t"


def cells_layout(*rows: list[str], header: list[str] | None = None) -> str:
    """A one-cell-per-line table: each cell on a TAB line, rows separated by a blank line."""
    header = header or [
        "序号",
        "项目名称",
        "建设期限",
        "建设地点",
        "总投资（万元）",
        "组织实施单位",
    ]
    blocks = ["\n".join(T + cell for cell in row) for row in [header, *rows]]
    return "附件1\n\n重大项目清单\n\n" + "\n\n".join(blocks) + "\n"


def only_table(text: str):
    tables = read_tables(text, "snippet.txt")
    assert len(tables) == 1
    return tables[0]


def test_cells_layout_basic_row_and_title() -> None:
    table = only_table(cells_layout(["1", "某养老院", "2022-2025", "莲都区", "300", "县民政局"]))
    assert (table.kind, table.label, table.title) == ("projects", "附件1", "重大项目清单")
    assert table.header_line == 5
    row = table.rows[0]
    assert (row.line, row.end_line) == (12, 17)
    assert row.cells["location"] == "莲都区"
    assert table.unit_note == "万元"


def test_cells_layout_wraps_blank_lines_and_empty_cells() -> None:
    text = (
        "\t序号\n\t项目名称\n\t建设期限\n\t总投资\n\n（万元）\n\t组织实施单位\n\n"
        "\t1\n\t某某社会福利\n中心\n\n\t2022\n2025\n\t\n\t市卫生健\n康委\n\n"
        "\t2\n\t**托育**中心[bookmark: _x]\n\t2023\n\t50\n\t区政府\n"
    )
    table = only_table(text)
    assert table.unit_note == "万元"  # the unit sits on a wrapped header line
    first, second = table.rows
    assert first.cells == {
        "serial": "1",
        "name": "某某社会福利中心",
        "period": "2022 2025",  # a space is kept between two numbers
        "total_investment": "",
        "organiser": "市卫生健康委",
    }
    assert (first.line, first.end_line) == (9, 17)
    assert second.cells["name"] == "托育中心"


def test_cells_layout_lost_leading_cells_after_page_break() -> None:
    text = cells_layout(["1", "甲", "2022", "甲镇", "100", "甲局"]).rstrip("\n")
    text += "\n\n\n\t900\n\t乙局\n\n" + "\n".join(
        T + c for c in ["3", "丙", "2023", "丙镇", "5", "丙局"]
    )
    table = only_table(text)
    assert [row.cells.get("serial") for row in table.rows] == ["1", None, "3"]
    lost = table.rows[1]
    assert lost.cells == {"total_investment": "900", "organiser": "乙局"}
    assert [(p.code, p.severity, p.line) for p in lost.problems] == [
        ("lost_leading_cells", "warning", lost.line)
    ]
    assert not table.rows[2].problems  # no 序号 gap reported across the lost row


def test_cells_layout_repeated_header_duplicate_and_serial_problems() -> None:
    header = ["序号", "项目名称", "建设期限", "建设地点", "总投资（万元）", "组织实施单位"]
    table = only_table(
        cells_layout(
            ["1", "甲", "2022", "甲镇", "100", "甲局"],
            header,  # repeated at a page break
            ["2", "甲", "2022", "甲镇", "100", "甲局"],
            ["", "乙", "2022", "乙镇", "1", "乙局"],
            ["5", "丙", "2022", "丙镇", "1", "丙局"],
        )
    )
    assert len(table.rows) == 4
    codes = [[p.code for p in row.problems] for row in table.rows]
    assert codes == [[], ["duplicate_row"], ["missing_serial"], ["serial_gap"]]
    assert str(table.rows[0].line) in table.rows[1].problems[0].message


def test_cells_layout_group_labels_fill_down() -> None:
    header = ["序号", "指标", "2020年基数", "2025目标"]
    table = only_table(
        cells_layout(
            ["兜底\n\n保障", "参保率（%）", "97.7", "98"],
            ["", "供养率（%）", "--", "95"],
            ["健康", "寿命（岁）", "79.3", "≥82"],
            header=header,
        )
    )
    assert table.kind == "indicators"
    assert table.columns == ["category", "name", "value_2020", "value_2025"]
    assert [row.cells["category"] for row in table.rows] == ["兜底保障", "兜底保障", "健康"]


def test_rows_layout_sections_totals_and_repeated_header() -> None:
    header = T.join(["序号", "项目名称", "项目类型", "建设期限", "总投资(万元)", "组织实施单位"])
    text = "\n".join(
        [
            "附件 1",
            "",
            "某市养老托育项目清单",
            "",
            header,
            T.join(["一、养老领域", "", "", "", "1200", ""]),
            T.join(["1", "甲养老院", "在建类", "2020-2022", "1000", "甲局"]),
            "",
            header,
            T.join(["2", "乙养老院", "前期类", "待定", "200", "乙局"]),
            T.join(["二、托育领域", "", "", "", "50", ""]),
            T.join(["1", "丙托育园", "在建类", "2021", "50", "丙局"]),
            "",
            "附件 2",
        ]
    )
    table = only_table(text)
    assert (table.label, table.title) == ("附件1", "某市养老托育项目清单")
    assert table.stated_totals == {"养老领域": 1200.0, "托育领域": 50.0}
    assert [(r.line, r.section, r.cells["serial"]) for r in table.rows] == [
        (7, "养老领域", "1"),
        (10, "养老领域", "2"),
        (12, "托育领域", "1"),
    ]
    assert not [p for row in table.rows for p in row.problems]  # restart in a new section is fine


def test_rows_layout_stray_spaces_and_lost_cells() -> None:
    header = T.join(
        ["序号", "项目名称", "建设期限", "建设内容 和规模", "总投资 (万元)", "组织实施单位"]
    )
    text = "\n".join(
        [
            header,
            T.join(
                [
                    "1",
                    "景德镇市社会福利中 心项目",
                    "2 年",
                    "总建筑面积 14667. 4 平方米",
                    "13500",
                    "景德镇市国信 康养产业有限 公司",
                ]
            ),
            T.join(["12000", "乐平市民政局"]),
        ]
    )
    table = only_table(text)
    first, lost = table.rows
    assert first.cells["name"] == "景德镇市社会福利中心项目"
    assert first.cells["content"] == "总建筑面积 14667.4 平方米"
    assert first.cells["organiser"] == "景德镇市国信康养产业有限公司"
    assert first.cells["period"] == "2 年"
    assert lost.cells == {"total_investment": "12000", "organiser": "乐平市民政局"}
    assert lost.problems[0].code == "lost_leading_cells"


def test_text_without_tables() -> None:
    assert read_tables("一、总体要求\n\n坚持兜底线。\n", "x.txt") == []


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("福利中 心", "福利中心"),
        ("14667. 4", "14667.4"),
        ("设计床位 300 张", "设计床位 300 张"),
        ("市卫生健康委 市人力社保局", "市卫生健康委 市人力社保局"),
        ("市委老干部 局、市教体局", "市委老干部局、市教体局"),
        ("**重点**项目[bookmark: _Toc12]", "重点项目"),
    ],
)
def test_tidy_layout(raw: str, cleaned: str) -> None:
    assert tidy_layout(raw) == cleaned


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("市卫生健", "康委", "市卫生健康委"),
        ("2022", "2025", "2022 2025"),
        ("Smart", "Care", "Smart Care"),
        ("台州市卫生健康委", "台州市民政局", "台州市卫生健康委\n台州市民政局"),
        ("监管。", "安全保障子场景。", "监管。\n安全保障子场景。"),
    ],
)
def test_join_wrapped(left: str, right: str, joined: str) -> None:
    assert join_wrapped(left, right) == joined
