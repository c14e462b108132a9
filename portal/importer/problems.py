"""Problems the importer finds in a file: row-level findings and whole-document rejections.

Row problems are values collected and shown to staff (they never stop the reader);
a ``DocumentError`` is raised only when a file cannot be read at all.
"""

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class RowProblem:
    """One problem found in one row of one file.

    ``message`` is a Chinese sentence a clerk understands; ``code`` is a stable machine code
    (``lost_leading_cells``, ``duplicate_row``, …) that tests and filters rely on.
    """

    source: str
    line: int | None
    field: str | None
    message: str
    severity: Severity
    code: str


class DocumentError(Exception):
    """The whole document cannot be read (empty, binary, undecodable …)."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message
        self.line = line
