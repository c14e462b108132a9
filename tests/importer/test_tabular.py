"""CSV and Excel lists that follow data/templates/, end to end through the pipeline."""

import csv
import io
import json

from openpyxl import Workbook, load_workbook

from portal.core import db
from portal.domain import Audience, FacilityStatus
from portal.importer.pipeline import apply_import, plan_import
from portal.importer.tabular import TEMPLATE_COLUMNS
from tests.conftest import ROOT

# Two real rows of the Lishui list (lines 283 and 353), typed as a clerk would into the template.
ROWS = [
    [
        "1",
        "丽水市",
        "养老",
        "遂昌县北界中心敬老院迁建工程",
        "在建类",
        "2021-2022",
        "遂昌县",
        "总用地面积2390平方米，床位100张",
        "1800",
        "",
        "遂昌县民政局",
        "",
    ],
    [
        "2",
        "丽水市",
        "托育",
        "丽水市元湖一号幼儿园",
        "在建类",
        "202—2022",
        "莲都区",
        "12个班,用地面积6200平方米",
        "6500",
        "",
        "丽水市教育局",
        "",
    ],
]


def as_csv(rows, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def as_xlsx(rows) -> bytes:
    book = Workbook()
    book.active.append(list(TEMPLATE_COLUMNS))
    for row in rows:
        book.active.append([float(v) if v.replace(".", "").isdigit() else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def preview(app, name, data):
    with app.app_context(), db.transaction() as session:
        return plan_import(name, data, session)


def test_the_shipped_templates_have_the_documented_columns():
    with (ROOT / "data/templates/project_list_template.csv").open(encoding="utf-8") as f:
        assert next(csv.reader(f)) == list(TEMPLATE_COLUMNS)
    book = load_workbook(ROOT / "data/templates/project_list_template.xlsx", read_only=True)
    header = next(book.active.iter_rows(values_only=True))
    book.close()
    assert list(header) == list(TEMPLATE_COLUMNS)


def test_csv_rows_are_read_normalised_and_placed(app):
    plan = preview(app, "lishui-list.csv", as_csv(ROWS))
    assert plan.ok, plan.fatal
    home, kindergarten = (e.record for e in plan.entries)
    assert home.audience == Audience.ELDERLY and home.beds == 100
    assert home.status == FacilityStatus.UNDER_CONSTRUCTION
    assert home.county_code == "331123"  # 遂昌县
    assert home.source_line == 2  # the CSV line, header being line 1
    assert kindergarten.period_start is None and kindergarten.period_end == 2022
    assert plan.document.region_code == "331100"


def test_gbk_csv_reads_like_utf8(app):
    utf8 = preview(app, "a.csv", as_csv(ROWS))
    gbk = preview(app, "a.csv", as_csv(ROWS, "gbk"))
    assert [e.name for e in gbk.entries] == [e.name for e in utf8.entries]


def test_xlsx_rows_import_and_reimport_changes_nothing(app):
    data = as_xlsx(ROWS)
    with app.app_context():
        plan, run = apply_import("lishui-list.xlsx", data, user="tester")
        assert run is not None and run.counts["new"] == 2
        plan, run = apply_import("lishui-list.xlsx", data, user="tester")
    assert plan.counts()["unchanged"] == 2 and plan.counts()["new"] == 0
    assert plan.entries[0].record.total_investment_wan == 1800


def test_a_row_with_an_unknown_city_is_rejected_with_its_line(app):
    rows = [ROWS[0], ["2", "火星市", "托育", "某托育园", "新建", "2023", "", "", "", "", "", ""]]
    plan = preview(app, "bad-city.csv", as_csv(rows))
    rejected = [e for e in plan.entries if e.action == "rejected"]
    assert len(rejected) == 1
    (problem,) = [p for p in rejected[0].record.problems if p.severity == "error"]
    assert (problem.line, problem.field) == (3, "place")
    assert "所属城市" in problem.message


def test_cli_prints_json_with_rows_and_section_totals(runner, tmp_path):
    path = tmp_path / "lishui-list.csv"
    path.write_bytes(as_csv(ROWS))
    result = runner.invoke(args=["import", "--json", str(path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["counts"]["new"] == 2 and report["applied"] is False
    first = report["rows"][0]
    for key in (
        "line",
        "section",
        "name",
        "category",
        "kind",
        "status",
        "period_start",
        "period_end",
        "location",
        "region",
        "total_investment_wan",
        "central_investment_wan",
        "beds",
        "childcare_places",
        "action",
        "errors",
        "warnings",
    ):
        assert key in first
    assert sum(s["total_investment_wan"] for s in report["sections"]) == 1800 + 6500


def test_cli_table_then_apply(runner, tmp_path, app):
    path = tmp_path / "lishui-list.csv"
    path.write_bytes(as_csv(ROWS))
    preview_out = runner.invoke(args=["import", str(path)]).output
    assert "遂昌县北界中心敬老院迁建工程" in preview_out and "新增 2" in preview_out
    applied = runner.invoke(args=["import", "--apply", "--user", "clerk", str(path)])
    assert applied.exit_code == 0
    again = runner.invoke(args=["import", str(path)]).output
    assert "不变 2" in again
