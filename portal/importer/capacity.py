"""Read a facility's capacity from the free text of 建设内容和规模 (and its name).

Capacity is never in a column of its own: beds (``设计床位 300 张``), medical beds inside a
bed total (``总床位数 559 床(其中医院床位数 248 张…)``), childcare places (``托位60个``,
``50-60个托位``), nursery classes (``托班2个``, ``托育班级3班、每班20个``), kindergarten
classes (``12个班``, ages 3–6, which are not childcare places) and floor area
(``建筑面积1.2万平方米``). :func:`parse_capacity` finds each and explains every inference in
``notes``. A class count is never turned into places unless the text says how many per class.
"""

import re
from dataclasses import dataclass, field

from portal.importer.limits import MAX_DIGITS
from portal.importer.normalise_text import clean_cell, to_halfwidth

# ASCII digits only (str.isdigit and \d accept ² ① ٣), at most MAX_DIGITS of them: a longer
# run is no count (int() refuses 4,301+ digits, SQLite 20+); validate flags such a run.
_NUM = rf"(?<![0-9])([0-9]{{1,{MAX_DIGITS}}})(?![0-9])"
_GAP = r"[^\d,;。、()]{0,4}?"  # a few words between a noun and its number, never a clause break
_CLAUSE_BREAK = re.compile(r"[,;。、()：:]")

_BED_AFTER_NOUN = re.compile(rf"床位(?:总?数)?{_GAP}{_NUM}\s*(余|多)?\s*(张|个|床|长)")
_BED_BEFORE_NOUN = re.compile(rf"{_NUM}\s*(余|多)?\s*(张|个)\s*([^\d,;。、()]{{0,3}}?)床位")

# "100张康复养老" inside a bed total's bracket: the elder-care part of a hospital's beds.
_CARE_PART = re.compile(rf"{_NUM}\s*张\s*康复养老(?!床位)")
# "建设后田等 5 个幼儿园，每个幼儿园各建 12 个班级": classes per site, times the sites.
_PER_SITE = re.compile(
    rf"{_NUM}\s*[个所]\s*幼儿园\s*[,，]?\s*(?:每[个所]?(?:幼儿园|园)|各)\s*各?建?设?\s*{_NUM}\s*个?\s*班级?"
)
_PER_CLASS = re.compile(rf"每个?班(?:婴幼儿)?\s*{_NUM}\s*(?:个|名|人)")
_NURSERY = [
    re.compile(rf"{_NUM}\s*个?\s*班\s*(?:托班|托育所|托育班)"),
    re.compile(rf"(?:托班|托育班级?|混合班|托育|托幼|托位)(?:规模)?\s*{_NUM}\s*个?\s*班级?"),
    re.compile(rf"(?:托班|托育班级?|混合班)(?:规模)?\s*{_NUM}\s*个(?!\s*托位)"),
    re.compile(rf"{_NUM}\s*个?\s*(?:托班|托育班|混合班)"),
]
_KINDERGARTEN = [
    re.compile(rf"{_NUM}\s*个?\s*班级?(?:规模)?\s*幼儿园"),
    re.compile(rf"幼儿园\s*{_NUM}\s*个?\s*班级?"),
    re.compile(rf"幼儿园\s*\(\s*{_NUM}\s*班\s*\)"),
]
_OPENS_BRACKET = re.compile(r"^\s*(?:规模)?\s*\(")
_ANY_CLASS = re.compile(rf"{_NUM}\s*个?\s*(?:教学)?班级?(?:规模)?")
_PLACE_RANGE = re.compile(rf"{_NUM}\s*[-—~～至]\s*{_NUM}\s*个?\s*托位")
_PLACES = [
    re.compile(rf"托育?位(?:数)?{_GAP}{_NUM}\s*(?:个|名|位)?(?!\d)(?!\s*个?班)"),
    re.compile(rf"{_NUM}\s*(?:位个|个|名|位)?\s*托位"),
]
_PER_FACILITY = re.compile(r"每个?(?:幼儿园|园)各?|各建")
_SCHOOL_PLACES = re.compile(rf"{_NUM}\s*个?学位")
_AREA = re.compile(
    r"(总)?建筑面积[:：]?(?:约为|约|为)?\s*(\d+(?:\.\d+)?)\s*(万)?\s*(?:平方米|平米|平方|㎡|m²|m2|方米|平)"
)

_KINDERGARTEN_HINTS = {"kindergarten", "nursery_class"}
_CHILDCARE_HINTS = {"childcare_centre", "community_childcare"}


@dataclass
class Capacity:
    """What a project will hold; ``None`` where the text does not say.

    ``beds`` is the stated bed total, including any ``medical_beds`` it contains;
    ``care_beds`` is the elder-care part when the text names it beside medical beds
    (``卫生医疗服务用房共设300张床位；养老服务用房共设416张床位``, ``200张（100张康复养老）``).
    ``classes`` is the total class count; ``nursery_classes`` (托班, ages 0–3) and
    ``kindergarten_classes`` (ages 3–6) are its parts where known. ``notes`` explain sums,
    derivations, ranges and oddities in the source.
    """

    beds: int | None = None
    medical_beds: int | None = None
    care_beds: int | None = None
    childcare_places: int | None = None
    classes: int | None = None
    nursery_classes: int | None = None
    kindergarten_classes: int | None = None
    floor_area_m2: float | None = None
    notes: list[str] = field(default_factory=list)


