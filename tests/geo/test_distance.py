"""Distances and nearest-point search."""

import math
import random

import pytest
from geopy.distance import geodesic

from portal.geo.distance import bounding_box, distance_km, nearest
from portal.geo.gazetteer import load_default


def _haversine_km(a, b):
    """Independent check: great-circle distance on a sphere of the IUGG mean radius."""
    lat1, lat2 = math.radians(a[0]), math.radians(b[0])
    dlat, dlon = lat2 - lat1, math.radians(b[1] - a[1])
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ("丽水市", "台州市", 140, 155),  # the two city points are ~148 km apart
        ("椒江区", "黄岩区", 15, 22),
        ("南湖区", "秀洲区", 5, 9),
        ("景德镇市", "乐平市", 30, 40),
    ],
)
def test_known_distances(a, b, low, high):
    gaz = load_default()
    (pa,), (pb,) = gaz.find(a), gaz.find(b)
    km = distance_km((pa.lat, pa.lon), (pb.lat, pb.lon))
    assert low < km < high
    # the ellipsoid and the sphere agree to within 0.5 % at these latitudes
    assert km == pytest.approx(_haversine_km((pa.lat, pa.lon), (pb.lat, pb.lon)), rel=0.005)


def test_bounding_box_contains_the_circle():
    origin = (28.45, 119.91)
    min_lat, min_lon, max_lat, max_lon = bounding_box(origin, 20)
    for bearing in range(0, 360, 15):
        # a point 19.99 km away in each direction must be inside the box
        p = geodesic(kilometers=19.99).destination(origin, bearing)
        assert min_lat <= p.latitude <= max_lat and min_lon <= p.longitude <= max_lon
    with pytest.raises(ValueError):
        bounding_box(origin, -1)


def test_nearest_filters_and_sorts():
    gaz = load_default()
    counties = [(p.name, p.lat, p.lon) for p in gaz.children("331100") if p.has_point]
    assert len(counties) == 9
    origin = (gaz.get("331102").lat, gaz.get("331102").lon)  # 莲都区
    found = nearest(origin, counties, radius_km=50)
    assert found[0] == ("莲都区", 0.0)
    assert [km for _key, km in found] == sorted(km for _key, km in found)
    assert all(km <= 50 for _key, km in found)
    everything = nearest(origin, counties)
    assert len(everything) == len(counties)
    assert {key for key, _ in found} == {key for key, km in everything if km <= 50}
    assert nearest(origin, counties, radius_km=50, limit=2) == found[:2]


def test_nearest_agrees_with_brute_force():
    rng = random.Random(7)
    points = [(i, rng.uniform(27, 33), rng.uniform(116, 122)) for i in range(2000)]
    origin = (29.0, 119.5)
    brute = sorted((distance_km(origin, (lat, lon)), key) for key, lat, lon in points)
    expected = [key for km, key in brute if km <= 60]
    assert [key for key, _km in nearest(origin, points, radius_km=60)] == expected
