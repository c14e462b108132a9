"""Cut a plan's lines into raw table rows, for the two physical layouts the plans use.

* ``cells``: one cell per line. A cell line starts with a TAB (an empty cell is a lone TAB); a line
  without a TAB continues the cell above (a hard wrap); blank lines separate rows, but blank lines
  also occur inside a cell and between two cells of one row, so a blank line ends a row only when
  the row is full (000, 002, 004).
* ``rows``: one row per line, cells separated by TABs, blank lines at page breaks and the header
  repeated after them (001, 003).

Rows come back with their cells' 1-based line numbers; nothing is interpreted here.
"""

import re
from dataclasses import dataclass, field

from portal.importer.table_cells import join_wrapped, tidy_layout
from portal.importer.table_headers import SECTION_LABEL, is_subheader, looks_like_header

# A line that starts a new part of the document, so a table above it has ended.
_HEADING = re.compile(
    r"^\s*((附件|附表)\s*[0-9一二三四五六七八九十]|[一二三四五六七八九十]+、|抄送)"
)


@dataclass
class RawCell:
    text: str
    line: int
    end_line: int
    after_blank: bool = False  # a blank line came between this cell and the one before


@dataclass
class RawRow:
    cells: list[RawCell] = field(default_factory=list)
    # The row starts after a page break (two or more blank lines) or runs on from the row above
    # without any blank line: where rows that lost their leading cells are found.
    after_page_break: bool = False

    @property
    def line(self) -> int:
        return self.cells[0].line

    @property
    def end_line(self) -> int:
        return max(cell.end_line for cell in self.cells)

    @property
    def texts(self) -> list[str]:
        return [tidy_layout(cell.text) for cell in self.cells]


@dataclass
class HeaderHit:
    """A header found in the text: where it starts and ends, its layout and its cells."""

    line_index: int  # 0-based index of the header's first line
    next_index: int  # 0-based index of the first line after the header
    layout: str  # "cells" or "rows"
    cells: list[str]


def is_blank(line: str) -> bool:
    """A line with nothing on it (a lone TAB is an empty cell, not a blank line)."""
    return "\t" not in line and not line.strip()


def is_cell_line(line: str) -> bool:
    """A line of the one-cell-per-line layout (leading spaces before the TAB occur once)."""
    return line.lstrip(" ").startswith("\t")


def is_row_line(line: str) -> bool:
    """A line holding several TAB-separated cells."""
    return "\t" in line.lstrip(" ").removeprefix("\t")


def _cell_text(line: str) -> str:
    return line.lstrip(" ").removeprefix("\t")


def find_headers(lines: list[str]) -> list[HeaderHit]:
    """Every header row in the document, in order, in either layout."""
    hits: list[HeaderHit] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if is_row_line(line):
            cells = [tidy_layout(c) for c in line.split("\t")]
            if looks_like_header(cells):
                hits.append(HeaderHit(index, index + 1, "rows", _trim(cells)))
        elif is_cell_line(line) and (index == 0 or not is_cell_line(lines[index - 1])):
            block, after = _read_block(lines, index)
            cells = block.texts if block.cells else []
            if looks_like_header(cells):
                sub, after_sub = _read_block(lines, after)
                if sub.cells and is_subheader(sub.texts) and len(sub.cells) >= len(cells):
                    cells, after = merge_header_rows(cells, sub.texts), after_sub
                hits.append(HeaderHit(index, after, "cells", cells))
                index = after
                continue
        index += 1
    return hits


def _trim(cells: list[str]) -> list[str]:
    """Drop trailing empty cells (a row-per-line header may end with a stray TAB)."""
    while cells and not cells[-1]:
        cells = cells[:-1]
    return cells


def _read_block(lines: list[str], index: int) -> tuple[RawRow, int]:
    """Cells from ``index`` up to a blank line that is followed by a new cell line."""
    row = RawRow()
    blank = False
    while index < len(lines):
        line = lines[index]
        if is_blank(line):
            blank = True
        elif is_cell_line(line):
            if blank and row.cells:
                break
            row.cells.append(RawCell(_cell_text(line), index + 1, index + 1, blank))
            blank = False
        elif row.cells and not _HEADING.match(line):
            last = row.cells[-1]
            last.text, last.end_line = join_wrapped(last.text, line), index + 1
            blank = False
        else:
            break
        index += 1
    return row, index


