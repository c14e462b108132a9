"""Files the import must refuse with one clear message, changing nothing."""

import io
import json

import pytest
from openpyxl import Workbook
from sqlalchemy import func
from sqlmodel import select

from portal.core import db
from portal.importer.pipeline import apply_import
from portal.models import Facility, ImportRun, SourceDocument


def xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


BAD_FILES = [
    ("empty.txt", b"", "空"),
    ("binary.txt", bytes(range(256)) * 40, "二进制"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj", "PDF"),
    ("list.xlsx", xlsx([["名称", "地址", "金额"], ["某养老院", "莲都区", "100"]]), "项目名称"),
    ("notexcel.xlsx", b"this is not a workbook", "Excel"),
    ("list.docx", b"PK\x03\x04", ".txt"),
    ("prose.txt", "这是一份没有任何表格的说明文字。\n".encode() * 20, "项目清单"),
]


@pytest.mark.parametrize("name, data, words", BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_a_bad_file_gets_one_clear_message_and_changes_nothing(app, name, data, words):
    with app.app_context():
        plan, run = apply_import(name, data, user="tester")
        with db.transaction() as session:
            counts = [
                session.exec(select(func.count()).select_from(m)).one()
                for m in (Facility, SourceDocument, ImportRun)
            ]
    assert run is None
    assert plan.fatal and words in plan.fatal, plan.fatal
    assert counts == [0, 0, 0]


def test_the_cli_refuses_a_huge_file_before_reading_it(runner, tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # a sparse 200 MB file: costs no disk and no time
        handle.truncate(200 * 1024 * 1024)
    result = runner.invoke(args=["import", str(huge)])
    assert result.exit_code != 0
    assert "200 MB" in result.output and "上限" in result.output


def test_the_cli_names_a_missing_file(runner, tmp_path):
    result = runner.invoke(args=["import", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
    assert "nope.txt" in result.output


def test_cli_json_reports_a_refused_file(runner, tmp_path):
    scan = tmp_path / "scan.txt"
    scan.write_bytes(b"%PDF-1.4 not text")
    result = runner.invoke(args=["import", "--json", str(scan)])
    report = json.loads(result.output)
    assert result.exit_code == 1
    assert report["ok"] is False and "PDF" in report["error"]
    assert report["rows"] == []
