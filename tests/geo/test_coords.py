"""GCJ-02 ↔ WGS-84 conversion against published reference pairs."""

import pytest
from geopy.distance import geodesic

from portal.geo.coords import gcj02_to_wgs84, out_of_china, wgs84_to_gcj02

# Tiananmen: WGS-84 (39.90734, 116.39089) → GCJ-02 (39.90874107, 116.39713094) by the formula,
# and (39.90874539, 116.39713623) as returned by the AutoNavi conversion API (both from the test
# table of an independent R implementation of the transform).
WGS_TIANANMEN = (39.90734, 116.39089)
GCJ_FORMULA = (39.90874107, 116.39713094)
GCJ_API = (39.90874539, 116.39713623)


def test_forward_matches_published_pair():
    lat, lon = wgs84_to_gcj02(*WGS_TIANANMEN)
    assert lat == pytest.approx(GCJ_FORMULA[0], abs=1e-7)
    assert lon == pytest.approx(GCJ_FORMULA[1], abs=1e-7)
    assert geodesic((lat, lon), GCJ_API).m < 1


def test_inverse_of_published_pair_is_within_a_metre():
    assert geodesic(gcj02_to_wgs84(*GCJ_FORMULA), WGS_TIANANMEN).m < 0.05
    assert geodesic(gcj02_to_wgs84(*GCJ_API), WGS_TIANANMEN).m < 1


@pytest.mark.parametrize(
    "wgs", [(31.23, 121.47), (28.45, 119.91), (29.27, 117.18), (32.49, 119.91), (45.75, 126.65)]
)
def test_round_trip_is_within_a_centimetre(wgs):
    assert geodesic(gcj02_to_wgs84(*wgs84_to_gcj02(*wgs)), wgs).m < 0.01


def test_shift_in_lishui_is_hundreds_of_metres():
    # cpca's 丽水市 point (GCJ-02): the WGS-84 point must move 300-700 m, as GCJ-02 does.
    wgs = gcj02_to_wgs84(28.46763, 119.922796)
    assert 300 < geodesic(wgs, (28.46763, 119.922796)).m < 700


@pytest.mark.parametrize("point", [(51.5, -0.12), (35.68, 139.9), (-33.9, 151.2)])
def test_outside_china_passes_through(point):
    assert out_of_china(*point)
    assert wgs84_to_gcj02(*point) == point
    assert gcj02_to_wgs84(*point) == point
