"""Placing a plan's project on the map from its free-text 建设地点 cell.

The plans give no street addresses, only administrative names at mixed precision, lists,
aggregates, development zones and text that is no place at all. ``place_location`` reads them
against the gazetteer and says honestly how precise the result is; it never returns
``Precision.EXACT``.
"""

import re
from dataclasses import dataclass, field, replace

from portal.domain import Precision, RegionLevel
from portal.geo.gazetteer import Gazetteer, Place
from portal.geo.mentions import Mention, scanner_for
from portal.geo.names import normalise_name

_PRECISION = {
    RegionLevel.PROVINCE: Precision.PROVINCE,
    RegionLevel.CITY: Precision.CITY,
    RegionLevel.COUNTY: Precision.COUNTY,
    RegionLevel.TOWN: Precision.TOWN,
}
# Aggregates over a city's counties, and over a county's towns, matched as words: at the
# start, after a separator or after a place's own suffix (黄岩区各乡镇), never inside a name
# (下各镇 is one town, 万全区 and 天全县 are counties).
_WORD_START = r"(?:^|(?<=[、，,/；;和及与区县市镇乡道\s]))"
_COUNTY_AGGREGATE = re.compile(_WORD_START + r"(?:各县|县[（(]市、?区[)）]|县市区|全市)")
_TOWN_AGGREGATE = re.compile(_WORD_START + r"(?:各乡镇|各镇|各街道|各乡|全区|全县)")
_MARKUP = re.compile(r"\*\*|\[bookmark:[^\]]*\]")
_SEPARATORS = re.compile(r"[、，,/；;和及与]")


@dataclass(frozen=True)
class Placement:
    """Where a project is, as far as the source says.

    ``places`` are the regions named (several for a list); ``primary`` is the single region the
    point stands for (the common ancestor for lists and aggregates). ``lat``/``lon`` are that
    region's WGS-84 point (or the nearest ancestor's that has one, reflected in ``precision``).
    """

    places: list[Place]
    primary: Place | None
    precision: Precision
    multi_site: bool
    lat: float | None
    lon: float | None
    notes: list[str] = field(default_factory=list)
    text: str = ""  # the location cell with separators between names a hard wrap ran together


def place_location(
    location_text: str,
    *,
    name: str = "",
    content: str = "",
    organiser: str = "",
    plan_region_code: str,
    gazetteer: Gazetteer,
) -> Placement:
    """Place a project from its location cell, falling back to its name, organiser, content
    and finally the plan's own region.

    :raise ValueError: if ``plan_region_code`` is not in the gazetteer.
    """
    plan_region = gazetteer.get(plan_region_code)
    if plan_region is None:
        raise ValueError(f"unknown plan region code {plan_region_code!r}")
    scope = _city_of(plan_region, gazetteer)
    scan = scanner_for(gazetteer, scope.code)
    text = _MARKUP.sub("", normalise_name(location_text))
    context = [normalise_name(value) for value in (name, organiser, content)]
    notes: list[str] = []

    if _is_aggregate(text, scan):
        return _aggregate(text, scan, context, plan_region, scope, gazetteer)

    places = _resolve(scan(text), scan, context, gazetteer, notes)
    if places:
        residue = _SEPARATORS.sub("", _strip(text, scan(text)))
        if residue:
            notes.append(f"建设地点“{text}”中有部分不是地名（“{residue}”）")
    else:
        if text:
            notes.append(f"建设地点“{text}”不是已知地名")
        for label, value in zip(("项目名称", "组织实施单位", "建设内容"), context, strict=True):
            places = _resolve(scan(value), scan, context, gazetteer, [])
            if places:
                notes.append(f"位置根据{label}推断")
                break
        else:
            places = [plan_region]
            notes.append("位置取方案所属地区")
    if len(places) == 1 and places[0].level is RegionLevel.COUNTY:
        places = [_town_from_context(places[0], scan, context, notes)]
    placement = _placement(places, multi_site=len(places) > 1, gazetteer=gazetteer, notes=notes)
    return replace(placement, text=separate_names(text, scan))


def separate_names(text: str, scan) -> str:
    """Put 、 between two towns (or two counties) that a wrapped cell ran together.

    "太平街道城东街道城西街道" → "太平街道、城东街道、城西街道". A town after its county
    (南湖区新丰镇) or a street after a zone (经开区长水街道) is one place and stays as written.
    """
    pieces, cursor, previous = [], 0, None
    for mention in scan(text):
        start = text.find(mention.text, cursor)
        if start < 0:
            continue
        levels = {place.level for place in mention.places}
        if start == cursor and previous is not None and previous == levels and len(levels) == 1:
            pieces.append("、")
        pieces.append(text[cursor : start + len(mention.text)])
        cursor, previous = start + len(mention.text), levels
    pieces.append(text[cursor:])
    return "".join(pieces)


