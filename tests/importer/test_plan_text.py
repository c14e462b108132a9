"""read_tables on the five real plans, checked against what the documents say.

Counts and cells below were read from the plan files by hand (and with grep), not from the parser.
"""

from collections import Counter
from pathlib import Path

import pytest

from portal.importer.plan_text import Table, read_tables

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
TAIZHOU = "000_4fe4d2000453b318.txt"
LISHUI = "001_4999b758cfac438e.txt"
JIAXING = "002_91c2d8c99d12d04a.txt"
JINGDEZHEN = "003_4e88682039944ece.txt"
HAILING = "004_a7eff1606a86b809.txt"


def tables_of(name: str) -> list[Table]:
    return read_tables((PLANS / name).read_text(encoding="utf-8"), name)


def only(tables: list[Table], kind: str) -> Table:
    found = [t for t in tables if t.kind == kind]
    assert len(found) == 1, [t.header_line for t in found]
    return found[0]


def row_at(table: Table, line: int):
    return next(row for row in table.rows if row.line == line)


@pytest.mark.parametrize(
    ("plan", "header_line", "sections"),
    [
        (TAIZHOU, 264, {None: 75}),  # 序号 1–75; rows 27 and 37 lost their first cells
        (LISHUI, 268, {"养老领域": 62, "托育领域": 53}),
        (JIAXING, 547, {None: 72}),
        (JINGDEZHEN, 245, {None: 18}),  # header repeated at lines 253 and 261
    ],
)
def test_project_rows_per_section(plan: str, header_line: int, sections: dict) -> None:
    projects = only(tables_of(plan), "projects")
    assert projects.header_line == header_line
    assert Counter(row.section for row in projects.rows) == sections
    assert projects.unit_note == "万元"


def test_hailing_has_tasks_and_indicators_but_no_project_list() -> None:
    tables = tables_of(HAILING)
    assert Counter(t.kind for t in tables) == {"indicators": 1, "tasks": 2}
    assert [t.label for t in tables if t.kind == "tasks"] == ["附件1", "附件2"]


@pytest.mark.parametrize(
    ("plan", "kinds"),
    [
        (TAIZHOU, ["indicators", "projects", "platforms", "pilots", "policies", "other"]),
        (LISHUI, ["indicators", "projects", "policies", "pilots", "reforms"]),
        (
            JIAXING,
            ["other", "indicators", "projects", "policies", "pilots", "market_players"],
        ),
        (JINGDEZHEN, ["indicators", "projects", "policies"]),
    ],
)
def test_tables_found_and_classified(plan: str, kinds: list[str]) -> None:
    assert [t.kind for t in tables_of(plan)] == kinds


def test_lishui_project_list() -> None:
    projects = only(tables_of(LISHUI), "projects")
    assert projects.title == "丽水市养老托育项目清单"
    assert projects.label == "附件1"
    assert projects.stated_totals == {"养老领域": 2085116.0, "托育领域": 322410.0}
    assert projects.columns[-1] == "investment_type"
    first = row_at(projects, 270)
    assert first.cells["name"] == "丽水市合众养护院项目"
    assert first.cells["total_investment"] == "24000"
    assert first.cells["investment_type"] == "企业投资"
    typo = row_at(projects, 353)  # the plan prints the period as 202—2022
    assert (typo.section, typo.cells["serial"], typo.cells["period"]) == (
        "托育领域",
        "13",
        "202—2022",
    )
    # "遂昌县北界中心敬老院 迁建工程": the space is a wrap artefact
    assert row_at(projects, 283).cells["name"] == "遂昌县北界中心敬老院迁建工程"
    assert row_at(projects, 332).cells["period"] == "待定"
    assert not [p for row in projects.rows for p in row.problems]


