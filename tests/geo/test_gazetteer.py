"""The bundled gazetteer: codes, aliases, hierarchy, the plans' places, load time."""

from pathlib import Path

import pytest

from portal.domain import RegionLevel
from portal.geo.gazetteer import (
    Gazetteer,
    GazetteerError,
    load_default,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_default()


# Every county of the five plans' cities, by the names the plans use (codes: GB/T 2260 / NBS).
PLAN_COUNTIES = [
    ("台州市", "椒江区", "331002"), ("台州市", "黄岩区", "331003"), ("台州市", "路桥区", "331004"),
    ("台州市", "临海市", "331082"), ("台州市", "温岭市", "331081"), ("台州市", "玉环市", "331083"),
    ("台州市", "天台县", "331023"), ("台州市", "仙居县", "331024"), ("台州市", "三门县", "331022"),
    ("丽水市", "莲都区", "331102"), ("丽水市", "青田县", "331121"), ("丽水市", "缙云县", "331122"),
    ("丽水市", "遂昌县", "331123"), ("丽水市", "松阳县", "331124"), ("丽水市", "云和县", "331125"),
    ("丽水市", "庆元县", "331126"), ("丽水市", "景宁县", "331127"), ("丽水市", "龙泉市", "331181"),
    ("嘉兴市", "南湖区", "330402"), ("嘉兴市", "秀洲区", "330411"), ("嘉兴市", "嘉善县", "330421"),
    ("嘉兴市", "平湖市", "330482"), ("嘉兴市", "海盐县", "330424"), ("嘉兴市", "海宁市", "330481"),
    ("嘉兴市", "桐乡市", "330483"), ("景德镇市", "昌江区", "360202"),
    ("景德镇市", "珠山区", "360203"), ("景德镇市", "浮梁县", "360222"),
    ("景德镇市", "乐平市", "360281"), ("泰州市", "海陵区", "321202"),
]  # fmt: skip


@pytest.mark.parametrize(("city", "county", "code"), PLAN_COUNTIES)
def test_plan_counties_resolve_inside_their_city(gaz, city, county, code):
    (city_place,) = gaz.find(city)
    (place,) = gaz.find(county, within=city_place.code)
    assert place.code == code
    assert place.level is RegionLevel.COUNTY
    assert place.has_point
    # every point of these cities lies in east China, near its city's point
    assert 27 < place.lat < 33.5 and 116.5 < place.lon < 122


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("景宁县", "331127"),
        ("景宁畲族自治县", "331127"),
        ("景宁", "331127"),
        ("莲都", "331102"),
        ("台州", "331000"),
        ("海陵", "321202"),
        ("玉环县", "331083"),  # the 2016 name: 玉环县 became 玉环市 (331021 → 331083) in 2017
        ("浙江", "330000"),
        ("广西", "450000"),
        ("经开区", "L330400-01"),  # local_places.csv
    ],
)
def test_aliases_and_short_forms(gaz, alias, code):
    assert code in [place.code for place in gaz.find(alias)]


def test_hierarchy(gaz):
    assert [p.name for p in gaz.ancestors("331002008")] == ["椒江区", "台州市", "浙江省"]
    assert gaz.get("331002008").name == "章安街道"
    assert gaz.contains(ancestor="330000", code="331002008")
    assert gaz.contains(ancestor="331000", code="331000")
    assert not gaz.contains(ancestor="331100", code="331002")
    # the four counties, then the staff-added 昌南新区 (local codes sort after numeric ones)
    assert [p.name for p in gaz.children("360200")] == [
        "昌江区",
        "珠山区",
        "浮梁县",
        "乐平市",
        "昌南新区",
    ]


def test_find_within_picks_the_right_namesake(gaz):
    assert len(gaz.find("白云街道")) > 3
    (place,) = gaz.find("白云街道", within="331000")
    assert place.parent_code == "331002"  # 椒江区


def test_towns_have_no_invented_points(gaz):
    towns = [p for p in gaz.places() if p.level is RegionLevel.TOWN and not p.code.startswith("L")]
    assert len(towns) > 3000
    assert not any(p.has_point for p in towns)


def test_country_coverage(gaz):
    levels = [p.level for p in gaz.places()]
    assert levels.count(RegionLevel.PROVINCE) == 31
    assert levels.count(RegionLevel.CITY) > 320
    assert levels.count(RegionLevel.COUNTY) > 2800
    counties_without_point = [
        p for p in gaz.places() if p.level is RegionLevel.COUNTY and not p.has_point
    ]
    # only statistical zones (开发区…) and new codes with no source point lack one
    assert len(counties_without_point) < 250


def test_names_lists_every_alias(gaz):
    names = {name for name, _place in gaz.names()}
    assert {"景宁畲族自治县", "景宁县", "莲都", "章安街道", "高新区"} <= names


def test_bad_files_are_rejected(tmp_path: Path):
    bad_header = tmp_path / "a.csv"
    bad_header.write_text("code,name\n1,x\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="header"):
        Gazetteer.from_csv(bad_header)
    bad_level = tmp_path / "b.csv"
    bad_level.write_text(
        "code,name,level,parent_code,lat,lon,aliases,source\nX1,某地,village,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(GazetteerError, match="b.csv:2"):
        Gazetteer.from_csv(bad_level)
    half_point = tmp_path / "c.csv"
    half_point.write_text(
        "code,name,level,parent_code,lat,lon,aliases,source\nX1,某地,town,,30.1,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(GazetteerError, match="both"):
        Gazetteer.from_csv(half_point)
