"""Read every table out of a plan document's text, whatever its layout.

``read_tables`` finds the tables by their header rows, cuts the rows with ``table_layouts``,
shapes them with ``table_rows`` and names each table's kind, title and label. It only cleans
text; money, periods and capacities are left to the normalisers.
"""

import re
from collections import Counter
from dataclasses import dataclass

from portal.importer.table_headers import (
    SECTION_LABEL,
    canonical_columns,
    classify_table,
    header_unit,
    looks_like_header,
)
from portal.importer.table_layouts import (
    HeaderHit,
    RawRow,
    find_headers,
    read_cell_rows,
    read_line_rows,
    split_merged_rows,
)
from portal.importer.table_rows import TableRow, shape_rows

__all__ = ["Table", "TableRow", "read_tables"]

_LABEL = re.compile(r"^\s*((?:附件|附表|表)\s*[0-9一二三四五六七八九十]+)\s*[：:.．、]?\s*(.*)$")
_TITLE_MAX = 60  # longer lines are prose, not a table title


@dataclass
class Table:
    """One table of a plan, with canonical columns and rows that know their source lines."""

    source: str
    kind: str
    title: str | None
    label: str | None
    header_line: int
    columns: list[str]
    raw_headers: list[str]
    rows: list[TableRow]
    unit_note: str | None
    stated_totals: dict[str, float]


def split_lines(text: str) -> list[str]:
    """The document's physical lines, numbered as an editor numbers them (1-based = index + 1)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_tables(text: str, source: str) -> list[Table]:
    """Every table in the document, in order of appearance.

    A header repeated after a page break continues the table above it instead of starting a new
    one. Problems found in rows are attached to the rows as warnings; nothing is raised.
    """
    lines = split_lines(text)
    hits = find_headers(lines)
    tables: list[Table] = []
    consumed = 0
    for position, hit in enumerate(hits):
        if hit.line_index < consumed:
            continue  # a repeated header inside a table already read
        if hit.layout == "rows":
            raw_rows, consumed = read_line_rows(lines, hit.next_index, hit.cells)
        else:
            # A header repeated at a page break does not end the table; a different one does.
            later = [h.line_index for h in hits[position + 1 :] if h.cells != hit.cells]
            stop = later[0] if later else len(lines)
            raw_rows, consumed = _read_cell_table(lines, hit, stop)
        tables.append(_build_table(lines, hit, raw_rows, source))
    return tables


def _read_cell_table(lines: list[str], hit: HeaderHit, stop: int) -> tuple[list[RawRow], int]:
    """Rows of a one-cell-per-line table, without repeated headers, short rows split off."""
    raw_rows, end = read_cell_rows(lines, hit.next_index, stop, len(hit.cells))
    raw_rows = [row for row in raw_rows if not looks_like_header(row.texts)]
    widths = Counter(len(row.cells) for row in raw_rows if len(row.cells) > 1)
    if widths:
        raw_rows = split_merged_rows(raw_rows, widths.most_common(1)[0][0])
    return raw_rows, end


def _build_table(lines: list[str], hit: HeaderHit, raw_rows: list[RawRow], source: str) -> Table:
    label, title = _label_and_title(lines, hit.line_index)
    header_columns = canonical_columns(hit.cells)
    kind = classify_table(title, hit.cells, header_columns)
    shaped = shape_rows(raw_rows, header_columns, source, kind, hit.layout)
    units = [unit for unit in (header_unit(h) for h in hit.cells) if unit]
    return Table(
        source=source,
        kind=kind,
        title=title,
        label=label,
        header_line=hit.line_index + 1,
        columns=shaped.columns,
        raw_headers=list(hit.cells),
        rows=shaped.rows,
        unit_note=units[0] if units else None,
        stated_totals=shaped.stated_totals,
    )


def _label_and_title(lines: list[str], header_index: int) -> tuple[str | None, str | None]:
    """The table's label (``附件1``, ``附表一``, ``表1``) and title from the lines above it.

    The title is the nearest short line above the header; the label is on the title's line
    (``表1.嘉兴市…``) or on its own line just above (``附件 1``). A chapter heading such as
    ``五、附件`` is neither, and stops the search.
    """
    label: str | None = None
    title: str | None = None
    seen = 0
    for index in range(header_index - 1, max(header_index - 8, -1), -1):
        text = lines[index].strip().strip("\t").strip()
        if not text:
            continue
        seen += 1
        if SECTION_LABEL.match(text) or text.startswith(("（", "(")) or len(text) > _TITLE_MAX:
            break
        if match := _LABEL.match(text):
            label = re.sub(r"\s+", "", match.group(1))
            title = title or (match.group(2).strip() or None)
            break
        if title is not None or text.endswith("。"):
            break
        title = text
        if seen >= 2:
            break
    return label, title
