"""One import, end to end: bytes → tables → records → a plan → (on request) the database.

``plan_import`` only reads the database. ``apply_import`` plans again inside one transaction
and writes it all or nothing, with the change feed's entry (``write_plan``); the search
index is updated after the commit (deferred if busy: it catches up from the feed).
"""

import hashlib
from collections.abc import Callable
from pathlib import PurePath

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from portal import indexing
from portal.core import db
from portal.geo.gazetteer import Gazetteer, load_default
from portal.importer import readings
from portal.importer.build import RowInput, build_record
from portal.importer.documents import DocumentInfo, describe_document, document_slug
from portal.importer.encoding import decode_document
from portal.importer.limits import LimitError, check_file_size, check_row_count, check_suffix
from portal.importer.plan import ImportPlan, SectionCheck, existing_facilities, plan_entries
from portal.importer.plan_text import Table, read_tables
from portal.importer.problems import DocumentError
from portal.importer.records import ProjectRecord
from portal.importer.tabular import read_tabular
from portal.importer.write import write_plan
from portal.models import ImportRun
from portal.models._types import utcnow

Progress = Callable[[int, int], None]  # (rows read, rows in the file)


PLAN_CHANGED = (
    "自预览以来数据已有变化（或文件不同），导入的结果将与预览不一致，因此没有写入任何内容。"
    "请重新上传文件，查看新的预览后再导入。"
)


def plan_import(
    file_name: str, data: bytes, session: Session, progress: Progress | None = None
) -> ImportPlan:
    """Read a file and work out what importing it would change. Never writes; never raises.

    ``progress`` is told every so many rows how far reading has come.
    """
    name = PurePath(file_name).name
    plan = ImportPlan(name, hashlib.sha256(data).hexdigest(), "unknown")
    key = (name, plan.file_hash)
    kept = readings.recent.get(key)
    if kept is not None:  # previewed in this process: the same bytes read the same way
        plan, records = kept
        _report(progress, len(records), len(records))
    else:
        try:
            records = _read(plan, data, progress)
        except DocumentError as error:
            plan.fatal = error.message
            plan.fatal_line = error.line
            plan.too_large = isinstance(error, LimitError)
            return plan
        readings.recent.put(key, plan, records)
    existing = existing_facilities(session, document_slug(name))
    # A file with no project list must not withdraw everything imported from it before.
    plan.entries = plan_entries(records, existing, withdraw_missing=bool(records))
    return plan


def _read(plan: ImportPlan, data: bytes, progress: Progress | None) -> list[ProjectRecord]:
    """Read the file into ``plan`` (kind, document, tables, problems); its records."""
    check_file_size(plan.file_name, len(data))
    suffix = check_suffix(plan.file_name)
    gazetteer = load_default()
    if suffix == ".txt":
        plan.file_kind = "plan_text"
        return _read_plan_text(plan, data, gazetteer, progress)
    plan.file_kind = suffix.lstrip(".")
    return _read_table_file(plan, data, gazetteer, progress)


def _read_plan_text(
    plan: ImportPlan, data: bytes, gazetteer: Gazetteer, progress: Progress | None
) -> list[ProjectRecord]:
    text = decode_document(data, plan.file_name).text
    plan.document = describe_document(plan.file_name, text, gazetteer)
    tables = read_tables(text, plan.file_name)
    plan.tables_seen = [(t.kind, t.title or t.label, len(t.rows)) for t in tables]
    projects = [t for t in tables if t.kind == "projects"]
    plan.indicators = _indicators(tables)
    if not projects:
        plan.notice = (
            "本文件中没有找到项目清单（项目名称、建设地点等列），因此不会新增或更改任何设施。"
            + ("已读取其中的指标表。" if plan.indicators else "")
        )
        if not plan.indicators:
            raise DocumentError(plan.file_name, plan.notice.replace("，因此", "；"))
        return []
    region = plan.document.region_code
    if not region or gazetteer.get(region) is None:
        raise DocumentError(
            plan.file_name, "无法判断这份方案属于哪个城市或区县，请先登记文件信息。"
        )
    total = sum(len(t.rows) for t in projects)
    check_row_count(plan.file_name, total)
    records = []
    for table in projects:
        for row in table.rows:
            row_input = RowInput(
                row.source,
                row.line,
                row.end_line,
                row.section,
                table.label,
                row.cells,
                tuple(row.problems),
            )
            records.append(build_record(row_input, plan_region_code=region, gazetteer=gazetteer))
            _report(progress, len(records), total)
        plan.section_checks.extend(section_checks(table, records))
    return records


def _indicators(tables: list[Table]) -> list:
    from portal.importer.indicators import read_indicators

    return [record for t in tables if t.kind == "indicators" for record in read_indicators(t)]


def _read_table_file(
    plan: ImportPlan, data: bytes, gazetteer: Gazetteer, progress: Progress | None
) -> list[ProjectRecord]:
    sheet = read_tabular(plan.file_name, data, gazetteer)
    plan.document = sheet.document
    plan.problems.extend(sheet.problems)
    records = []
    for row, row_region in sheet.rows:
        records.append(build_record(row, plan_region_code=row_region, gazetteer=gazetteer))
        _report(progress, len(records), len(sheet.rows))
    return records


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and (done % 100 == 0 or done == total):
        progress(done, total)


def section_checks(table: Table, records: list[ProjectRecord]) -> list[SectionCheck]:
    """Compare each total the document states with the sum of its section's rows."""
    checks = []
    for section, stated in table.stated_totals.items():
        rows = [r for r in records if r.source_section == section and r.source_label == table.label]
        summed = sum(r.total_investment_wan or 0 for r in rows)
        checks.append(SectionCheck(section, stated, round(summed, 2), len(rows)))
    return checks


def apply_import(
    file_name: str,
    data: bytes,
    *,
    user: str,
    adjust: Callable[[ImportPlan, Session], object] | None = None,
    expected_plan: str | None = None,
    progress: Progress | None = None,
) -> tuple[ImportPlan, ImportRun | None]:
    """Plan and write in one transaction; a refused file or any failure changes nothing.

    With ``expected_plan`` (the :meth:`ImportPlan.fingerprint` staff previewed) nothing is
    written unless planning again, inside the writing transaction, gives exactly that plan.
    ``adjust`` may then change the plan before it is written, in the same transaction (staff
    corrections are kept this way: ``portal.curation.corrections.keep_corrections``).
    """
    started_at = utcnow()
    try:
        with db.transaction() as session:
            plan = plan_import(file_name, data, session, progress)
            if not plan.ok:
                return plan, None
            if expected_plan is not None and plan.fingerprint() != expected_plan:
                plan.fatal = PLAN_CHANGED
                return plan, None
            if adjust is not None:  # issue 15: corrections survive imports
                adjust(plan, session)
            run, _touched = write_plan(plan, session, user=user, started_at=started_at)
    except SQLAlchemyError as error:
        current_app.logger.exception("Import of %s failed and was rolled back", file_name)
        plan.fatal = (
            f"写入数据库时出错，本次导入已全部撤销，数据库保持原样（{type(error).__name__}）。"
        )
        return plan, None
    indexing.after_commit()  # this host's index now; other hosts notice the new data version
    db.checkpoint()
    return plan, run


__all__ = ["DocumentInfo", "apply_import", "plan_import"]
