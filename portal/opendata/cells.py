"""CSV that opens correctly in Excel: UTF-8 with a BOM, CRLF line ends, no formulas.

Excel reads a BOM-less UTF-8 file as the local code page (Chinese becomes mojibake) and
runs any cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a
formula (CSV injection: ``=HYPERLINK(…)`` in a project name). Text cells that start so are
written with a leading apostrophe, which Excel shows as text; numbers are written as numbers.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str | int | float:
    """The value as a CSV cell: ``None`` empty, text that Excel would run made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(
    header: list[str], rows: Iterable[Iterable[Any]], *, bom: bool = True
) -> Iterator[str]:
    """The CSV text a line at a time (CRLF), the BOM first, every cell through :func:`safe_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells: Iterable[Any]) -> str:
        writer.writerow([safe_cell(c) for c in cells])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield (BOM if bom else "") + line(header)
    for row in rows:
        yield line(row)
