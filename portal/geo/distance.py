"""Distances between WGS-84 points, and the nearest points to an origin.

``geodesic`` (WGS-84 ellipsoid) costs ~70 µs a call, so ``nearest`` first discards points
outside a latitude/longitude box around the origin with plain comparisons.
"""

import heapq
import math
from collections.abc import Hashable, Iterable
from typing import TypeVar

from geopy.distance import geodesic

Point = tuple[float, float]  # (lat, lon), WGS-84
K = TypeVar("K", bound=Hashable)

# Shortest length of one degree of latitude on the WGS-84 ellipsoid (at the equator), in km:
# dividing by it can only make the box larger, never cut a point that is within the radius.
_KM_PER_DEG_LAT_MIN = 110.574
_KM_PER_DEG_LON_EQUATOR = 111.320


def distance_km(a: Point, b: Point) -> float:
    """Geodesic distance in km between two (lat, lon) points."""
    return geodesic(a, b).km


def bounding_box(origin: Point, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, min_lon, max_lat, max_lon) enclosing every point within ``radius_km``.

    The box is generous (a few per cent) so it never excludes a point inside the radius.
    Near a pole or for huge radii the longitude span becomes the whole circle.

    :raise ValueError: if ``radius_km`` is negative.
    """
    if radius_km < 0:
        raise ValueError("radius_km must not be negative")
    lat, lon = origin
    dlat = radius_km / _KM_PER_DEG_LAT_MIN * 1.01
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    widest = max(abs(min_lat), abs(max_lat))
    cos_lat = math.cos(math.radians(widest))
    if cos_lat < 1e-6:
        return min_lat, -180.0, max_lat, 180.0
    dlon = radius_km / (_KM_PER_DEG_LON_EQUATOR * cos_lat) * 1.01
    if dlon >= 180.0:
        return min_lat, -180.0, max_lat, 180.0
    return min_lat, lon - dlon, max_lat, lon + dlon


def nearest(
    origin: Point,
    points: Iterable[tuple[K, float, float]],
    radius_km: float | None = None,
    limit: int | None = None,
) -> list[tuple[K, float]]:
    """The (key, km) of ``points`` within ``radius_km`` of ``origin``, nearest first.

    ``points`` are (key, lat, lon). With no radius every point is measured; ``limit`` keeps the
    first ``limit`` results. Ties keep input order.
    """
    if radius_km is None:
        candidates = list(points)
    else:
        min_lat, min_lon, max_lat, max_lon = bounding_box(origin, radius_km)
        # Longitudes past ±180 (only for boxes crossing the antimeridian) are compared modulo 360.
        wraps = min_lon < -180.0 or max_lon > 180.0
        candidates = [
            (key, lat, lon)
            for key, lat, lon in points
            if min_lat <= lat <= max_lat
            and (min_lon <= lon <= max_lon or (wraps and _in_wrapped(lon, min_lon, max_lon)))
        ]
    measured = (
        (geodesic(origin, (lat, lon)).km, index, key)
        for index, (key, lat, lon) in enumerate(candidates)
    )
    if radius_km is not None:
        measured = (item for item in measured if item[0] <= radius_km)
    ordered = heapq.nsmallest(limit, measured) if limit is not None else sorted(measured)
    return [(key, km) for km, _index, key in ordered]


def _in_wrapped(lon: float, min_lon: float, max_lon: float) -> bool:
    return min_lon <= lon - 360.0 <= max_lon or min_lon <= lon + 360.0 <= max_lon
