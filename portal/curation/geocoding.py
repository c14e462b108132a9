"""Coordinates for an address through the configured geocoder (``PORTAL_GEOCODER``).

The offline gazetteer knows regions, not streets: an address is tried whole, then shorter from
the end at region suffixes (``丽水市莲都区紫金街道…路1号`` → ``丽水市莲都区紫金街道`` →
``丽水市莲都区``), and the answer says how
precise it is (town, county …). An online geocoder's street-level answer is ``exact``.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from portal.domain import Precision
from portal.geo.geocoder import OfflineGeocoder, make_geocoder

MAX_ADDRESS = 120


@dataclass(frozen=True)
class Geocoded:
    lat: float
    lon: float
    precision: Precision
    matched: str  # the address or region name the geocoder answered for


def geocode_address(config: Mapping, address: str, prefix: str = "") -> Geocoded | None:
    """The point of ``address`` (``prefix``, e.g. the facility's county, helps the offline
    geocoder), or ``None`` if nothing in it is known."""
    text = "".join(address.split())[:MAX_ADDRESS]
    if not text:
        return None
    geocoder = make_geocoder(config)
    if not isinstance(geocoder, OfflineGeocoder):
        found = geocoder.geocode(text, exactly_one=True)
        if found is not None:
            raw = found.raw if isinstance(found.raw, dict) else {}
            precision = Precision(raw.get("precision", Precision.EXACT.value))
            return Geocoded(found.latitude, found.longitude, precision, found.address)
        geocoder = OfflineGeocoder()
    for candidate in (text, prefix + text if prefix and not text.startswith(prefix) else None):
        if not candidate:
            continue
        for size in _cuts(candidate):
            found = geocoder.geocode(candidate[:size], exactly_one=True)
            if found is not None:
                precision = Precision(found.raw.get("precision", Precision.CITY.value))
                return Geocoded(found.latitude, found.longitude, precision, found.address)
    return None


_REGION_ENDINGS = "省市区县旗镇乡道"


def _cuts(text: str) -> list[int]:
    """Lengths at which a region name may end, longest first (a few look-ups, not one per
    character: the offline geocoder's own search is quadratic in the query)."""
    cuts = [i + 1 for i, char in enumerate(text) if char in _REGION_ENDINGS]
    return sorted({len(text), *cuts}, reverse=True)[:8]