def merge_header_rows(top: list[str], sub: list[str]) -> list[str]:
    """Combine a header and the row of sub-headers beneath its spanning cells.

    ``[序号, 重点任务, 责任单位, …]`` over ``["", "", 主办单位, 协办单位, …]`` gives
    ``[序号, 重点任务, 主办单位, 协办单位, …]``: a run of filled sub-header cells replaces the
    one spanning cell above it.
    """
    merged: list[str] = []
    position = 0
    index = 0
    while index < len(sub):
        if sub[index]:
            while index < len(sub) and sub[index]:
                merged.append(sub[index])
                index += 1
        else:
            merged.append(top[position] if position < len(top) else "")
            index += 1
        position += 1
    return merged


def _is_section(row: RawRow) -> bool:
    return len(row.cells) == 1 and bool(SECTION_LABEL.match(row.texts[0]))


def read_cell_rows(lines: list[str], start: int, stop: int, width: int) -> tuple[list[RawRow], int]:
    """Rows of the one-cell-per-line layout between ``start`` and ``stop`` (0-based indexes).

    ``width`` is the header's cell count: a blank line closes a row once it has that many cells
    (or is a lone section label such as ``一、完善基本养老服务体系``). A line without a TAB after a
    closed row still belongs to that row's last cell (organisations listed one per paragraph).
    Returns the rows and the index where the table ended.
    """
    rows: list[RawRow] = []
    current: RawRow | None = None
    blanks = 0
    index = start
    for index in range(start, stop):
        line = lines[index]
        if is_blank(line):
            blanks += 1
            if current and (len(current.cells) >= width or _is_section(current)):
                rows.append(current)
                current = None
            continue
        if is_cell_line(line):
            current = current or RawRow(after_page_break=blanks != 1)
            current.cells.append(RawCell(_cell_text(line), index + 1, index + 1, blanks > 0))
        else:
            target = current or (rows[-1] if rows else None)
            if target is None or blanks >= 2 or _HEADING.match(line):
                break
            last = target.cells[-1]
            last.text, last.end_line = join_wrapped(last.text, line), index + 1
        blanks = 0
    else:
        index = stop
    if current:
        rows.append(current)
    return rows, index


def split_merged_rows(rows: list[RawRow], width: int) -> list[RawRow]:
    """Split rows that swallowed a short row before them.

    A row that lost its leading cells at a page break has fewer cells than a full row, so no blank
    line closes it and it runs into the next row. When a row is longer than ``width`` and a blank
    line sits exactly ``width`` cells before its end, the cells before that blank are the short row.
    """
    result: list[RawRow] = []
    for row in rows:
        cut = len(row.cells) - width
        if cut > 0 and row.cells[cut].after_blank:
            result.append(RawRow(row.cells[:cut], row.after_page_break))
            result.append(RawRow(row.cells[cut:]))
        else:
            result.append(row)
    return result


def read_line_rows(lines: list[str], start: int, header: list[str]) -> tuple[list[RawRow], int]:
    """Rows of the one-row-per-line layout from ``start`` until a line without TABs.

    Blank lines (page breaks) are skipped, and so is the header when it is repeated after them,
    even when the repeat drops a trailing column name. Returns the rows and the end index.
    """
    rows: list[RawRow] = []
    index = start
    while index < len(lines):
        line = lines[index]
        if is_blank(line):
            index += 1
            continue
        if not is_row_line(line):
            break
        cells = line.split("\t")
        texts = _trim([tidy_layout(c) for c in cells])
        if looks_like_header(texts):
            if texts != header[: len(texts)]:
                break  # a different table starts here
        else:
            rows.append(RawRow([RawCell(c, index + 1, index + 1) for c in cells]))
        index += 1
    return rows, index
