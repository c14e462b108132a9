"""The vendored Leaflet files: present, licensed, self-contained, and folium left untouched."""

import re

import folium
from folium.plugins import MarkerCluster

from portal.maps import results_map, vendored_paths
from portal.maps.assets import LEAFLET_IMAGES
from tests.maps.helpers import LABELS, STATIC, point, static_url


def test_every_referenced_file_exists_under_static() -> None:
    html = results_map(
        [point(1, "莲都区养老院"), point(2, "x", "county")], static_url=static_url, labels=LABELS
    )
    referenced = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    # The vendored Leaflet files, the portal's own stylesheet for the map controls and the
    # script that draws the compact data layer.
    assert sorted(referenced) == sorted(
        [*vendored_paths(clustered=True), "css/map.css", "js/map-layer.js"]
    )
    for path in [*referenced, *LEAFLET_IMAGES]:
        assert (STATIC / path).is_file(), path


def test_stylesheets_only_load_files_we_ship() -> None:
    for path in vendored_paths(clustered=True):
        if not path.endswith(".css"):
            continue
        css_file = STATIC / path
        for url in re.findall(r"url\(([^)]+)\)", css_file.read_text()):
            url = url.strip("'\"")
            if url.startswith(("data:", "#")):  # inline data, old-IE VML behaviour
                continue
            assert "//" not in url, (path, url)
            assert (css_file.parent / url).is_file(), (path, url)


def test_each_vendored_package_has_a_licence_and_a_readme_entry() -> None:
    readme = (STATIC / "vendor" / "README.md").read_text()
    for folder, licence in [
        ("leaflet-1.9.3", "LICENSE"),
        ("leaflet.markercluster-1.1.0", "MIT-LICENCE.txt"),
    ]:
        assert (STATIC / "vendor" / folder / licence).is_file()
        assert folder in readme


def test_the_vendored_versions_are_the_ones_named() -> None:
    assert "Leaflet 1.9.3" in (STATIC / "vendor/leaflet-1.9.3/leaflet.js").read_text()[:200]
    cluster = (STATIC / "vendor/leaflet.markercluster-1.1.0/leaflet.markercluster.js").read_text()
    assert cluster.startswith("/*\n Leaflet.markercluster")


def test_folium_classes_keep_their_own_asset_lists() -> None:
    before = (list(folium.Map.default_js), list(MarkerCluster.default_js))
    results_map([point(1, "a"), point(2, "b", "town")], static_url=static_url, labels=LABELS)
    assert (folium.Map.default_js, MarkerCluster.default_js) == before
    assert folium.Map.default_js[0][1].startswith("https://cdn.jsdelivr.net/")


def test_a_single_facility_map_does_not_load_the_cluster_plugin() -> None:
    from portal.maps import facility_map

    html = facility_map(point(1, "a"), static_url=static_url, labels=LABELS)
    assert "markercluster" not in html
    assert "/static/vendor/leaflet-1.9.3/leaflet.js" in html
