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
from tests.maps.helpers import HOSTILE, LABELS, STATIC, point, static_url

AUTONAVI = TileConfig(
    url="https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
    attribution="© 高德地图",
    datum="gcj02",
    max_zoom=18,
    subdomains="1234",
)


OUR_FILES = ("/static/css/map.css", "/static/js/map-layer.js")


def _layer(html: str) -> tuple[str, list[list], list[list], dict]:
    """The compact layer: (target layer's variable, point records, areas, whole data)."""
    call = re.search(r"CareFinderMap\.draw\((\w+),\s*(\w+), \w+,\s*", html)
    if call is None:
        return "", [], [], {}
    data, _ = json.JSONDecoder().raw_decode(html, call.end())
    return call.group(2), data["points"], data["areas"], data


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
            assert url.startswith("/static/vendor/") or url in OUR_FILES, url
        # URLs in the script are JSON string literals (``&`` written as ``\\u0026``): decode.
        remote = [json.loads(f'"{url}"') for url in re.findall(r"(?:https?:)?//[^\s\"'<>]+", html)]
        assert remote == [tiles.url], remote


def test_hostile_names_stay_text_in_the_layer_and_title() -> None:
    labels = type(LABELS)(**{**LABELS.__dict__, "title": HOSTILE})
    html = results_map(
        [point(1, HOSTILE), point(2, HOSTILE, "county")], static_url=static_url, labels=labels
    )
    _, records, _, _ = _layer(html)
    # The name is data: the script sets it with textContent, so it stays the raw name …
    assert [r[1] for r in records] == [HOSTILE, HOSTILE]
    # … and its literal can neither close the script nor reach branca's template pass.
    assert "\\u003cimg" in html and "\\u003c/script\\u003e" in html
    assert html.count("<script") == html.count("</script>") == 5
    assert "<img" not in html
    assert "<title>&lt;img src=x onerror=alert(1)&gt;" in html
    # folium's jQuery/template-literal popups are not used, so `${…}` can never be evaluated.
    assert "$(`" not in html and "bindPopup(`" not in html


def test_the_layer_script_builds_popups_from_text_nodes_only() -> None:
    script = (STATIC / "js" / "map-layer.js").read_text()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "textContent" in script
    # Leaflet treats a string popup or tooltip as HTML: the script binds functions of nodes.
    assert "bindPopup(function" in script and "bindTooltip(function" in script


def test_popup_fields_are_sent_once_per_distinct_label() -> None:
    html = results_map(
        [point(7, "遂昌县北界中心敬老院迁建工程"), point(8, "遂昌县社会福利中心")],
        static_url=static_url,
        labels=LABELS,
    )
    _, records, _, data = _layer(html)
    assert records == [
        [7, "遂昌县北界中心敬老院迁建工程", 28.4517, 119.9143, 0, 0, 0],
        [8, "遂昌县社会福利中心", 28.4517, 119.9143, 0, 0, 0],
    ]
    assert data["kinds"] == ["养老机构"] and data["statuses"] == ["在建"]
    assert data["url"] == "/facilities/"  # + the id: the link of each popup
    assert data["labels"]["details"] == "查看详情"
    assert data["labels"]["approximate"] == "位置为大致范围"


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
    _, (record,), areas, _ = _layer(html)
    assert record[2:4] == [28.66, 120.09] and record[6] == radius  # a dot with its area
    assert areas == [[28.66, 120.09, radius]]
    assert '"interactive":false' in html


def test_exact_points_are_pins_in_the_cluster() -> None:
    html = results_map(
        [point(1, "a", lat=28.1, lon=120.1), point(2, "b", lat=28.2, lon=120.2)],
        static_url=static_url,
        labels=LABELS,
    )
    target, records, areas, _ = _layer(html)
    assert [(r[2:4], r[6]) for r in records] == [([28.1, 120.1], 0), ([28.2, 120.2], 0)]
    assert areas == []
    assert re.search(rf"var {target} = L\.markerClusterGroup", html)
    # The script draws records without a radius as L.marker pins, the others as dots.
    script = (STATIC / "js" / "map-layer.js").read_text()
    assert "p[6] ? L.circleMarker([p[2], p[3]], centreStyle)" in script
    assert ": L.marker([p[2], p[3]], {alt: p[1]})" in script


def test_facilities_sharing_a_centroid_share_one_area_and_each_keep_a_dot() -> None:
    points = [point(i, f"景宁县项目{i}", "county", 27.97, 119.63) for i in range(5)]
    _, records, areas, _ = _layer(results_map(points, static_url=static_url, labels=LABELS))
    assert len(areas) == 1
    assert len(records) == 5 and all(r[6] == 15000 for r in records)


def test_a_single_facility_is_drawn_on_the_map_itself() -> None:
    html = facility_map(point(1, "a", "county", radius=8000), static_url=static_url, labels=LABELS)
    target, _, areas, _ = _layer(html)
    assert target.startswith("map_")
    assert areas == [[28.4517, 119.9143, 8000]]  # explicit radius wins


def test_province_level_and_unlocated_points_are_left_off() -> None:
    points = [point(1, "a"), point(2, "全省项目", "province"), point(3, "待定", "none")]
    html = results_map(points, static_url=static_url, labels=LABELS)
    assert [r[1] for r in _layer(html)[1]] == ["a"]
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
    assert _layer(osm)[1][0][2:4] == [lat, lon]
    glat, glon = _layer(gaode)[1][0][2:4]
    # Around 丽水, GCJ-02 lies some 400 m east and 400 m south of WGS-84 (~0.005°).
    assert 0.003 < glon - lon < 0.006
    assert -0.005 < glat - lat < -0.002
    from portal.geo.coords import wgs84_to_gcj02

    # Rounded to 5 decimals (about a metre) in the compact layer.
    assert (glat, glon) == pytest.approx(wgs84_to_gcj02(lat, lon), abs=1e-5)


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


def test_region_map_draws_server_side_counts_with_their_areas_and_list_link() -> None:
    from portal.maps import MapCell

    cells = [MapCell(28.45, 119.91, 812, "exact"), MapCell(28.3, 119.8, 40, "county")]
    html = region_map(
        [],
        ((27.9, 119.5), (28.8, 120.3)),
        cells=cells,
        list_url="/facilities/?region=331100",
        static_url=static_url,
        labels=LABELS,
    )
    _, records, _, data = _layer(html)
    assert records == []
    # A grid square is a count at its members' mean; a shared county centre keeps its area.
    assert data["cells"] == [[28.45, 119.91, 812, 0], [28.3, 119.8, 40, 15000]]
    assert data["listUrl"] == "/facilities/?region=331100"
    with pytest.raises(ValueError, match="not site-relative"):
        region_map(
            [],
            ((27.9, 119.5), (28.8, 120.3)),
            cells=cells,
            list_url="https://evil.example/",
            static_url=static_url,
            labels=LABELS,
        )
    with pytest.raises(ValueError, match="at least one"):
        MapCell(28.0, 120.0, 0, "exact")


def test_a_url_other_than_prefix_and_id_travels_with_its_record() -> None:
    from dataclasses import replace

    odd = replace(point(2, "b"), url="/facilities/2?from=map")
    _, records, _, _ = _layer(
        results_map([point(1, "a"), odd], static_url=static_url, labels=LABELS)
    )
    assert len(records[0]) == 7 and records[1][7] == "/facilities/2?from=map"
