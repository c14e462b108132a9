"""Real project rows from the plans, typed in by hand (the importer is not ready yet).

The rows are in ``plan_rows.tsv``: ids 1-9 from 000 台州 附件1, 10-23 from 001 丽水 附件1
(养老/托育领域), 24-28 from 002 嘉兴 附表一, 29-32 from 003 景德镇 五、附件. Each row keeps
the plan's own name, place, period and figures. Kind and status are our reading of the
row: 在建/续建 → under construction, 前期/新建 → planned, 谋划 → proposed; 嘉兴's list has
no status column, so those rows are ``unknown``. 台州's list gives streets, not counties:
the county is set only where the project's name names it (椒江区…), else ``None``.
景德镇's cells are wrapped with stray spaces in the source; the names are joined here.
Coordinates are rough county-seat positions (precision ``county``), enough to order by
distance; rows without a county have none.
"""

import csv
from pathlib import Path

import pytest

from portal.domain import Audience, FacilityKind, FacilityStatus, Precision
from portal.search import FacilityDocument, SearchIndex, load_place_words

# county name → (county code, city code, city name, aliases, (lat, lon) of the county seat)
COUNTIES: dict[str, tuple[str, str, str, tuple[str, ...], tuple[float, float]]] = {
    "莲都区": ("331102", "331100", "丽水市", ("莲都",), (28.45, 119.91)),
    "龙泉市": ("331181", "331100", "丽水市", ("龙泉",), (28.07, 119.14)),
    "青田县": ("331121", "331100", "丽水市", ("青田",), (28.14, 120.29)),
    "缙云县": ("331122", "331100", "丽水市", ("缙云",), (28.66, 120.09)),
    "遂昌县": ("331123", "331100", "丽水市", ("遂昌",), (28.59, 119.27)),
    "云和县": ("331125", "331100", "丽水市", ("云和",), (28.12, 119.57)),
    "景宁畲族自治县": ("331127", "331100", "丽水市", ("景宁县", "景宁"), (27.97, 119.63)),
    "椒江区": ("331002", "331000", "台州市", ("椒江",), (28.67, 121.44)),
    "黄岩区": ("331003", "331000", "台州市", ("黄岩",), (28.65, 121.26)),
    "路桥区": ("331004", "331000", "台州市", ("路桥",), (28.58, 121.37)),
    "南湖区": ("330402", "330400", "嘉兴市", ("南湖",), (30.75, 120.78)),
    "秀洲区": ("330411", "330400", "嘉兴市", ("秀洲",), (30.76, 120.71)),
    "嘉善县": ("330421", "330400", "嘉兴市", ("嘉善",), (30.83, 120.93)),
    "昌江区": ("360202", "360200", "景德镇市", ("昌江",), (29.27, 117.18)),
    "乐平市": ("360281", "360200", "景德镇市", ("乐平",), (28.96, 117.13)),
}
CITIES = {
    "丽水市": ("331100", "330000"),
    "台州市": ("331000", "330000"),
    "嘉兴市": ("330400", "330000"),
    "景德镇市": ("360200", "360000"),
}

ROWS_TSV = Path(__file__).with_name("plan_rows.tsv")
INFANT_KINDS = {
    FacilityKind.CHILDCARE_CENTRE,
    FacilityKind.COMMUNITY_CHILDCARE,
    FacilityKind.NURSERY_CLASS,
    FacilityKind.KINDERGARTEN,
}


def read_rows() -> list[dict[str, str]]:
    """``plan_rows.tsv``: id, name, kind, status, city, county, address, content, operator,
    beds, places, start_year, end_year (empty = the plan does not say)."""
    with ROWS_TSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _int(text: str) -> int | None:
    return int(text) if text else None


def make_document(row: dict[str, str]) -> FacilityDocument:
    """A FacilityDocument for one table row, with its regions' codes and names filled in."""
    city, county = row["city"], row["county"] or None
    city_code, province_code = CITIES[city]
    codes, names = [province_code, city_code], [city, city.removesuffix("市")]
    county_code, (lat, lon) = None, (None, None)
    if county is not None:
        county_code, _, _, aliases, (lat, lon) = COUNTIES[county]
        codes.append(county_code)
        names += [county, *aliases]
    kind = FacilityKind(row["kind"])
    if kind == FacilityKind.COMBINED:
        audience = Audience.BOTH
    else:
        audience = Audience.INFANTS if kind in INFANT_KINDS else Audience.ELDERLY
    return FacilityDocument(
        id=int(row["id"]),
        name=row["name"],
        kind=str(kind),
        audience=str(audience),
        status=str(FacilityStatus(row["status"])),
        city_code=city_code,
        city_name=city,
        county_code=county_code,
        county_name=county,
        region_codes=tuple(codes),
        region_names=tuple(names),
        address=row["address"],
        content=row["content"],
        operator=row["operator"],
        beds=_int(row["beds"]),
        childcare_places=_int(row["places"]),
        start_year=_int(row["start_year"]),
        end_year=_int(row["end_year"]),
        lat=lat,
        lon=lon,
        precision=str(Precision.COUNTY if county else Precision.NONE),
        withdrawn=False,
    )


def place_table() -> dict[str, tuple[str, str]]:
    """Region name and alias → (code, level), as the gazetteer will provide it."""
    table: dict[str, tuple[str, str]] = {}
    for city, (code, _) in CITIES.items():
        table[city] = table[city.removesuffix("市")] = (code, "city")
    for county, (code, _, _, aliases, _) in COUNTIES.items():
        for name in (county, *aliases):
            table[name] = (code, "county")
    return table


def _load_gazetteer_words() -> None:
    """Use the real gazetteer's names when that module and its data exist (another helper's)."""
    try:
        from portal.geo.gazetteer import load_default
    except ImportError:
        return
    try:
        gazetteer = load_default()
    except FileNotFoundError:
        return
    load_place_words(name for name, _ in gazetteer.names())


@pytest.fixture(scope="session")
def documents() -> list[FacilityDocument]:
    return [make_document(row) for row in read_rows()]


@pytest.fixture(scope="session")
def places() -> dict[str, tuple[str, str]]:
    _load_gazetteer_words()
    return place_table()


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, documents, places) -> SearchIndex:
    """A read-only index of the real rows, shared by the query tests."""
    index = SearchIndex(tmp_path_factory.mktemp("search"), places=places)
    index.rebuild(documents)
    return index


@pytest.fixture
def fresh_index(tmp_path, documents, places) -> SearchIndex:
    """An index the test may write to."""
    index = SearchIndex(tmp_path / "index", places=places)
    index.rebuild(documents)
    return index
