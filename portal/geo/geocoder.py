"""Geocoding behind geopy's interface: offline over the gazetteer by default, online by choice.

``OfflineGeocoder`` answers from the bundled gazetteer and never opens a connection. An online
geopy geocoder (Nominatim) is used only when configured, behind a rate limiter and a cache, and
the offline one answers whenever it fails or finds nothing.
"""

import json
from collections.abc import Mapping
from pathlib import Path

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from portal.domain import Precision, RegionLevel
from portal.geo.gazetteer import Gazetteer, Place, load_default
from portal.geo.names import normalise_name

_PRECISION = {level: Precision(level.value) for level in RegionLevel}


class OfflineGeocoder(Geocoder):
    """A geopy ``Geocoder`` over the gazetteer.

    A query is a region name or alias (``景宁县``) or a chain of them (``浙江省丽水市莲都区``);
    each name is looked up inside the previous one. ``raw`` carries ``code``, ``level``,
    ``precision`` and ``source``. Places with no point are answered with their nearest ancestor's
    point and a coarser ``precision``.
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        super().__init__()
        self.gazetteer = gazetteer or load_default()

    def geocode(
        self, query: str, *, exactly_one: bool = True, within: str | None = None
    ) -> Location | list[Location] | None:
        """Locations matching ``query`` (inside the region coded ``within`` if given), or None."""
        places = self._match(normalise_name(query), within)
        locations = [loc for loc in (self._location(p) for p in places) if loc is not None]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def _match(self, query: str, within: str | None) -> list[Place]:
        exact = self.gazetteer.find(query, within)
        if exact or not query:
            return exact
        # Consume the longest leading name, then look for the rest inside it.
        for size in range(len(query) - 1, 1, -1):
            for head in self.gazetteer.find(query[:size], within):
                rest = self._match(query[size:], head.code)
                if rest:
                    return rest
        return []

    def _location(self, place: Place) -> Location | None:
        chain = [place, *self.gazetteer.ancestors(place.code)]
        located = next((p for p in chain if p.has_point), None)
        if located is None:
            return None
        address = "".join(p.name for p in reversed(chain))
        raw = {
            "code": place.code,
            "name": place.name,
            "level": place.level.value,
            "precision": _PRECISION[located.level].value,
            "source": place.source,
        }
        return Location(address, (located.lat, located.lon), raw)


class CachedFallbackGeocoder(Geocoder):
    """An online geocoder behind a rate limiter and a cache, with an offline fallback.

    The cache lives in memory and, when ``cache_path`` is given, in a JSON file that is read at
    start and rewritten after each new answer. A failed call (service down, quota) is answered
    by the fallback and not cached, so the query is tried online again later. Only
    ``exactly_one`` look-ups are supported.
    """

    def __init__(
        self,
        online: Geocoder,
        fallback: Geocoder,
        *,
        min_delay_seconds: float = 1.0,
        max_retries: int = 1,
        cache_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.fallback = fallback
        self._online = RateLimiter(
            online.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=max_retries,
            swallow_exceptions=False,
        )
        self._cache_path = cache_path
        self._cache: dict[str, list | None] = {}
        if cache_path is not None and cache_path.exists():
            self._cache = json.loads(cache_path.read_text(encoding="utf-8"))

    def geocode(self, query: str, *, exactly_one: bool = True) -> Location | None:
        """The online answer (cached), or the fallback's when the online one has none."""
        if query not in self._cache:
            try:
                location = self._online(query, exactly_one=True)
            except GeopyError:
                return self.fallback.geocode(query, exactly_one=True)
            self._cache[query] = (
                None
                if location is None
                else [location.address, location.latitude, location.longitude, location.raw]
            )
            if self._cache_path is not None:
                self._cache_path.write_text(json.dumps(self._cache, ensure_ascii=False), "utf-8")
        cached = self._cache[query]
        if cached is None:
            return self.fallback.geocode(query, exactly_one=True)
        address, lat, lon, raw = cached
        return Location(address, (lat, lon), raw)


def make_geocoder(config: Mapping) -> Geocoder:
    """The geocoder the configuration asks for; the offline one unless told otherwise.

    ``GEOCODER="nominatim"`` with ``GEOCODER_USER_AGENT`` set gives Nominatim (rate-limited,
    cached in ``GEOCODER_CACHE_PATH`` if set) falling back to the gazetteer.

    :raise ValueError: for an unknown ``GEOCODER`` or Nominatim without a user agent.
    """
    offline = OfflineGeocoder()
    kind = (config.get("GEOCODER") or "offline").lower()
    if kind == "offline":
        return offline
    if kind != "nominatim":
        raise ValueError(f"unknown GEOCODER {kind!r} (use 'offline' or 'nominatim')")
    user_agent = config.get("GEOCODER_USER_AGENT")
    if not user_agent:
        raise ValueError("GEOCODER='nominatim' needs GEOCODER_USER_AGENT (Nominatim's policy)")
    cache_path = config.get("GEOCODER_CACHE_PATH")
    return CachedFallbackGeocoder(
        Nominatim(user_agent=user_agent, timeout=10),
        offline,
        cache_path=Path(cache_path) if cache_path else None,
    )