def test_taizhou_project_list_traps() -> None:
    projects = only(tables_of(TAIZHOU), "projects")
    assert projects.label == "附件1"
    assert projects.columns == [
        "serial",
        "name",
        "project_type",
        "period",
        "location",
        "content",
        "total_investment",
        "central_investment",
        "organiser",
    ]
    first = row_at(projects, 276)
    assert first.end_line == 284
    assert first.cells["name"] == "台州市社会福利院"
    assert first.cells["location"] == "章安街道"
    assert first.cells["central_investment"] == ""
    # 单位 / (blank) / 自建 is one cell wrapped across a blank line
    assert row_at(projects, 674).cells["project_type"] == "单位自建"
    # after the page break only the last three cells of row 27 survive (lines 545–547)
    lost = row_at(projects, 545)
    assert lost.cells == {
        "total_investment": "7500",
        "central_investment": "",
        "organiser": "温岭市民政局",
    }
    assert [p.code for p in lost.problems] == ["lost_leading_cells"]
    assert row_at(projects, 646).cells["organiser"] == "温岭市第一人民医院"
    # row 44 (line 718) repeats row 40 (line 674) word for word
    duplicate = row_at(projects, 718)
    assert [(p.code, p.severity) for p in duplicate.problems] == [("duplicate_row", "warning")]
    assert "674" in duplicate.problems[0].message
    # no gap is reported where the serial was lost with the leading cells
    assert not [p for p in row_at(projects, 549).problems]


def test_jiaxing_project_list() -> None:
    projects = only(tables_of(JIAXING), "projects")
    assert (projects.label, projects.title) == ("附表一", "重点项目清单")
    assert "project_type" in projects.columns  # header cell wrapped as 项目 / 类型
    assert "period" not in projects.columns  # this plan has no period column
    row = row_at(projects, 566)
    assert row.cells["total_investment"] == "32116"
    assert row.cells["central_investment"] == "1252（已下达）"
    assert row.cells["project_type"] == "养老"


def test_jingdezhen_project_list_stray_spaces() -> None:
    projects = only(tables_of(JINGDEZHEN), "projects")
    assert projects.title is None  # the list sits under "五、附件" without a title
    first = row_at(projects, 246)
    assert first.cells["name"] == "景德镇市社会福利中心项目"
    assert first.cells["period"] == "2 年"
    assert row_at(projects, 247).cells["organiser"] == "景德镇市国信康养产业有限公司"
    assert "总建筑面积 14667.4 平方米" in row_at(projects, 266).cells["content"]
    assert [row.cells["serial"] for row in projects.rows] == [str(n) for n in range(1, 19)]


def test_jiaxing_policy_cell_wrapped_inside_a_word() -> None:
    policies = only(tables_of(JIAXING), "policies")
    row = row_at(policies, 1299)
    assert row.cells["serial"] == "8"
    assert row.cells["responsible"] == (
        "市民政局、市建设局、市卫生健康委、市市场监管局、市综合行政执法局、市消防救援支队"
    )
    assert row.end_line == 1306


def test_taizhou_multiline_organisations_keep_their_breaks() -> None:
    policies = only(tables_of(TAIZHOU), "policies")
    assert policies.title == "“十四五”期间台州市拟推进和谋划的养老托育服务重大政策清单"
    first = row_at(policies, 1161)
    assert first.cells["responsible"].split("\n") == [
        "台州市卫生健康委",
        "台州市民政局",
        "台州市自然资源规划局",
        "台州市建设局",
    ]
    assert first.end_line == 1170


def test_hailing_task_table_two_header_rows_and_merged_cells() -> None:
    tasks = [t for t in tables_of(HAILING) if t.kind == "tasks"]
    elder, child = tasks
    assert elder.columns == [
        "serial",
        "name",
        "responsible_lead",
        "responsible_partner",
        "deadline",
        "target_2023",
        "target_2024",
        "target_2025",
    ]
    first = row_at(elder, 337)
    assert first.section == "完善基本养老服务体系"
    assert first.cells["responsible_partner"] == "区发改委\n区卫健委等"
    assert first.cells["deadline"] == "长期"
    # line 380: second row of task 4, its 序号 and task cells merged with the row above
    sub = row_at(elder, 380)
    assert sub.cells["name"] == "居家养老服务精准有效"
    assert sub.cells["responsible_lead"] == "区住建局"
    assert [r.cells["serial"] for r in elder.rows if r.cells["serial"]] == [
        str(n) for n in range(1, 18)
    ]
    assert len({r.section for r in elder.rows}) == 5
    land = row_at(child, 563)
    assert land.cells["category"] == "1.加强用地保障"
    assert land.cells["name"] == "托育服务设施建设用地纳入国土空间规划"
    assert row_at(child, 573).cells["category"] == "1.加强用地保障"  # filled down
