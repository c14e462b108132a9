"""Conversion between WGS-84 and GCJ-02, the datum Chinese map data is published in.

Chinese map services and many packaged gazetteers (``cpca`` among them) give coordinates in
GCJ-02, which is WGS-84 shifted by an obfuscating function by up to ~700 m. OpenStreetMap tiles
and GPS are WGS-84. The portal stores WGS-84 and converts at the edges: the gazetteer build
script converts once, here.

The forward formula is the widely used "eviltransform" reconstruction; the inverse has no
closed form, so it is solved by fixed-point iteration to well under a metre.
Points outside mainland China (the formula's bounding box) pass through unchanged, because
GCJ-02 is defined as identical to WGS-84 there.
"""

import math

_A = 6378245.0  # semi-major axis of Krasovsky 1940, which the GCJ-02 formula uses
_EE = 0.00669342162296594323  # its first eccentricity squared


def out_of_china(lat: float, lon: float) -> bool:
    """Return True when the point lies outside the box in which GCJ-02 differs from WGS-84."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _offset(lat: float, lon: float) -> tuple[float, float]:
    """The GCJ-02 shift (dlat, dlon) in degrees at a WGS-84 point."""
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return dlat, dlon


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """Convert a WGS-84 point to GCJ-02; points outside China are returned unchanged."""
    if out_of_china(lat, lon):
        return lat, lon
    dlat, dlon = _offset(lat, lon)
    return lat + dlat, lon + dlon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """Convert a GCJ-02 point to WGS-84 (iterative inverse, error far below 1 m).

    Points outside China are returned unchanged.
    """
    if out_of_china(lat, lon):
        return lat, lon
    # Start from the one-step approximation, then correct by the residual until it vanishes;
    # the shift varies slowly, so this converges in a handful of steps.
    wlat, wlon = lat, lon
    for _ in range(30):
        glat, glon = wgs84_to_gcj02(wlat, wlon)
        dlat, dlon = glat - lat, glon - lon
        wlat, wlon = wlat - dlat, wlon - dlon
        if abs(dlat) < 1e-10 and abs(dlon) < 1e-10:
            break
    return wlat, wlon
