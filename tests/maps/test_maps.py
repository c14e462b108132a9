"""The map builders: self-hosted, escaped, honest about vague locations, datum-aware."""

import json
import re

import pytest

from portal.maps import (
    OSM_TILES,
    TileConfig,
    facility_map,
    region_map,
    results_map,
    unmappable,
)
from tests.maps.helpers import HOSTILE, LABELS, point, static_url

AUTONAVI = TileConfig(
    url="https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
    attribution="© 高德地图",
    datum="gcj02",
    max_zoom=18,
    subdomains="1234",
)


def _layer(html: str) -> tuple[str, list[dict], list[dict]]:
    """The FacilityLayer call: (target layer's variable, facility records, areas)."""
    call = re.search(r"\}\)\((\w+), \w+,\s*", html)
    if call is None:
        return "", [], []
    decoder = json.JSONDecoder()
    records, end = decoder.raw_decode(html, call.end())
    areas, _ = decoder.raw_decode(html, html.index("[", end))
    return call.group(1), records, areas


@pytest.mark.parametrize("tiles", [OSM_TILES, AUTONAVI])
def test_no_remote_url_but_the_tile_server(tiles: TileConfig) -> None:
    points = [point(1, "丽水市社会福利中心"), point(2, "莲都区", "county"), point(3, "x", "town")]
    for html in [
        results_map(points, static_url=static_url, labels=LABELS, tiles=tiles),
        facility_map(points[1], static_url=static_url, labels=LABELS, tiles=tiles),
        region_map(
            points,
            ((27.9, 119.5), (28.8, 120.3)),
            static_url=static_url,
            labels=LABELS,
            tiles=tiles,
        ),
    ]:
        for url in re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', html):
            assert url.startswith("/static/vendor/") or url == "/static/css/map.css", url
        # URLs in the script are JSON string literals (``&`` written as ``\\u0026``): decode.
        remote = [json.loads(f'"{url}"') for url in re.findall(r"(?:https?:)?//[^\s\"'<>]+", html)]
        assert remote == [tiles.url], remote


def test_hostile_names_stay_text_in_popups_tooltips_and_title() -> None:
    labels = type(LABELS)(**{**LABELS.__dict__, "title": HOSTILE})
    html = results_map(
        [point(1, HOSTILE), point(2, HOSTILE, "county")], static_url=static_url, labels=labels
    )
    _, records, _ = _layer(html)
    assert len(records) == 2
    for text in [r["popup"] for r in records] + [r["tooltip"] for r in records]:
        assert "&lt;img src=x onerror=alert(1)&gt;" in text
        assert "&lt;/script&gt;&lt;script&gt;" in text
        assert "<img" not in text and "<script" not in text
    # The pin's alt text is set as a DOM property, never parsed: it stays the raw name.
    assert records[0]["name"] == HOSTILE
    # Nothing from the name reaches the document as markup: the only <script> tags are ours.
    assert html.count("<script") == html.count("</script>") == 4
    assert "<img" not in html
    assert "<title>&lt;img src=x onerror=alert(1)&gt;" in html
    # folium's jQuery/template-literal popups are not used, so `${…}` can never be evaluated.
    assert "$(`" not in html and "bindPopup(`" not in html


def test_popup_names_facility_kind_status_and_links_out_of_the_iframe() -> None:
    html = results_map(
        [point(7, "遂昌县北界中心敬老院迁建工程")], static_url=static_url, labels=LABELS
    )
    _, (record,), _ = _layer(html)
    assert "<strong>遂昌县北界中心敬老院迁建工程</strong>" in record["popup"]
    assert "类型: 养老机构" in record["popup"] and "状态: 在建" in record["popup"]
    assert '<a href="/facilities/7" target="_top">查看详情</a>' in record["popup"]
    assert "位置为大致范围" not in record["popup"]
    assert record["tooltip"] == "遂昌县北界中心敬老院迁建工程"


@pytest.mark.parametrize(
    ("precision", "radius"), [("town", 3000), ("county", 15000), ("city", 40000)]
)
def test_approximate_points_become_areas_with_a_labelled_centre(
    precision: str, radius: int
) -> None:
    html = results_map(
        [point(1, "缙云县新建中心敬老院", precision, 28.66, 120.09)],
        static_url=static_url,
        labels=LABELS,
    )
    _, (record,), areas = _layer(html)
    assert record["area"] is True and record["at"] == [28.66, 120.09]
    assert areas == [{"at": [28.66, 120.09], "radius": radius}]
    assert '"interactive":false' in html
    assert "<em>位置为大致范围</em>" in record["popup"]
    assert record["tooltip"] == "缙云县新建中心敬老院（位置为大致范围）"


def test_exact_points_are_pins_in_the_cluster() -> None:
    html = results_map(
        [point(1, "a", lat=28.1, lon=120.1), point(2, "b", lat=28.2, lon=120.2)],
        static_url=static_url,
        labels=LABELS,
    )
    target, records, areas = _layer(html)
    assert [(r["at"], r["area"]) for r in records] == [
        ([28.1, 120.1], False),
        ([28.2, 120.2], False),
    ]
    assert areas == []
    assert re.search(rf"var {target} = L\.markerClusterGroup", html)
    # The script draws records without an area as L.marker pins, the others as dots.
    assert "p.area ? L.circleMarker(p.at, centreStyle)" in html
    assert ": L.marker(p.at, {alt: p.name})" in html


def test_facilities_sharing_a_centroid_share_one_area_and_each_keep_a_dot() -> None:
    points = [point(i, f"景宁县项目{i}", "county", 27.97, 119.63) for i in range(5)]
    _, records, areas = _layer(results_map(points, static_url=static_url, labels=LABELS))
    assert len(areas) == 1
    assert len(records) == 5 and all(r["area"] for r in records)


