"""Region containment: one method on an area, built on the production gazetteer."""

import pytest

from portal.geo.gazetteer import load_default
from portal.places import NATION, area, areas


def test_a_district_lies_in_its_city_and_not_the_other_way_round() -> None:
    jiaxing, xiuzhou = area("330400"), area("330411")
    assert jiaxing.contains(xiuzhou)
    assert not xiuzhou.contains(jiaxing)
    assert jiaxing.contains(jiaxing)
    assert jiaxing.overlaps(xiuzhou) and xiuzhou.overlaps(jiaxing)


def test_local_zones_and_the_nation() -> None:
    """data/gazetteer/local_places.csv: 嘉兴经济技术开发区 sits at city level under 嘉兴市."""
    zone = area("L330400-01")
    assert zone.name == "嘉兴经济技术开发区"
    assert area("330400").contains(zone)
    assert not area("330402").contains(zone)  # it spans two districts: not inside 南湖区
    assert NATION.contains(zone) and NATION.contains(area("321202"))
    assert not zone.contains(NATION)


def test_names_for_pages() -> None:
    assert area("321202").full_name == "泰州市海陵区"
    assert area("330400").full_name == "嘉兴市"
    assert area("000000").name == "全国"


@pytest.mark.parametrize("code", ["999999", "", "3304", "1" * 5000, "330400 "])
def test_unknown_codes_are_no_area(code: str) -> None:
    assert area(code) is None


def test_a_list_of_codes_names_the_unknown_one() -> None:
    assert [a.code for a in areas(["331002", "331003"])] == ["331002", "331003"]
    with pytest.raises(KeyError, match="331099"):
        areas(["331002", "331099"])


def test_the_gazetteer_primitive_cannot_be_called_with_swapped_positional_codes() -> None:
    gazetteer = load_default()
    with pytest.raises(TypeError):
        gazetteer.contains("330400", "330411")  # type: ignore[misc]
    assert gazetteer.contains(ancestor="330400", code="330411")
    assert not gazetteer.contains(ancestor="330411", code="330400")
