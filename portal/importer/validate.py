"""Row checks: errors reject a row, warnings import it with a visible data-quality note.

Messages are for the clerk who fixes the file: they name the field and quote the value.
"""

import re

from portal.domain import Audience, Precision
from portal.importer.limits import MAX_CAPACITY, MAX_CELL_CHARS, MAX_DIGITS, MAX_NAME_CHARS
from portal.importer.money import implausible_amount
from portal.importer.problems import RowProblem
from portal.importer.records import ProjectRecord

NO_VALUE = {"", "/", "／", "-", "—", "无", "——"}
_LONG_NUMBER = re.compile(rf"[0-9]{{{MAX_DIGITS + 1},}}")
CAPACITY_FIELDS = {
    "beds": "床位数",
    "medical_beds": "医疗床位数",
    "childcare_places": "托位数",
    "nursery_classes": "托班数",
    "kindergarten_classes": "幼儿园班数",
}


def check_record(record: ProjectRecord, cell: dict[str, str]) -> list[RowProblem]:
    found: list[RowProblem] = []

    def add(field: str | None, code: str, message: str, severity: str = "warning") -> None:
        found.append(RowProblem(record.source, record.source_line, field, message, severity, code))

    if not record.name:
        add("name", "missing_name", "项目名称为空，无法导入这一行。", "error")
    elif len(record.name) > MAX_NAME_CHARS:
        add(
            "name",
            "name_too_long",
            f"项目名称过长（{len(record.name)} 字），上限为 {MAX_NAME_CHARS} 字，无法导入这一行。",
            "error",
        )
    _check_sizes(record, cell, add)
    for field, value in (
        ("total_investment", record.total_investment_wan),
        ("central_investment", record.central_investment_wan),
    ):
        raw = cell.get(field, "").strip()
        if value is None and raw not in NO_VALUE:
            add(field, "unreadable_amount", f"金额无法识别：“{raw}”，按未注明处理。")
    reason = implausible_amount(
        record.total_investment_wan, beds=record.beds, places=record.childcare_places
    )
    if reason:
        add("total_investment", "implausible_amount", f"总投资可疑：{reason}。")
    central = implausible_amount(record.central_investment_wan, total=record.total_investment_wan)
    if central:
        add("central_investment", "implausible_amount", f"中央预算内投资可疑：{central}。")
    if record.period_raw.strip() not in NO_VALUE and record.period_end is None:
        add("period", "unreadable_period", f"建设期限无法识别：“{record.period_raw}”。")
    elif record.period_note:
        add("period", "period_note", f"建设期限：{record.period_note}。")
    for note in record.capacity_notes:
        add("content", "capacity_note", f"规模：{note}。")
    if record.audience == Audience.UNKNOWN:
        add("name", "unclassified", "无法从分节、名称或实施单位判断是养老还是托育项目。")
    if record.precision == Precision.NONE:
        add("location", "unplaced", f"无法确定位置：“{record.location_text}”。")
    return found


def _check_sizes(record: ProjectRecord, cell: dict[str, str], add) -> None:
    """Cells, numbers and capacities beyond any real project reject the row, naming the field."""
    for field, value in cell.items():
        if len(value) > MAX_CELL_CHARS:
            add(
                field,
                "cell_too_long",
                f"单元格过长（{len(value)} 字），上限为 {MAX_CELL_CHARS} 字，无法导入这一行。",
                "error",
            )
    for field in ("name", "content"):
        long_number = _LONG_NUMBER.search(cell.get(field, ""))
        if long_number:
            add(
                field,
                "number_too_long",
                f"数字过长（{len(long_number.group(0))} 位），不可能是一个项目的规模或金额。",
                "error",
            )
    for field, word in CAPACITY_FIELDS.items():
        value = getattr(record, field)
        if value is not None and value > MAX_CAPACITY:
            add(
                "content",
                "capacity_too_large",
                f"{word} {value} 超出合理范围（上限 {MAX_CAPACITY}），无法导入这一行。",
                "error",
            )