def test_a_single_facility_is_drawn_on_the_map_itself() -> None:
    html = facility_map(point(1, "a", "county", radius=8000), static_url=static_url, labels=LABELS)
    target, _, areas = _layer(html)
    assert target.startswith("map_")
    assert areas == [{"at": [28.4517, 119.9143], "radius": 8000}]  # explicit radius wins


def test_province_level_and_unlocated_points_are_left_off() -> None:
    points = [point(1, "a"), point(2, "全省项目", "province"), point(3, "待定", "none")]
    html = results_map(points, static_url=static_url, labels=LABELS)
    assert [r["name"] for r in _layer(html)[1]] == ["a"]
    assert "全省项目" not in html and "待定" not in html
    assert [p.id for p in unmappable(points)] == [2, 3]
    with pytest.raises(ValueError, match="no location precise enough"):
        facility_map(points[1], static_url=static_url, labels=LABELS)


def test_gcj02_tiles_shift_points_by_the_datum_offset() -> None:
    lat, lon = 28.4517, 119.9143  # 丽水 (莲都区), WGS-84
    osm = facility_map(point(1, "a", lat=lat, lon=lon), static_url=static_url, labels=LABELS)
    gaode = facility_map(
        point(1, "a", lat=lat, lon=lon), static_url=static_url, labels=LABELS, tiles=AUTONAVI
    )
    assert _layer(osm)[1][0]["at"] == [lat, lon]
    glat, glon = _layer(gaode)[1][0]["at"]
    # Around 丽水, GCJ-02 lies some 400 m east and 400 m south of WGS-84 (~0.005°).
    assert 0.003 < glon - lon < 0.006
    assert -0.005 < glat - lat < -0.002
    from portal.geo.coords import wgs84_to_gcj02

    assert (glat, glon) == pytest.approx(wgs84_to_gcj02(lat, lon), abs=1e-9)


def test_region_map_fits_the_region_bounds_in_the_tile_datum() -> None:
    bounds = ((27.9, 119.5), (28.8, 120.3))
    html = region_map([point(1, "a")], bounds, static_url=static_url, labels=LABELS)
    fitted = re.search(r"fitBounds\(\s*(\[\[.*?\]\])", html, re.S)
    assert fitted is not None
    assert json.loads(fitted.group(1)) == [[27.9, 119.5], [28.8, 120.3]]
    gaode = region_map([], bounds, static_url=static_url, labels=LABELS, tiles=AUTONAVI)
    fitted = re.search(r"fitBounds\(\s*(\[\[.*?\]\])", gaode, re.S)
    assert fitted is not None
    (south, west), _ = json.loads(fitted.group(1))
    assert 0.003 < west - 119.5 < 0.007


def test_results_map_fits_points_and_areas_without_street_level_zoom() -> None:
    html = results_map([point(1, "a", lat=28.0, lon=120.0)], static_url=static_url, labels=LABELS)
    assert re.search(r'"maxZoom": 15', html)
    assert "fitBounds" in html


def test_csp_nonce_is_added_to_every_inline_and_linked_script_and_style() -> None:
    html = results_map(
        [point(1, "a"), point(2, "b", "town")],
        static_url=static_url,
        labels=LABELS,
        csp_nonce="r4nd0m+/=",
    )
    tags = re.findall(r"<(?:script|style)\b[^>]*>", html)
    assert tags and all('nonce="r4nd0m+/="' in tag for tag in tags)
    with pytest.raises(ValueError, match="nonce"):
        results_map([], static_url=static_url, labels=LABELS, csp_nonce='x" onload="alert(1)')


def test_document_language_and_title_come_from_labels() -> None:
    html = facility_map(point(1, "a"), static_url=static_url, labels=LABELS)
    assert '<html lang="zh-Hans">' in html
    assert "<title>机构地图</title>" in html


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"url": "https://evil.example/f/1"}, "not site-relative"),
        ({"url": "//evil.example/f/1"}, "not site-relative"),
        ({"url": "javascript:alert(1)"}, "not site-relative"),
        ({"lat": 91.0}, "latitude"),
        ({"lon": float("nan")}, "longitude"),
        ({"precision": "street"}, "street"),
        ({"approximate_radius_m": 0}, "radius"),
    ],
)
def test_map_point_rejects_bad_values(kwargs: dict, message: str) -> None:
    from portal.maps import MapPoint

    fields = {
        "id": 1,
        "name": "a",
        "kind_label": "k",
        "status_label": "s",
        "url": "/facilities/1",
        "lat": 28.0,
        "lon": 120.0,
        "precision": "exact",
        **kwargs,
    }
    with pytest.raises(ValueError, match=message):
        MapPoint(**fields)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"datum": "bd09"}, "datum"),
        ({"url": "https://tiles.example/{z}/{x}.png"}, "lacks"),
        ({"max_zoom": 30}, "max_zoom"),
        ({"attribution": " "}, "attribution"),
    ],
)
def test_tile_config_rejects_bad_values(kwargs: dict, message: str) -> None:
    fields = {"url": OSM_TILES.url, "attribution": OSM_TILES.attribution, **kwargs}
    with pytest.raises(ValueError, match=message):
        TileConfig(**fields)


def test_tile_config_reads_the_app_config_keys() -> None:
    config = {
        "MAP_TILES_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "MAP_TILES_ATTRIBUTION": "© OpenStreetMap contributors",
        "MAP_TILES_DATUM": "wgs84",
    }
    assert TileConfig.from_config(config) == OSM_TILES
