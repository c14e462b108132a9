"""What the import tool refuses: files, tables and cells larger than any project list could be.

Each limit is checked while reading, before memory grows with the input: the file's size
before it is read, an xlsx's unpacked size from its zip directory before it is opened (zipfile
stops at the declared sizes), rows and columns as they are read, cells as they are built.
A ``LimitError`` is a refusal of the whole file; an overlong cell rejects only its row.
"""

from portal.importer.problems import DocumentError

MAX_FILE_BYTES = 20 * 1024 * 1024  # the largest plan we know is ~100 KB; a project list far less
ACCEPTED_SUFFIXES = (".txt", ".csv", ".xlsx")
MAX_ROWS = 20_000  # a province's list is a few thousand rows; the five plans hold ~700 in all
MAX_COLUMNS = 40  # the template has 12 columns
MAX_CELL_CHARS = 5_000  # the longest 建设内容 of the five plans is a few hundred characters
MAX_NAME_CHARS = 200  # a project's name; the longest in the plans is under 60
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024  # XML of MAX_ROWS full rows is well under this
MAX_CAPACITY = 100_000  # beds, places or classes of one facility; the largest plan row has 1,200
MAX_DIGITS = 12  # a longer run of digits is no count or amount of one project


class LimitError(DocumentError):
    """The file is larger than the import accepts (answered 413, not 422)."""


def check_file_size(file_name: str, size: int) -> None:
    """:raise DocumentError: if the file is empty or larger than any project list could be."""
    if size == 0:
        raise DocumentError(file_name, "文件是空的，没有可导入的内容。")
    if size > MAX_FILE_BYTES:
        raise LimitError(
            file_name,
            f"文件太大（{size / 1024 / 1024:.0f} MB），上限为 {MAX_FILE_BYTES // 1024 // 1024} MB。"
            "请确认这是项目清单，或拆分后再导入。",
        )


def check_suffix(file_name: str) -> str:
    """The file's kind from its suffix. :raise DocumentError: for anything else."""
    suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in ACCEPTED_SUFFIXES:
        raise DocumentError(
            file_name, "只能导入方案全文（.txt）、CSV（.csv）或 Excel（.xlsx）格式的项目清单。"
        )
    return suffix


def check_row_count(file_name: str, rows: int, line: int | None = None) -> None:
    """:raise LimitError: once a table has more rows than :data:`MAX_ROWS`."""
    if rows > MAX_ROWS:
        raise LimitError(
            file_name,
            f"表格超过 {MAX_ROWS} 行（读到第 {line or rows} 行时停止）。请拆分为几个文件分别导入。",
            line,
        )


def check_column_count(file_name: str, columns: int, line: int) -> None:
    """:raise LimitError: for a row wider than :data:`MAX_COLUMNS`."""
    if columns > MAX_COLUMNS:
        raise LimitError(
            file_name,
            f"第 {line} 行有 {columns} 列以上，上限为 {MAX_COLUMNS} 列（模板为 12 列）。",
            line,
        )
