"""Read a plan's indicator table (主要指标) into one record per indicator.

Values stay text as the plan prints them (``≥ 95.5``, ``98 以上``, ``全省平均水平以上``); a number
is parsed only where the value is a plain figure, and the comparator only from the symbol or word
the plan uses. A dash or slash in a value cell means the plan gives no figure: ``None``.
"""

import re
from dataclasses import dataclass, field

from portal.importer.plan_text import Table
from portal.importer.table_headers import normalise_header

_NO_VALUE = frozenset({"", "-", "--", "—", "——", "－", "/", "／", "无"})
_UNIT_SUFFIX = re.compile(r"^(.*?)[（(]\s*([^()（）\d]{1,4})\s*[）)]$")
_BASELINE_WORDS = ("基数", "现状")
_COMPARATORS = (
    (re.compile(r"^(≥|>=|不低于|不少于|至少|达到)|(及以上|以上)$"), "≥"),
    (re.compile(r"^(≤|<=|不高于|不超过|不多于)|(及以下|以下)$"), "≤"),
    (re.compile(r"^[>＞]"), ">"),
    (re.compile(r"^[<＜]"), "<"),
    (re.compile(r"^="), "="),
)
_PLAIN_TARGET = re.compile(
    r"^(?:≥|≤|>=|<=|[>＞<＜=]|不低于|不少于|不高于|不超过|达到)?\s*"
    r"(\d+(?:\.\d+)?)\s*[%％]?\s*(?:及以上|以上|及以下|以下)?$"
)


@dataclass
class IndicatorRecord:
    """One indicator of a plan: its baseline, its target and, where given, the years between.

    ``yearly`` holds every year column the table has a figure for (baseline and target included).
    ``comparator`` is ``≥``, ``≤``, ``>``, ``<``, ``=`` or None when the plan states a bare figure.
    """

    source: str
    line: int
    category: str | None
    name: str
    unit: str | None
    baseline_year: int | None
    baseline_value: str | None
    target_year: int | None
    target_value: str | None
    yearly: dict[int, str] = field(default_factory=dict)
    comparator: str | None = None
    attribute: str | None = None
    responsible: str | None = None
    target_number: float | None = None


def read_indicators(table: Table) -> list[IndicatorRecord]:
    """One record per row of an indicator table.

    :raise ValueError: if ``table.kind`` is not ``indicators``.
    """
    if table.kind != "indicators":
        raise ValueError(f"{table.source} 第 {table.header_line} 行的表格不是指标表")
    years = _year_columns(table)
    baseline_year = _baseline_year(table, years)
    target_year = max(years) if years else None
    records = []
    for row in table.rows:
        name, unit = _split_unit(row.cells.get("name", ""))
        unit = _value(row.cells.get("unit", "").strip("（）()")) or unit
        yearly = {year: v for year, col in years.items() if (v := _value(row.cells.get(col, "")))}
        target = yearly.get(target_year) if target_year and target_year != baseline_year else None
        records.append(
            IndicatorRecord(
                source=row.source,
                line=row.line,
                category=_category(row.cells),
                name=name,
                unit=unit,
                baseline_year=baseline_year,
                baseline_value=yearly.get(baseline_year) if baseline_year else None,
                target_year=target_year if target_year != baseline_year else None,
                target_value=target,
                yearly=yearly,
                comparator=comparator(target) if target else None,
                attribute=_value(row.cells.get("attribute", "")),
                responsible=_value(row.cells.get("responsible", "")),
                target_number=plain_number(target) if target else None,
            )
        )
    return records


def comparator(value: str) -> str | None:
    """The comparison a target states: ``≥ 95.5`` and ``98 以上`` → ``≥``; ``100`` → None."""
    text = value.strip()
    for pattern, symbol in _COMPARATORS:
        if pattern.search(text):
            return symbol
    return None


def plain_number(value: str) -> float | None:
    """The figure of a plain target (``≥ 95.5``, ``80%以上``, ``4.5``); None for words."""
    match = _PLAIN_TARGET.match(value.strip())
    return float(match.group(1)) if match else None


def _year_columns(table: Table) -> dict[int, str]:
    return {
        int(column.removeprefix("value_")): column
        for column in table.columns
        if column.startswith("value_")
    }


def _baseline_year(table: Table, years: dict[int, str]) -> int | None:
    """The year the header calls 基数/现状值, else the earliest of several year columns."""
    headers = dict(zip(table.columns[-len(table.raw_headers) :], table.raw_headers, strict=True))
    for year, column in sorted(years.items()):
        if any(word in normalise_header(headers.get(column, "")) for word in _BASELINE_WORDS):
            return year
    return min(years) if len(years) > 1 else None


def _split_unit(name: str) -> tuple[str, str | None]:
    """``人均预期寿命（岁）`` → (``人均预期寿命``, ``岁``); names without a unit pass through."""
    match = _UNIT_SUFFIX.match(name.strip())
    if match and match.group(1):
        return match.group(1).strip(), match.group(2).strip()
    return name.strip(), None


def _category(cells: dict[str, str]) -> str | None:
    parts = [cells[key] for key in ("category", "subcategory") if cells.get(key)]
    return " / ".join(parts) if parts else None


def _value(text: str) -> str | None:
    text = text.strip()
    return None if text in _NO_VALUE else text
