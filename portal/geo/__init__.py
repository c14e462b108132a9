"""Places and distances: the gazetteer, offline geocoding, datum conversion, project placement.

May import ``portal.domain`` only: geo is a library with no database or Flask.
"""

from portal.geo.coords import gcj02_to_wgs84, out_of_china, wgs84_to_gcj02
from portal.geo.distance import bounding_box, distance_km, nearest
from portal.geo.gazetteer import Gazetteer, GazetteerError, Place, load_default
from portal.geo.geocoder import CachedFallbackGeocoder, OfflineGeocoder, make_geocoder
from portal.geo.placement import Placement, place_location

__all__ = [
    "CachedFallbackGeocoder",
    "Gazetteer",
    "GazetteerError",
    "OfflineGeocoder",
    "Place",
    "Placement",
    "bounding_box",
    "distance_km",
    "gcj02_to_wgs84",
    "load_default",
    "make_geocoder",
    "nearest",
    "out_of_china",
    "place_location",
    "wgs84_to_gcj02",
]
