"""Every subsidy × every place the pickers offer, through HTTP on the imported plans.

For each entry of data/subsidies.yaml the test builds answers that meet its rules (read from
the entry, the input of the check) and asks ``/api/v1/subsidies/check`` once for every place in
the check page's picker. Inside the entry's place the answer must list it (applies or near
miss); outside, never. "Inside" is derived here from the picker itself — a county listed
under its city lies in that city — not from the portal's containment code.
"""

import re
from functools import cache
from urllib.parse import urlencode

import pytest

from portal.subsidies import load_subsidies
from portal.subsidies.schema import ANY, Rule

SUBSIDIES = load_subsidies()
_OPTION = re.compile(r'<option value="([^"]+)"[^>]*>(　?)([^<]+)</option>')


def picker(client) -> list[tuple[str, str, str | None]]:
    """(code, label, enclosing city code or None) for every place of the region picker."""
    html = client.get("/subsidies/check?applicant=child").get_data(as_text=True)
    select = html[html.index('<select id="region"') : html.index("</select>")]
    places, city = [], None
    for code, indent, label in _OPTION.findall(select):
        if indent:
            places.append((code, label, city))
        else:
            places.append((code, label, None))
            city = code
    return places


def value_meeting(rule: Rule) -> tuple[str, str] | None:
    """A form parameter that meets ``rule`` (region rules are set by the table)."""
    if rule.op == ANY:
        return value_meeting(rule.value[0])
    if rule.field in ("region", "registration_region"):
        return None
    v = rule.value
    if isinstance(v, bool):
        return rule.field, "1" if v else "0"
    chosen = {
        "eq": v,
        "in": v[0] if isinstance(v, tuple) else v,
        "contains": v[0] if isinstance(v, tuple) else v,
        "ge": v,
        "le": v,
        "gt": v + 1 if isinstance(v, int) else v,
        "lt": v - 1 if isinstance(v, int) else v,
        "between": v[0] if isinstance(v, tuple) else v,
    }[rule.op]
    return rule.field, str(chosen)


def answers_for(subsidy) -> dict[str, str]:
    params: dict[str, str] = {}
    for rule in subsidy.eligibility:
        pair = value_meeting(rule)
        if pair:
            params[pair[0]] = pair[1]
    if params["applicant"] == "child":
        params.setdefault("child_age_months", "12")
    if params["applicant"] == "older":
        params.setdefault("older_age", "70")
    return params


def codes_of(subsidy) -> tuple[str, ...]:
    for field in ("region", "registration_region"):
        for rule in subsidy.eligibility:
            if rule.field == field:
                return (rule.value,) if isinstance(rule.value, str) else tuple(rule.value)
    return (subsidy.place.code,)


def inside(place: tuple[str, str, str | None], codes: tuple[str, ...]) -> bool:
    code, _label, city = place
    return "000000" in codes or code in codes or (city is not None and city in codes)


@cache
def listed(client, query: str) -> set[str]:
    response = client.get(f"/api/v1/subsidies/check?{query}")
    assert response.status_code == 200, (query, response.get_json())
    data = response.get_json()
    return {item["id"] for item in data["applies"] + data["near_misses"]}


@pytest.mark.parametrize("subsidy", SUBSIDIES, ids=lambda s: s.id)
def test_listed_in_every_picker_place_inside_its_place_and_nowhere_else(
    loaded_client, subsidy
) -> None:
    places = picker(loaded_client)
    assert len(places) > 30  # the five plans' cities, their counties and 海陵区
    codes = codes_of(subsidy)
    params = answers_for(subsidy)
    wrong = []
    for place in places:
        query = urlencode({**params, "region": place[0]})
        shown = subsidy.id in listed(loaded_client, query)
        if shown != inside(place, codes):
            wrong.append((place[1], place[0], "listed" if shown else "missing"))
    assert not wrong, wrong


def test_the_picker_offers_every_county_the_gazetteer_files_under_each_plan_city(loaded_client):
    """data/gazetteer: 嘉兴市 has 7 counties and the 经济技术开发区; 海陵区 stands alone."""
    places = picker(loaded_client)
    under = {}
    for code, _label, city in places:
        if city:
            under.setdefault(city, []).append(code)
    assert set(under) == {"330400", "331000", "331100", "360200"}
    assert "L330400-01" in under["330400"] and len(under["330400"]) == 8
    assert ("321202", "泰州市海陵区", None) in places