def parse_capacity(text: str | None, *, kind_hint: str | None = None) -> Capacity:
    """Extract beds, places, classes and floor area from free text; never raises.

    ``kind_hint`` is a :class:`~portal.domain.FacilityKind` value when the row is already
    classified: for a kindergarten or nursery class a bare ``12个班`` counts as kindergarten
    classes, for a childcare centre as nursery classes; without a hint the text decides
    (``幼儿园`` or ``托育``), and otherwise the count stays in ``classes`` only.
    """
    capacity = Capacity()
    body = to_halfwidth(clean_cell(text))
    if not body:
        return capacity
    body = _read_beds(body, capacity)
    body = _read_classes_and_places(body, capacity, kind_hint)
    _read_area(body, capacity)
    return capacity


def _mask(text: str, match: re.Match[str]) -> str:
    """Blank a matched span (keeping offsets) so a later pattern cannot read it again."""
    return text[: match.start()] + "#" * (match.end() - match.start()) + text[match.end() :]


def _clause_before(text: str, position: int) -> str:
    """The words from the last clause break up to ``position``: the number's qualifier."""
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, position)), default=0)
    return text[start:position]


def _read_beds(text: str, capacity: Capacity) -> str:
    """Fill beds and medical beds; return ``text`` with the bed phrases masked."""
    mentions: list[tuple[str, int]] = []
    for pattern in (_BED_AFTER_NOUN, _BED_BEFORE_NOUN):
        for match in list(pattern.finditer(text)):
            count = int(match.group(1))
            words = _clause_before(text, match.start()) + match.group(0)
            if match.group(2):
                capacity.notes.append(f"床位为约数（{count}{match.group(2)}张）")
            if match.group(3) == "长":
                capacity.notes.append(f"“{count}长”按床位{count}张读（原文笔误）")
            mentions.append((_bed_category(words), count))
            text = _mask(text, match)

    by_kind: dict[str, list[int]] = {}
    for category, count in mentions:
        by_kind.setdefault(category, []).append(count)
    for count in by_kind.get("existing", []):
        capacity.notes.append(f"原有床位{count}张未计入")
    for count in by_kind.get("nursing", []):
        capacity.notes.append(f"其中护理型/康复床位{count}张")
    medical = sum(by_kind.get("medical", [])) or None
    stated_total = by_kind.get("total", []) + by_kind.get("generic", [])
    elder = by_kind.get("elder", [])
    if stated_total:
        capacity.beds = sum(stated_total)
        if len(stated_total) > 1:
            capacity.notes.append(f"多处床位相加：{'+'.join(map(str, stated_total))}")
        if elder:
            capacity.notes.append(f"其中养老床位{sum(elder)}张")
        if medical:
            capacity.notes.append(f"床位总数含医疗床位{medical}张")
    elif elder or medical:
        capacity.beds = sum(elder) + (medical or 0)
        if elder and medical:
            capacity.notes.append(f"床位合计=养老床位{sum(elder)}张+医疗床位{medical}张")
    capacity.medical_beds = medical
    if elder and medical:
        capacity.care_beds = sum(elder)
    for match in list(_CARE_PART.finditer(text)):
        count = int(match.group(1))
        capacity.care_beds = (capacity.care_beds or 0) + count
        capacity.notes.append(f"其中康复养老床位{count}张")
        text = _mask(text, match)
    return text


def _bed_category(words: str) -> str:
    """Classify one bed figure by the words in front of it."""
    if "原有" in words or "现有" in words:
        return "existing"
    if any(word in words for word in ("护理型", "护养", "康复")):
        return "nursing"
    if "医疗" in words or "医院" in words:
        return "medical"
    if any(word in words for word in ("总", "合计", "共计")):
        return "total"
    if "养老" in words:
        return "elder"
    return "generic"


