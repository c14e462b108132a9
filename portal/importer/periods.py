"""Read a project's construction period (建设期限) from its cell text.

The plans write periods many ways: ``2022-2025``, ``2022-2027年``, ``2021—2022``,
``2022 -2025``, ``2020.06-2022.11``, a single year ``2025``, ``待定``, a truncated
``202—2022``, a duration ``2 年`` or a five-year-plan span ``“十四五”期间``. :func:`parse_period`
turns each into start and end years, or says why it cannot.
"""

import re
from dataclasses import dataclass

from portal.importer.normalise_text import to_halfwidth

EARLIEST_YEAR = 1990
LATEST_YEAR = 2060

# Five-year plans, numbered as Chinese does: 十四五 = the 14th, 2021–2025.
_FIVE_YEAR_PLANS = {
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
}

_DASHES = re.compile(r"\s*(?:[-—–－~～〜]+|至|到)\s*")
# A year optionally followed by a month (2020.06, 2022年3月) and the suffix 年.
_YEAR = r"(\d{1,4})(?:[.年/](\d{1,2})月?)?年?"
_RANGE = re.compile(rf"^{_YEAR}-{_YEAR}$")
_SINGLE = re.compile(rf"^{_YEAR}$")
_DURATION = re.compile(r"^(?:工期|建设期)?(\d+(?:\.\d+)?)个?(年|月)$")
_UNDECIDED = ("待定", "未定", "另定")
_EMPTY = ("", "/", "-", "—", "无")


@dataclass(frozen=True)
class Period:
    """Start and end years of a project; ``None`` where the source does not give them.

    ``raw`` is the text as read; ``note`` says what was unusual (a duration, a truncated
    year, a month) or why the years are unknown. ``duration_years`` holds a stated length
    (``2 年`` → 2) when the source gives no calendar years.
    """

    start: int | None
    end: int | None
    raw: str
    note: str | None = None
    duration_years: float | None = None


def parse_period(text: str | None) -> Period:
    """Parse a 建设期限 cell into a :class:`Period`; never raises.

    Unknown or impossible values give ``start=end=None`` with a ``note`` explaining why.
    A single year gives the same start and end. Years outside 1990–2060, and a start after
    the end, are rejected as unknown.
    """
    raw = text or ""
    cleaned = to_halfwidth(raw).strip().strip("。.")
    compact = re.sub(r"\s+", "", cleaned)
    if compact in _EMPTY:
        return Period(None, None, raw, "未填写建设期限")
    if any(word in compact for word in _UNDECIDED):
        return Period(None, None, raw, "建设期限待定")
    for label, (start, end) in _FIVE_YEAR_PLANS.items():
        if label in compact:
            return Period(start, end, raw, f"“{label}”期间")

    duration = _DURATION.match(compact)
    if duration:
        return _duration(raw, float(duration.group(1)), duration.group(2))

    unified = _DASHES.sub("-", cleaned).replace(" ", "")
    match = _RANGE.match(unified)
    if match:
        start_text, start_month, end_text, end_month = match.groups()
        months = start_month is not None or end_month is not None
        return _years(raw, start_text, end_text, note=f"含月份（{unified}）" if months else None)
    match = _SINGLE.match(unified)
    if match:
        year, problem = _year(match.group(1), "")
        if problem:
            return Period(None, None, raw, problem)
        return Period(year, year, raw, "仅给出一个年份")
    return Period(None, None, raw, "无法识别的建设期限")


def _duration(raw: str, amount: float, unit: str) -> Period:
    """A length of time without calendar years, e.g. ``2 年`` (003 lists only these)."""
    shown = f"{amount:g}"
    years = amount if unit == "年" else amount / 12
    label = "年" if unit == "年" else "个月"
    return Period(None, None, raw, f"工期{shown}{label}", duration_years=years)


def _years(raw: str, start_text: str, end_text: str, note: str | None) -> Period:
    """Check both years; a truncated or impossible one is kept out with a note."""
    start, start_problem = _year(start_text, "起始")
    end, end_problem = _year(end_text, "结束")
    problems = [p for p in (start_problem, end_problem) if p]
    if start is not None and end is not None and start > end:
        return Period(None, None, raw, f"起始年份{start}晚于结束年份{end}")
    notes = [*problems, *([note] if note else [])]
    return Period(start, end, raw, "；".join(notes) or None)


def _year(text: str, which: str) -> tuple[int | None, str | None]:
    """One year, or ``None`` and the reason: truncated (``202``) or outside 1990–2060."""
    if len(text) != 4:
        return None, f"{which}年份不完整（{text}）"
    year = int(text)
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None, f"{which}年份{year}不合理"
    return year, None
