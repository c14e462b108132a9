"""Shape raw table rows into canonical cells: alignment, group labels, sections, row warnings.

Works the same for every layout once ``table_layouts`` has cut the rows. Each function flags
what it had to repair as a ``RowProblem`` warning on the row, so staff see it in the import plan.
"""

import re
from dataclasses import dataclass, field

from portal.importer.problems import RowProblem
from portal.importer.table_headers import SECTION_LABEL
from portal.importer.table_layouts import RawRow

_GROUP_LEVELS = ("category", "subcategory", "subsubcategory")
_SERIAL = re.compile(r"^\d+$")
_PLAIN_NUMBER = re.compile(r"^\d+(\.\d+)?$")


@dataclass
class TableRow:
    """One data row: canonical column → cleaned cell text, with the lines it came from.

    A column missing from ``cells`` is unknown (the row lost that cell); an empty string is a cell
    the source left empty.
    """

    source: str
    line: int
    end_line: int
    section: str | None
    cells: dict[str, str]
    problems: list[RowProblem] = field(default_factory=list)


@dataclass
class ShapedRows:
    columns: list[str]
    rows: list[TableRow]
    stated_totals: dict[str, float]


def _warn(row: TableRow, code: str, message: str, column: str | None = None) -> None:
    row.problems.append(RowProblem(row.source, row.line, column, message, "warning", code))


def _section_of(texts: list[str], columns: list[str]) -> tuple[str, float | None] | None:
    """``(name, stated total)`` for a section row such as ``一、养老领域 … 2085116``, else None."""
    if not texts or not SECTION_LABEL.match(texts[0]):
        return None
    rest = dict(zip(columns[1:], texts[1:], strict=False))
    if any(text for column, text in rest.items() if column != "total_investment"):
        return None
    total = rest.get("total_investment", "")
    name = re.sub(r"^[一二三四五六七八九十]+、", "", texts[0])
    return name, float(total) if _PLAIN_NUMBER.match(total) else None


def _serial_holds_labels(columns: list[str], bodies: list[list[str]]) -> bool:
    """True when a table's 序号 column really carries group labels (Taizhou's indicator table)."""
    if "serial" not in columns or "category" in columns:
        return False
    index = columns.index("serial")
    values = [b[index] for b in bodies if len(b) > index and b[index]]
    return bool(values) and sum(not _SERIAL.match(v) for v in values) > len(values) / 2


def shape_rows(
    raw_rows: list[RawRow], header_columns: list[str], source: str, kind: str, layout: str
) -> ShapedRows:
    """Align raw rows to the header and turn them into ``TableRow`` objects.

    * rows with more cells than the header carry group labels in front (merged header cells):
      they become ``category``/``subcategory`` columns, filled down;
    * rows with fewer cells lost their leading cells at a page break: aligned right, flagged;
    * section rows (``一、养老领域``) set ``section`` for the rows below and their stated total;
    * gaps and restarts in 序号, project rows without one, and exact duplicates are flagged.
    """
    width = len(header_columns)
    sections: list[tuple[str, float | None] | None] = []
    bodies: list[list[str]] = []
    for raw in raw_rows:
        texts = raw.texts
        while len(texts) > width and not texts[-1]:
            texts = texts[:-1]
        sections.append(_section_of(texts, header_columns))
        bodies.append(texts)
    extra = max([len(b) - width for b, s in zip(bodies, sections, strict=True) if not s] + [0])
    levels = [level for level in _GROUP_LEVELS if level not in header_columns][:extra]
    columns = levels + list(header_columns)
    if _serial_holds_labels(columns, bodies):
        header_columns = [("category" if c == "serial" else c) for c in header_columns]
        columns = levels + header_columns
    shaped = ShapedRows(columns, [], {})
    section: str | None = None
    for raw, texts, found in zip(raw_rows, bodies, sections, strict=True):
        if found:
            section = found[0]
            if found[1] is not None:
                shaped.stated_totals[section] = found[1]
            continue
        row = TableRow(source, raw.line, raw.end_line, section, {})
        missing = width - len(texts)
        if missing > 0 and not (layout == "cells" and not raw.after_page_break):
            row.cells = dict(zip(header_columns[missing:], texts, strict=True))
            _warn(
                row,
                "lost_leading_cells",
                f"本行缺少前 {missing} 个单元格（可能在分页处丢失），已按右对齐读取",
            )
        elif missing > 0:
            # A short row in its normal place: cells merged across columns, read left to right.
            row.cells = dict(zip(columns, texts, strict=False))
            _warn(
                row,
                "short_row",
                f"本行比表头少 {missing} 个单元格（可能有合并单元格），已按左对齐读取",
            )
        else:
            own = len(texts) - width
            row.cells = dict(zip(levels[:own], texts[:own], strict=True))
            row.cells.update(zip(header_columns, texts[own:], strict=True))
        shaped.rows.append(row)
    _fill_down(shaped.rows, [c for c in columns if c in _GROUP_LEVELS])
    if kind != "projects":
        _fill_down(shaped.rows, ["name"], reset=False)
    _check_serials(shaped.rows, flag_missing=kind == "projects")
    _flag_duplicates(shaped.rows)
    return shaped


def _fill_down(rows: list[TableRow], levels: list[str], reset: bool = True) -> None:
    """Fill empty group labels from the row above; a new label clears the deeper levels."""
    current: dict[str, str] = {}
    for row in rows:
        if "lost_leading_cells" in {p.code for p in row.problems}:
            continue
        for depth, level in enumerate(levels):
            value = row.cells.get(level, "")
            if value:
                current[level] = value
                if reset:
                    for deeper in levels[depth + 1 :]:
                        current.pop(deeper, None)
            elif level in current:
                row.cells[level] = current[level]


def _check_serials(rows: list[TableRow], flag_missing: bool) -> None:
    """Flag gaps and restarts in 序号, and (in project lists) rows without one.

    Outside project lists an empty 序号 marks the second row of a merged task, not a problem.
    """
    previous: int | None = None
    group: tuple[str | None, str | None] = (None, None)
    for row in rows:
        serial = row.cells.get("serial")
        if serial is None:
            previous = None  # lost with the leading cells (already flagged): no gap to report
            continue
        # numbering restarts with each section or category (养老领域 / 托育领域)
        if (row.section, row.cells.get("category")) != group:
            previous, group = None, (row.section, row.cells.get("category"))
        if not _SERIAL.match(serial):
            if flag_missing:
                _warn(row, "missing_serial", "本行没有序号", "serial")
            continue
        number = int(serial)
        if previous is not None and number <= previous:
            _warn(row, "serial_restart", f"序号重新开始：{previous} 之后是 {number}", "serial")
        elif previous is not None and number != previous + 1:
            _warn(row, "serial_gap", f"序号不连续：{previous} 之后是 {number}", "serial")
        previous = number


def _flag_duplicates(rows: list[TableRow]) -> None:
    """Flag a row whose cells (序号 aside) repeat an earlier row exactly."""
    seen: dict[tuple[tuple[str, str], ...], int] = {}
    for row in rows:
        key = tuple(sorted((k, v) for k, v in row.cells.items() if k != "serial"))
        if not any(v for _, v in key):
            continue
        if key in seen:
            _warn(row, "duplicate_row", f"本行与第 {seen[key]} 行内容完全相同")
        else:
            seen[key] = row.line
