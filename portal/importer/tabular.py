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
from portal.importer.limits import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_UNPACKED_BYTES,
    LimitError,
    check_column_count,
    check_row_count,
)
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
    if len(grid) == 1:
        raise DocumentError(
            file_name, f"表格只有表头（第 {grid[0][0]} 行），没有任何项目行，无法导入。", grid[0][0]
        )
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
    return _csv_rows(file_name, text)


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


def _csv_rows(file_name: str, text: str) -> list[tuple[int, list[str]]]:
    """Non-empty rows with their line numbers, refused as soon as a limit is passed."""
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            check_column_count(file_name, len(row), reader.line_num)
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
                check_row_count(file_name, len(rows) - 1, reader.line_num)
    except csv.Error as error:
        # The csv module's own cap (131,072 characters a field) or a broken quote.
        line = reader.line_num
        raise LimitError(
            file_name, f"第 {line} 行无法读取：单元格过长或引号不成对（{error}）。", line
        ) from error
    return rows


def _xlsx_rows(file_name: str, data: bytes) -> list[tuple[int, list[str]]]:
    """Non-empty rows of the first sheet; formulas refused, sizes checked before unpacking."""
    from openpyxl import load_workbook

    if not data.startswith(b"PK"):
        raise DocumentError(file_name, "这不是有效的 Excel（.xlsx）文件。")
    _check_unpacked_size(file_name, data)
    try:
        # Formulas are read as formulas (not their cached results), so they can be refused.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise DocumentError(file_name, f"Excel 文件无法打开：{error}") from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        # One column past the limit is read, so a wider sheet is noticed without reading it all.
        for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
            values = []
            for column, cell in enumerate(cells, start=1):
                if getattr(cell, "data_type", None) == "f":
                    raise DocumentError(
                        file_name,
                        f"第 {number} 行第 {column} 列是公式（{str(cell.value)[:40]}），"
                        "请在 Excel 中将公式转换为数值（复制后“粘贴为数值”）再导入。",
                        number,
                    )
                values.append("" if cell.value is None else _cell_text(cell.value))
            if len(values) > MAX_COLUMNS and values[MAX_COLUMNS]:
                check_column_count(file_name, len(values), number)
            if any(values):
                rows.append((number, values[:MAX_COLUMNS]))
                check_row_count(file_name, len(rows) - 1, number)
        return rows
    except zipfile.BadZipFile as error:
        raise DocumentError(file_name, f"Excel 文件已损坏：{error}") from error
    finally:
        workbook.close()


def _check_unpacked_size(file_name: str, data: bytes) -> None:
    """Refuse a zip that unpacks to more than any real sheet, before unpacking it.

    zipfile stops each member at the size its directory declares, so the declared sizes bound
    what openpyxl can read.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as error:
        raise DocumentError(file_name, f"Excel 文件无法打开：{error}") from error
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise LimitError(
            file_name,
            f"Excel 文件解压后有 {unpacked / 1024 / 1024:.0f} MB，上限为 "
            f"{MAX_XLSX_UNPACKED_BYTES // 1024 // 1024} MB（{MAX_ROWS} 行的清单远小于此）。",
        )


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
