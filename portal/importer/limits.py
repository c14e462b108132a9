"""What the import tool refuses before reading a file."""

from portal.importer.problems import DocumentError

MAX_FILE_BYTES = 20 * 1024 * 1024  # the largest plan we know is ~100 KB; a project list far less
ACCEPTED_SUFFIXES = (".txt", ".csv", ".xlsx")


def check_file_size(file_name: str, size: int) -> None:
    """:raise DocumentError: if the file is empty or larger than any project list could be."""
    if size == 0:
        raise DocumentError(file_name, "文件是空的，没有可导入的内容。")
    if size > MAX_FILE_BYTES:
        raise DocumentError(
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