def _is_aggregate(text: str, scan) -> bool:
    """Whether an aggregate word stands on its own, outside every place name in the text."""
    residue = text
    for mention in scan(text):
        residue = residue.replace(mention.text, "、", 1)
    return bool(_COUNTY_AGGREGATE.search(residue) or _TOWN_AGGREGATE.search(residue))


def _aggregate(
    text: str,
    scan,
    context: list[str],
    plan_region: Place,
    scope: Place,
    gazetteer: Gazetteer,
) -> Placement:
    """An aggregate (各乡镇街道, 全市, 各县（市、区）) stands for its covering region."""
    if _COUNTY_AGGREGATE.search(text):
        covering = plan_region if plan_region.level is RegionLevel.COUNTY else scope
    else:
        named = _resolve(scan(text), scan, context, gazetteer, [])
        covering = _county_hint(scan, context) or plan_region
        if len(named) == 1 and named[0].level in (RegionLevel.COUNTY, RegionLevel.CITY):
            covering = named[0]
    notes = [f"“{text}”泛指多处，定位到覆盖它们的{covering.name}"]
    return _placement([covering], multi_site=True, gazetteer=gazetteer, notes=notes)


def _resolve(
    mentions: list[Mention], scan, context: list[str], gazetteer: Gazetteer, notes: list[str]
) -> list[Place]:
    """Turn mentions into places: disambiguate, drop zones beside real places, drop ancestors."""
    places: list[Place] = []
    for mention in mentions:
        candidates = mention.places
        if len(candidates) > 1:
            hint = _county_hint(scan, context, within=mentions)
            narrowed = [
                p
                for p in candidates
                if hint and gazetteer.contains(ancestor=hint.code, code=p.code)
            ]
            if len(narrowed) == 1:
                candidates = narrowed
            else:
                common = _common_ancestor(candidates, gazetteer)
                notes.append(f"“{mention.text}”有多处同名，定位到{common.name}")
                candidates = [common]
        places.append(candidates[0])
    administrative = [p for p in places if not _is_local(p)]
    if administrative and len(administrative) < len(places):
        places = administrative  # 经开区长水街道: the street says more than the zone
    for place in places:
        if _is_local(place):
            notes.append(f"“{place.name}”是开发区，按本地地名表定位：{place.source}")
    unique = list(dict.fromkeys(places))
    return [
        p
        for p in unique
        if not any(o is not p and gazetteer.contains(ancestor=p.code, code=o.code) for o in unique)
    ]


def _county_hint(scan, context: list[str], within: list[Mention] | None = None) -> Place | None:
    """The first county (or city) named in the location's own mentions, then in the context."""
    groups = [within or []] + [scan(value) for value in context]
    for mentions in groups:
        for mention in mentions:
            for place in mention.places:
                if place.level in (RegionLevel.COUNTY, RegionLevel.CITY) and not _is_local(place):
                    if len(mention.places) == 1:
                        return place
    return None


def _town_from_context(county: Place, scan, context: list[str], notes: list[str]) -> Place:
    """A single town of ``county`` named in the project name or organiser, else the county."""
    for label, value in zip(("项目名称", "组织实施单位"), context[:2], strict=True):
        towns = {
            place
            for mention in scan(value)
            for place in mention.places
            if place.level is RegionLevel.TOWN and place.parent_code == county.code
        }
        if len(towns) == 1:
            town = towns.pop()
            notes.append(f"乡镇（街道）{town.name}取自{label}")
            return town
    return county


def _placement(
    places: list[Place], *, multi_site: bool, gazetteer: Gazetteer, notes: list[str]
) -> Placement:
    primary = places[0] if len(places) == 1 else _common_ancestor(places, gazetteer)
    located = next((p for p in [primary, *gazetteer.ancestors(primary.code)] if p.has_point), None)
    if located is None:
        return Placement(places, primary, Precision.NONE, multi_site, None, None, notes)
    if located is not primary:
        notes.append(f"{primary.name}没有坐标，地图上显示在{located.name}")
    return Placement(
        places, primary, _PRECISION[located.level], multi_site, located.lat, located.lon, notes
    )


def _common_ancestor(places: list[Place], gazetteer: Gazetteer) -> Place:
    chains = [[p, *gazetteer.ancestors(p.code)] for p in places]
    others = [{p.code for p in chain} for chain in chains[1:]]
    for place in chains[0]:
        if all(place.code in codes for codes in others):
            return place
    return chains[0][-1]  # different provinces: no common region; keep the first's province


def _city_of(place: Place, gazetteer: Gazetteer) -> Place:
    if place.level in (RegionLevel.CITY, RegionLevel.PROVINCE):
        return place
    for ancestor in gazetteer.ancestors(place.code):
        if ancestor.level is RegionLevel.CITY:
            return ancestor
    return place


def _strip(text: str, mentions: list[Mention]) -> str:
    for mention in mentions:
        text = text.replace(mention.text, "", 1)
    return text


def _is_local(place: Place) -> bool:
    return place.code.startswith("L")
