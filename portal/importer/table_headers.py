"""The column vocabulary of the plans' tables: header text → canonical column, and table kinds.

Each plan names its columns a little differently (``建设期限`` / ``建设年限``, ``总投资(万元)`` /
``总投资`` with ``（万元）`` on a wrapped line); everything downstream uses the canonical names.
"""

import re

from portal.importer.table_cells import tidy_layout

# Exact header words (spaces removed, brackets and unit stripped) → canonical column.
_EXACT = {
    "序号": "serial",
    "类别": "category",
    "领域": "category",
    "政策领域": "policy_area",
    "项目名称": "name",
    "政策名称": "name",
    "试点名称": "name",
    "改革名称": "name",
    "平台名称": "name",
    "要素名称": "name",
    "主体名称": "name",
    "名称": "name",
    "指标": "name",
    "指标名称": "name",
    "重点任务": "name",
    "目标任务": "name",
    "文件名称": "document",
    "项目类型": "project_type",
    "建设性质": "project_type",
    "建设期限": "period",
    "建设年限": "period",
    "建设周期": "period",
    "建设地点": "location",
    "地点": "location",
    "建设内容和规模": "content",
    "建设内容及规模": "content",
    "主要建设内容": "content",
    "建设内容": "content",
    "具体平台(地位)": "content",
    "组织实施单位": "organiser",
    "实施单位": "organiser",
    "实施主体": "organiser",
    "牵头单位": "organiser",
    "政府/企业投资项目": "investment_type",
    "备注": "remarks",
    "预期目标": "target",
    "责任单位": "responsible",
    "主办单位": "responsible_lead",
    "协办单位": "responsible_partner",
    "计划完成时间": "deadline",
    "单位": "unit",
    "属性": "attribute",
    "指标属性": "attribute",
    "数值": "value",
}
_UNIT = re.compile(r"[(（]\s*(万元|亿元|元)\s*[)）]")
_TARGET_YEAR = re.compile(r"^(\d{4})年?目标任务$")
_YEAR = re.compile(r"(\d{4})")
# Words that let a row be recognised as a header (its first cell is one of these).
HEADER_START_WORDS = frozenset({"序号", "类别", "指标名称", "目标任务", "重点任务", "项目名称"})
SECTION_LABEL = re.compile(r"^[一二三四五六七八九十]+、\S")


def normalise_header(raw: str) -> str:
    """Header text without spaces or wraps, ASCII brackets: ``总投资 (万元)`` → ``总投资(万元)``."""
    text = re.sub(r"\s+", "", tidy_layout(raw))
    return text.replace("（", "(").replace("）", ")")


def header_unit(raw: str) -> str | None:
    """The money unit a header states, e.g. ``万元`` from ``总投资（万元）``; None if none."""
    match = _UNIT.search(normalise_header(raw))
    return match.group(1) if match else None


def canonical_column(raw: str, project_table: bool) -> str | None:
    """Canonical name for one header cell, or None when the word is not in our vocabulary.

    ``责任单位`` is the project's ``organiser`` in a project list and ``responsible`` elsewhere.
    """
    text = _UNIT.sub("", normalise_header(raw))
    if not text:
        return None
    if text in _EXACT:
        column = _EXACT[text]
        return "organiser" if project_table and column == "responsible" else column
    if text.startswith("总投资"):
        return "total_investment"
    if "中央预算内投资" in text or text.startswith("已下达"):
        return "central_investment"
    if "举措" in text or "措施" in text:
        return "measures"
    if match := _TARGET_YEAR.match(text):
        return f"target_{match.group(1)}"
    if match := _YEAR.search(text):
        return f"value_{match.group(1)}"
    return None


def canonical_columns(raw_headers: list[str]) -> list[str]:
    """Canonical names for a header row; unknown or duplicate words become ``col_N``."""
    project = any(normalise_header(h) == "项目名称" for h in raw_headers)
    columns: list[str] = []
    for index, raw in enumerate(raw_headers):
        column = canonical_column(raw, project) or f"col_{index + 1}"
        columns.append(column if column not in columns else f"{column}_{index + 1}")
    return columns


def looks_like_header(cells: list[str]) -> bool:
    """A header row: starts with a known header word and names at least three known columns."""
    if not cells or normalise_header(cells[0]) not in HEADER_START_WORDS:
        return False
    known = [c for c in cells if canonical_column(c, project_table=False)]
    return len(known) >= 3


def is_subheader(cells: list[str]) -> bool:
    """A second header row under spanning cells (``主办单位`` / ``协办单位`` under ``责任单位``)."""
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(canonical_column(c, False) for c in filled)


# Title words → kind. A project or indicator header is decisive; otherwise the title is checked
# before the name column, because some plans reuse a header (Taizhou's policy list is headed
# 改革名称) under a title that says what the table is.
_TITLE_KINDS = (
    ("任务分解", "tasks"),
    ("试点", "pilots"),
    ("政策", "policies"),
    ("改革", "reforms"),
    ("平台", "platforms"),
    ("市场主体", "market_players"),
)
_NAME_KINDS = (
    ("项目名称", "projects"),
    ("政策名称", "policies"),
    ("试点名称", "pilots"),
    ("改革名称", "reforms"),
    ("平台名称", "platforms"),
    ("重点任务", "tasks"),
    ("目标任务", "tasks"),
)


def classify_table(title: str | None, raw_headers: list[str], columns: list[str]) -> str:
    """The table's kind from its title, else its headers; ``other`` when neither says."""
    headers = {normalise_header(h) for h in raw_headers}
    is_indicator = ("指标" in headers or "指标名称" in headers) and any(
        c.startswith(("value_", "target_")) or c == "attribute" for c in columns
    )
    if "项目名称" in headers:
        return "projects"
    if is_indicator:
        return "indicators"
    if title:
        for word, kind in _TITLE_KINDS:
            if word in title:
                return kind
    for word, kind in _NAME_KINDS:
        if word in headers:
            return kind
    return "other"
