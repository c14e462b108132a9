"""CSV and Excel project lists that follow the template in data/templates/.

The template's columns are the plans' own Chinese names (项目名称, 建设地点, 总投资（万元）…) plus
所属城市, which a plan implies but a free-standing list must state. Header words are matched
with the same vocabulary as the plan reader, so 组织实施单位/实施单位/责任单位 all work.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from portal.domain import DocumentStatus, RegionLevel
from portal.geo.gazetteer import Gazetteer
from portal.importer.build import RowInput
from portal.importer.documents import DocumentInfo
from portal.importer.encoding import decode_document
from portal.importer.problems import DocumentError, RowProblem
from portal.importer.table_headers import canonical_column

REQUIRED = {"name": "项目名称", "place": "所属城市"}
TEMPLATE_COLUMNS = (
    "序号",
    "所属城市",
    "类别",
    "项目名称",
    "项目类型",
    "建设期限",
    "建设地点",
    "建设内容和规模",
    "总投资（万元）",
    "申请中央预算内投资（万元）",
    "组织实施单位",
    "备注",
)
_OWN_COLUMNS = {"所属城市": "place", "所属地区": "place", "城市": "place", "类别": "category"}


@dataclass
class Sheet:
    document: DocumentInfo
    rows: list[tuple[RowInput, str]] = field(default_factory=list)  # (row, its region code)
    problems: list[RowProblem] = field(default_factory=list)


def read_tabular(file_name: str, data: bytes, gazetteer: Gazetteer) -> Sheet:
    """Rows of a template CSV/XLSX. :raise DocumentError: for a file that is not one."""
    grid = read_grid(file_name, data)
    if not grid:
        raise DocumentError(file_name, "表格中没有任何内容。")
    header_line, header = grid[0]
    columns = _columns(file_name, header_line, header)
    sheet = Sheet(_document(file_name))
    cities: set[str] = set()
    for line, values in grid[1:]:
        cells = {col: (values[i] if i < len(values) else "").strip() for i, col in columns.items()}
        if not any(cells.values()):
            continue
        region = _row_region(cells.pop("place", ""), gazetteer)
        problems = []
        if region is None:
            problems.append(
                RowProblem(
                    file_name,
                    line,
                    "place",
                    "所属城市为空或无法识别，请填写如“丽水市”。",
                    "error",
                    "unknown_place",
                )
            )
        else:
            cities.add(region)
        row = RowInput(
            file_name, line, line, cells.get("category") or None, None, cells, tuple(problems)
        )
        sheet.rows.append((row, region or ""))
    if len(cities) == 1:
        code = next(iter(cities))
        place = gazetteer.get(code)
        sheet.document = _document(file_name, place.name if place else "", code)
    return sheet


def read_grid(file_name: str, data: bytes) -> list[tuple[int, list[str]]]:
    """(line, cells) of a CSV (UTF-8/GBK) or the first sheet of an XLSX; also used by the
    register reader (portal.curation.registers). :raise DocumentError:"""
    if file_name.lower().endswith(".xlsx"):
        return _xlsx_rows(file_name, data)
    text = decode_document(data, file_name).text
    return [(reader_line, row) for reader_line, row in _csv_rows(text)]


def _columns(file_name: str, line: int, header: list[str]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, raw in enumerate(header):
        word = (raw or "").strip()
        column = _OWN_COLUMNS.get(word) or canonical_column(word, project_table=True)
        if column and column not in columns.values():
            columns[index] = column
    missing = [label for key, label in REQUIRED.items() if key not in columns.values()]
    if missing:
        raise DocumentError(
            file_name,
            f"第 {line} 行的表头不符合模板：缺少“{'”“'.join(missing)}”列。"
            f"模板的列为：{'、'.join(TEMPLATE_COLUMNS)}（见 data/templates/）。",
            line,
        )
    return columns


def _row_region(text: str, gazetteer: Gazetteer) -> str | None:
    levels = (RegionLevel.CITY, RegionLevel.COUNTY)
    matches = [p for p in gazetteer.find(text.strip()) if p.level in levels] if text else []
    return matches[0].code if len(matches) == 1 else None


def _document(file_name: str, place: str = "", code: str | None = None) -> DocumentInfo:
    return DocumentInfo(
        title=PurePath(file_name).stem,
        place_name=place,
        region_code=code,
        status=DocumentStatus.ISSUED,
        status_text="按模板整理的项目清单",
    )


def _csv_rows(text: str):
    reader = csv.reader(io.StringIO(text))
    for row in reader:
        yield reader.line_num, row


def _xlsx_rows(file_name: str, data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    if not data.startswith(b"PK"):
        raise DocumentError(file_name, "这不是有效的 Excel（.xlsx）文件。")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise DocumentError(file_name, f"Excel 文件无法打开：{error}") from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else _cell_text(v) for v in values]
            if any(cells):
                rows.append((number, cells))
        return rows
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
