"""Read investment amounts, which the plans give in 万元 (10,000 yuan).

Cells hold ``12000``, ``25912.73``, ``2399（已下达）`` (an amount with a remark), ``/`` or
nothing, and sometimes a unit of their own (``1.2亿元``, ``500万元``). :func:`parse_wan_yuan`
reads them; :func:`implausible_amount` says when a read value cannot be right.
"""

import math
import re
from dataclasses import dataclass

from portal.importer.limits import MAX_DIGITS
from portal.importer.normalise_text import to_halfwidth

# Multipliers into 万元.
_UNITS = {"亿元": 10_000.0, "亿": 10_000.0, "万元": 1.0, "万": 1.0, "元": 0.0001}
_PLACEHOLDERS = {"", "/", "／", "-", "—", "——", "无", "暂无", "不详", "待定"}

_NUMBER = r"-?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
_AMOUNT = re.compile(
    rf"^(?P<approx>约|近|超)?(?P<number>{_NUMBER})(?P<more>余|多)?"
    rf"(?P<unit>亿元|亿|万元|万|元)?(?:[(（](?P<remark>[^)）]*)[)）])?$"
)
_RANGE = re.compile(rf"^{_NUMBER}(?:亿元|亿|万元|万|元)?[-—~～至]{_NUMBER}")

# Above this a single facility's cost is a misread (100 亿元); section totals may be larger.
_LIMITS = {"facility": 1_000_000.0, "section_total": 100_000_000.0}
# Below this per bed or place (1,000 yuan) the amount is too small to build anything.
_MIN_PER_UNIT = 0.1


@dataclass(frozen=True)
class Money:
    """An amount in 万元, or ``None`` when the cell states none; ``raw`` is the cell as read."""

    value: float | None
    raw: str
    note: str | None = None


def parse_wan_yuan(text: str | None) -> Money:
    """Parse an amount cell into 万元; never raises.

    A bare number is taken as 万元 (the unit is in the header). A unit in the cell converts
    (``1.2亿元`` → 12000, ``3700元`` → 0.37). A bracketed remark becomes the note
    (``2399（已下达）`` → 2399, "已下达"). ``/``, ``—`` and empty cells give ``None``.
    Ranges and anything else unreadable give ``None`` with a note saying why.
    """
    raw = text or ""
    compact = re.sub(r"\s+", "", to_halfwidth(raw)).rstrip("。.")
    if compact in _PLACEHOLDERS:
        return Money(None, raw, None if not compact else "未填写金额")
    if _RANGE.match(compact):
        return Money(None, raw, "金额为范围，未取值")
    match = _AMOUNT.match(compact)
    if not match:
        return Money(None, raw, "无法识别的金额")
    digits = match["number"].replace(",", "").replace("-", "")
    if len(digits.split(".")[0]) > MAX_DIGITS:  # float() would make it inf or lose it
        return Money(None, raw, f"数字过长（{len(digits)} 位），无法识别")
    value = float(digits) * _UNITS.get(match["unit"] or "万元", 1.0)
    value = -value if match["number"].startswith("-") else value
    notes = []
    if match["approx"] or match["more"]:
        notes.append(f"约数（{match['approx'] or match['more']}）")
    if match["unit"] and match["unit"] not in ("万元", "万"):
        notes.append(f"由{match['unit']}换算为万元")
    if match["remark"]:
        notes.append(match["remark"])
    return Money(round(value, 6), raw, "；".join(notes) or None)


def implausible_amount(
    value: float | None,
    context: str = "facility",
    *,
    beds: int | None = None,
    places: int | None = None,
    total: float | None = None,
) -> str | None:
    """Return why ``value`` (万元) cannot be right, or ``None`` when it looks plausible.

    ``context`` is ``"facility"`` (one project's investment, at most 1,000,000 万元) or
    ``"section_total"`` (a list section's subtotal). With ``beds`` or ``places`` an amount
    under 0.1 万元 (1,000 yuan) per bed or place is flagged; with ``total`` a part (such as
    central-budget funding) larger than the whole is flagged. ``None`` values pass.

    :raise ValueError: if ``context`` is not one of the two names above (a caller's bug).
    """
    if context not in _LIMITS:
        raise ValueError(f"unknown amount context {context!r}; use one of {sorted(_LIMITS)}")
    if value is None:
        return None
    if not math.isfinite(value):
        return "金额不是有限的数"
    if value < 0:
        return f"金额为负数（{value:.12g}万元）"
    if value == 0:
        return "金额为零"
    if value > _LIMITS[context]:
        return f"金额{value:.12g}万元超过上限{_LIMITS[context]:.12g}万元"
    if total is not None and value > total:
        return f"金额{value:.12g}万元大于总额{total:.12g}万元"
    for count, word in ((beds, "床位"), (places, "托位")):
        if count and value / count < _MIN_PER_UNIT:
            return f"金额{value:.12g}万元对{count}个{word}过低"
    return None
