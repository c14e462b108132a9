"""Hostile or unlucky uploads are refused while reading, with file, line and field, never a 500.

Rows follow data/templates/ (a clerk's list); the real row is line 283 of the Lishui plan
(data/plans/001_4999b758cfac438e.txt): 遂昌县北界中心敬老院迁建工程, 床位100张.
"""

import io
import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func
from sqlmodel import select

from portal.core import db
from portal.importer.limits import MAX_COLUMNS, MAX_NAME_CHARS, MAX_ROWS, MAX_XLSX_UNPACKED_BYTES
from portal.importer.pipeline import apply_import, plan_import
from portal.importer.tabular import TEMPLATE_COLUMNS
from portal.models import Facility, ImportRun, SourceDocument
from tests.importer.test_tabular import ROWS

REAL_ROW = ROWS[0]  # 丽水 line 283, as a clerk types it into the template


def csv_bytes(rows: list[list[str]], header=TEMPLATE_COLUMNS) -> bytes:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def row(name: str = REAL_ROW[3], content: str = REAL_ROW[7]) -> list[str]:
    values = list(REAL_ROW)
    values[3], values[7] = name, content
    return values


def preview(app, name: str, data: bytes):
    with app.app_context(), db.transaction() as session:
        return plan_import(name, data, session)


def counts(app) -> list[int]:
    with app.app_context(), db.transaction() as session:
        return [
            session.exec(select(func.count()).select_from(m)).one()
            for m in (Facility, SourceDocument, ImportRun)
        ]


def test_a_csv_longer_than_the_row_limit_is_refused_while_reading(app):
    data = csv_bytes([row(f"养老院{n}") for n in range(MAX_ROWS + 10)])
    plan = preview(app, "long.csv", data)
    assert not plan.ok and plan.too_large
    assert f"超过 {MAX_ROWS} 行" in plan.fatal and plan.fatal_line == MAX_ROWS + 2


def test_a_header_wider_than_the_column_limit_is_refused(app):
    header = list(TEMPLATE_COLUMNS) + [f"列{n}" for n in range(5000)]
    plan = preview(app, "wide.csv", csv_bytes([row()], header=header))
    assert not plan.ok and plan.too_large
    assert "第 1 行" in plan.fatal and f"上限为 {MAX_COLUMNS} 列" in plan.fatal


def test_a_field_beyond_the_csv_modules_own_cap_is_a_clear_refusal(app):
    data = csv_bytes([row(), row("托育园", "x" * 140_000)])
    plan = preview(app, "huge-cell.csv", data)
    assert not plan.ok and "第 3 行" in plan.fatal and "单元格过长" in plan.fatal


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_before_unpacking(app, tmp_path):
    book = Workbook()
    book.active.append(list(TEMPLATE_COLUMNS))
    book.active.append(REAL_ROW)
    buffer = io.BytesIO()
    book.save(buffer)
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(buffer.getvalue())
    # A member of zeros that compresses ~1000:1, declared (and really) larger than the limit.
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/padding.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(MAX_XLSX_UNPACKED_BYTES // len(chunk) + 1):
                member.write(chunk)
    data = bomb.read_bytes()
    assert len(data) < 1024 * 1024
    plan = preview(app, "bomb.xlsx", data)
    assert not plan.ok and plan.too_large and "解压后" in plan.fatal


def test_a_formula_in_an_xlsx_is_refused_naming_its_cell(app):
    book = Workbook()
    book.active.append(list(TEMPLATE_COLUMNS))
    formula_row = list(REAL_ROW)
    formula_row[3] = '=CONCATENATE("遂昌县","敬老院")'
    book.active.append(formula_row)
    buffer = io.BytesIO()
    book.save(buffer)
    plan = preview(app, "formula.xlsx", buffer.getvalue())
    assert not plan.ok and "第 2 行第 4 列是公式" in plan.fatal


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_header_only_file_is_refused_and_creates_no_document(app, kind):
    if kind == "csv":
        data = csv_bytes([])
    else:
        book = Workbook()
        book.active.append(list(TEMPLATE_COLUMNS))
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
    with app.app_context():
        plan, run = apply_import(f"header-only.{kind}", data, user="tester")
    assert run is None and "只有表头" in plan.fatal
    assert counts(app) == [0, 0, 0]


@pytest.mark.parametrize(
    "name, content, code, field",
    [
        ("养老院" * 40_000, REAL_ROW[7], "name_too_long", "name"),
        ("遂昌县敬老院", "床位99999999999999999999999张", "number_too_long", "content"),
        ("遂昌县敬老院", "床位" + "9" * 5000 + "张", "number_too_long", "content"),
        ("遂昌县敬老院", "床位9999999张", "capacity_too_large", "content"),
        ("遂昌县敬老院", "床位100张，" + "详" * 6000, "cell_too_long", "content"),
    ],
    ids=["name-120000", "capacity-23-digits", "capacity-5000-digits", "beds-9999999", "long-cell"],
)
def test_an_impossible_value_rejects_its_row_with_a_clear_error_and_apply_succeeds(
    app, name, content, code, field
):
    data = csv_bytes([row(), row(name, content)])
    with app.app_context():
        plan, run = apply_import("mixed.csv", data, user="tester")
    assert plan.ok and run is not None
    assert plan.counts()["rejected"] == 1 and plan.counts()["new"] == 1
    problems = [p for p in plan.all_problems() if p.code == code]
    assert problems and problems[0].line == 3 and problems[0].field == field
    with app.app_context(), db.transaction() as session:
        names = session.exec(select(Facility.name)).all()
    assert names == ["遂昌县北界中心敬老院迁建工程"]
    assert all(len(n) <= MAX_NAME_CHARS for n in names)


def test_an_investment_too_long_to_be_a_number_is_unreadable_not_infinite(app):
    values = row()
    values[8] = "9" * 400  # float() would give inf, stored and served as "Infinity"
    plan = preview(app, "money.csv", csv_bytes([values]))
    record = plan.entries[0].record
    assert record.total_investment_wan is None
    assert any(p.code == "unreadable_amount" for p in record.problems)


def test_identical_rows_get_distinct_keys_in_order(app):
    data = csv_bytes([row() for _ in range(2_000)])
    plan = preview(app, "same.csv", data)
    keys = [e.record.identity for e in plan.entries if e.action == "new"]
    assert len(keys) == len(set(keys)) == 2_000
    base = "遂昌县北界中心敬老院迁建工程"
    assert keys[:3] == [base, f"{base}@遂昌县", f"{base}@遂昌县#2"]
    assert keys[-1] == f"{base}@遂昌县#1999"


def test_bidi_overrides_and_zero_width_characters_never_reach_the_database(app):
    hostile = "养老院\u202eexe.txt\u200b\u2066x\u2069\ufeff"
    with app.app_context():
        plan, run = apply_import("bidi.csv", csv_bytes([row(hostile)]), user="tester")
        with db.transaction() as session:
            stored = session.exec(select(Facility.name)).one()
    assert stored == "养老院exe.txtx"


def test_an_import_run_starts_before_it_finishes(app):
    with app.app_context():
        _plan, run = apply_import("timed.csv", csv_bytes([row()]), user="tester")
    assert run.started_at <= run.finished_at


def test_the_sqlite_log_is_emptied_after_an_apply(app):
    with app.app_context():
        apply_import("wal.csv", csv_bytes([row(f"养老院{n}") for n in range(200)]), user="t")
        wal = Path(db.engine().url.database + "-wal")
    assert not wal.exists() or os.path.getsize(wal) == 0
