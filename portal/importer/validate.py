"""Row checks: errors reject a row, warnings import it with a visible data-quality note.

Messages are for the clerk who fixes the file: they name the field and quote the value.
"""

from portal.domain import Audience, Precision
from portal.importer.money import implausible_amount
from portal.importer.problems import RowProblem
from portal.importer.records import ProjectRecord

NO_VALUE = {"", "/", "／", "-", "—", "无", "——"}


def check_record(record: ProjectRecord, cell: dict[str, str]) -> list[RowProblem]:
    found: list[RowProblem] = []

    def add(field: str | None, code: str, message: str, severity: str = "warning") -> None:
        found.append(RowProblem(record.source, record.source_line, field, message, severity, code))

    if not record.name:
        add("name", "missing_name", "项目名称为空，无法导入这一行。", "error")
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