def _read_classes_and_places(text: str, capacity: Capacity, kind_hint: str | None) -> str:
    """Fill class counts and childcare places; return ``text`` with those phrases masked."""
    per_site = _PER_SITE.search(text)
    if per_site:
        sites, each = int(per_site.group(1)), int(per_site.group(2))
        capacity.kindergarten_classes = capacity.classes = sites * each
        capacity.notes.append(f"幼儿园班级按{sites}所×每所{each}个班计")
        text = _mask(text, per_site)
    per_class = None
    for match in list(_PER_CLASS.finditer(text)):
        per_class = int(match.group(1))
        text = _mask(text, match)
    mentions: list[tuple[int, int, int, str]] = []
    for kind, patterns in (("nursery", _NURSERY), ("kindergarten", _KINDERGARTEN)):
        found, text = _take_all(patterns, text)
        mentions += [(*m, kind) for m in found]
    found, text = _take_all([_ANY_CLASS], text)
    context = _class_context(text, kind_hint)
    mentions += [(*m, context) for m in found]
    mentions.sort()

    # A count followed by its parts in brackets or after 其中 is a total:
    # "14班规模（2班托班）", "共设21个班级，其中托位4个班级",
    # "18 个班规模（15 班幼儿园、3 个班托育所）".
    totals: set[int] = set()
    parts: set[int] = set()
    for i, (_, end, _, _) in enumerate(mentions):
        mine = [
            j
            for j in range(i + 1, len(mentions))
            if j not in parts and _is_part(text[end : mentions[j][0]])
        ]
        if mine and i not in parts:
            totals.add(i)
            parts.update(mine)
    counts: dict[str, int] = {}
    for i, (_, _, count, kind) in enumerate(mentions):
        if i not in totals:
            counts[kind] = counts.get(kind, 0) + count
    if mentions:
        capacity.classes = sum(m[2] for i, m in enumerate(mentions) if i not in parts)
        capacity.classes += capacity.kindergarten_classes or 0
    if mentions and _PER_FACILITY.search(text):
        capacity.notes.append("班数按所写读取，原文为每所幼儿园的班数")
    capacity.nursery_classes = counts.get("nursery")
    if "kindergarten" in counts:
        per_site = capacity.kindergarten_classes or 0
        capacity.kindergarten_classes = counts["kindergarten"] + per_site
    if totals and capacity.kindergarten_classes is None and context == "kindergarten":
        whole = sum(mentions[i][2] for i in totals)
        nursery_part = sum(mentions[j][2] for j in parts if mentions[j][3] == "nursery")
        capacity.kindergarten_classes = whole - nursery_part
        capacity.notes.append(f"幼儿园班级按总班数{whole}减托班{nursery_part}计")
    return _read_places(text, capacity, per_class)


def _read_places(text: str, capacity: Capacity, per_class: int | None) -> str:
    """Fill childcare places from explicit figures, or from classes × places per class."""
    found: list[int] = []
    for match in list(_PLACE_RANGE.finditer(text)):
        low, high = int(match.group(1)), int(match.group(2))
        found.append(low)
        capacity.notes.append(f"托位为范围{low}-{high}，取下限{low}")
        text = _mask(text, match)
    more, text = _take_all(_PLACES, text)
    found += [count for _, _, count in more]
    if found:
        capacity.childcare_places = sum(found)
        if len(found) > 1:
            capacity.notes.append(f"多处托位相加：{'+'.join(map(str, found))}")
    if per_class is not None:
        classes = capacity.nursery_classes
        if capacity.childcare_places is None and classes:
            capacity.childcare_places = classes * per_class
            capacity.notes.append(f"托位按{classes}班×每班{per_class}个计")
        elif classes and capacity.childcare_places != classes * per_class:
            capacity.notes.append(
                f"托位{capacity.childcare_places}与{classes}班×每班{per_class}不一致"
            )
    for match in _SCHOOL_PLACES.finditer(text):
        capacity.notes.append(f"幼儿园学位{match.group(1)}个，不计入托位")
    return text


def _take_all(patterns: list[re.Pattern[str]], text: str) -> tuple[list[tuple[int, int, int]], str]:
    """All matches of the patterns, in order, as (start, end, count); masked in the text."""
    found = []
    for pattern in patterns:
        for match in list(pattern.finditer(text)):
            found.append((match.start(), match.end(), int(match.group(1))))
            text = _mask(text, match)
    return sorted(found), text


def _is_part(between: str) -> bool:
    """Whether the text between a class total and a later count introduces its parts.

    Parts follow in a bracket opened right after the total (``14班规模（2班托班）``) or after
    其中 (``共设21个班级，其中托位4个班级``), within the same sentence.
    """
    if any(stop in between for stop in "。;"):
        return False
    if _OPENS_BRACKET.match(between) and ")" not in between:
        return True
    return between.lstrip(", ").startswith("其中")


def _class_context(text: str, kind_hint: str | None) -> str:
    """Whose a bare class count is: ``kindergarten``, ``nursery`` or ``unassigned``."""
    if kind_hint in _KINDERGARTEN_HINTS:
        return "kindergarten"
    if kind_hint in _CHILDCARE_HINTS:
        return "nursery"
    if kind_hint is None and ("幼儿园" in text or "学前" in text):
        return "kindergarten"
    if kind_hint is None and any(word in text for word in ("托育", "托位", "托班")):
        return "nursery"
    return "unassigned"


def _read_area(text: str, capacity: Capacity) -> None:
    """Floor area in m²: the first 总建筑面积, else the first 建筑面积 not above/below ground."""
    chosen = None
    for match in _AREA.finditer(text):
        if match.group(1):
            chosen = match
            break
        above_or_below = text[max(0, match.start() - 2) : match.start()] in ("地上", "地下")
        if chosen is None and not above_or_below:
            chosen = match
    if chosen is None:
        return
    if not chosen.group(1) and len(_AREA.findall(text)) > 1:
        capacity.notes.append("多处建筑面积且无总面积，取第一处")
    value = float(chosen.group(2)) * (10_000 if chosen.group(3) else 1)
    capacity.floor_area_m2 = round(value, 2)
