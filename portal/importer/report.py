"""The plan as staff read it: a text table for the terminal, JSON for scripts and the staff page."""

from collections import defaultdict
from typing import Any

from portal.importer.plan import ImportPlan, PlanEntry

ACTION_WORDS = {
    "new": "新增",
    "changed": "更改",
    "unchanged": "不变",
    "withdrawn": "撤回",
    "rejected": "拒绝",
    "duplicate": "重复",
}


def entry_as_dict(entry: PlanEntry) -> dict[str, Any]:
    record = entry.record
    problems = record.problems if record else []
    row: dict[str, Any] = {
        "action": entry.action,
        "name": entry.name,
        "facility_id": entry.facility_id,
    }
    if record:
        row.update(
            line=record.source_line,
            end_line=record.source_end_line,
            section=record.source_section,
            table=record.source_label,
            category=record.audience.value,
            kind=record.kind.value,
            status=record.status.value,
            ownership=record.ownership,
            period_start=record.period_start,
            period_end=record.period_end,
            period_raw=record.period_raw,
            location=record.location_text,
            region=record.region_code,
            county=record.county_code,
            precision=record.precision.value,
            multi_site=record.multi_site,
            total_investment_wan=record.total_investment_wan,
            central_investment_wan=record.central_investment_wan,
            beds=record.beds,
            childcare_places=record.childcare_places,
            nursery_classes=record.nursery_classes,
            kindergarten_classes=record.kindergarten_classes,
        )
    row["changes"] = {k: [_plain(o), _plain(n)] for k, (o, n) in entry.changes.items()}
    row["errors"] = [_problem(p) for p in problems if p.severity == "error"]
    row["warnings"] = [_problem(p) for p in problems if p.severity == "warning"]
    return row


def _problem(problem) -> dict[str, Any]:
    return {
        "line": problem.line,
        "field": problem.field,
        "code": problem.code,
        "message": problem.message,
    }


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return getattr(value, "value", value)


def section_totals(plan: ImportPlan) -> list[dict[str, Any]]:
    sums: dict[tuple, dict[str, Any]] = defaultdict(
        lambda: {"rows": 0, "total_investment_wan": 0.0, "central_investment_wan": 0.0}
    )
    for entry in plan.entries:
        record = entry.record
        if record is None or entry.action in ("rejected", "duplicate"):
            continue
        bucket = sums[(record.source_label, record.source_section)]
        bucket["rows"] += 1
        bucket["total_investment_wan"] += record.total_investment_wan or 0
        bucket["central_investment_wan"] += record.central_investment_wan or 0
    stated = {c.section: c for c in plan.section_checks}
    result = []
    for (label, section), bucket in sums.items():
        check = stated.get(section)
        result.append(
            {
                "table": label,
                "section": section,
                "rows": bucket["rows"],
                "total_investment_wan": round(bucket["total_investment_wan"], 2),
                "central_investment_wan": round(bucket["central_investment_wan"], 2),
                "stated_total_wan": check.stated if check else None,
                "agrees_with_document": check.agrees if check else None,
            }
        )
    return result


def plan_as_json(plan: ImportPlan, *, applied: bool = False) -> dict[str, Any]:
    info = plan.document
    return {
        "file": plan.file_name,
        "sha256": plan.file_hash,
        "kind": plan.file_kind,
        "applied": applied,
        "ok": plan.ok,
        "error": plan.fatal,
        "notice": plan.notice,
        "document": None
        if info is None
        else {
            "title": info.title,
            "place": info.place_name,
            "region": info.region_code,
            "status": info.status.value,
            "status_text": info.status_text,
            "year": info.year,
        },
        "counts": plan.counts(),
        "sections": section_totals(plan),
        "problems": [_problem(p) for p in plan.problems],
        "rows": [entry_as_dict(e) for e in plan.entries],
        "tables_seen": [{"kind": k, "title": t, "rows": n} for k, t, n in plan.tables_seen],
    }


def plan_as_table(plan: ImportPlan) -> str:
    """A plain-text report: one line per row, then the counts, totals and problems."""
    out = [f"== {plan.file_name}"]
    if plan.fatal:
        return "\n".join([*out, f"错误：{plan.fatal}", "数据库未作任何更改。"])
    if plan.document:
        out.append(f"文件：{plan.document.title}（{plan.document.place_name}）")
    if plan.notice:
        out.append(f"提示：{plan.notice}")
    for entry in plan.entries:
        r = entry.record
        where = f"第{r.source_line}行" if r else "—"
        detail = ""
        if r:
            detail = f"{r.kind.value}/{r.status.value} {r.location_text} "
            detail += f"{r.total_investment_wan if r.total_investment_wan is not None else '-'}万元"
        if entry.changes:
            detail += "  改：" + "、".join(entry.changes)
        out.append(f"{ACTION_WORDS[entry.action]:<3} {where:<7} {entry.name}  {detail}".rstrip())
        for problem in r.problems if r else []:
            mark = "错误" if problem.severity == "error" else "警告"
            out.append(f"        {mark}[{problem.field or '-'}] {problem.message}")
    counts = plan.counts()
    out.append("合计：" + "，".join(f"{ACTION_WORDS[k]} {v}" for k, v in counts.items()))
    for total in section_totals(plan):
        line = f"{total['table'] or ''} {total['section'] or '（无分节）'}：{total['rows']} 项，"
        line += f"总投资 {total['total_investment_wan']:g} 万元"
        if total["stated_total_wan"] is not None:
            verdict = "一致" if total["agrees_with_document"] else "不一致"
            line += f"；文件所列合计 {total['stated_total_wan']:g} 万元（{verdict}）"
        out.append(line)
    for problem in plan.problems:
        out.append(f"文件问题：{problem.message}")
    return "\n".join(out)
