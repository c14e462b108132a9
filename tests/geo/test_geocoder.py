"""Offline geocoding and the configured online fallback (no network in tests)."""

import pytest
from geopy.exc import GeocoderUnavailable
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from portal.geo.geocoder import CachedFallbackGeocoder, OfflineGeocoder, make_geocoder


@pytest.fixture(scope="module")
def offline() -> OfflineGeocoder:
    return OfflineGeocoder()


@pytest.mark.parametrize(
    ("query", "code", "level", "precision"),
    [
        ("景宁县", "331127", "county", "county"),
        ("浙江省丽水市莲都区", "331102", "county", "county"),
        ("台州市椒江区章安街道", "331002008", "town", "county"),
        ("泰州市海陵区", "321202", "county", "county"),
        ("景德镇", "360200", "city", "city"),
    ],
)
def test_offline_answers(offline, query, code, level, precision):
    location = offline.geocode(query)
    assert isinstance(location, Location)
    assert location.raw["code"] == code
    assert location.raw["level"] == level
    assert location.raw["precision"] == precision


def test_offline_unknown_and_many(offline):
    assert offline.geocode("火星基地") is None
    many = offline.geocode("白云街道", exactly_one=False)
    assert len(many) > 3
    (lishui,) = offline.geocode("白云街道", exactly_one=False, within="331100")
    assert lishui.address == "浙江省丽水市莲都区白云街道"


def test_default_is_offline():
    assert isinstance(make_geocoder({}), OfflineGeocoder)
    assert isinstance(make_geocoder({"GEOCODER": "offline"}), OfflineGeocoder)


def test_misconfiguration_is_reported():
    with pytest.raises(ValueError, match="USER_AGENT"):
        make_geocoder({"GEOCODER": "nominatim"})
    with pytest.raises(ValueError, match="unknown GEOCODER"):
        make_geocoder({"GEOCODER": "google"})


def test_nominatim_is_wrapped_not_called():
    geocoder = make_geocoder({"GEOCODER": "nominatim", "GEOCODER_USER_AGENT": "carefinder-test"})
    assert isinstance(geocoder, CachedFallbackGeocoder)
    assert isinstance(geocoder.fallback, OfflineGeocoder)


class _StubService(Geocoder):
    """Stands in for an online service (geopy's interface, no network): down, or answering."""

    def __init__(self, answer: Location | None, down: bool) -> None:
        super().__init__()
        self.answer, self.down, self.calls = answer, down, 0

    def geocode(self, query, *, exactly_one=True):
        self.calls += 1
        if self.down:
            raise GeocoderUnavailable("service unreachable")
        return self.answer


def test_online_failure_falls_back_and_is_not_cached(tmp_path):
    service = _StubService(None, down=True)
    geocoder = CachedFallbackGeocoder(
        service, OfflineGeocoder(), min_delay_seconds=0, max_retries=0,
        cache_path=tmp_path / "geocode.json",
    )  # fmt: skip
    assert geocoder.geocode("莲都区").raw["code"] == "331102"
    assert geocoder.geocode("莲都区").raw["code"] == "331102"
    assert service.calls == 2  # a failure is retried next time


def test_online_answers_are_cached_on_disk(tmp_path):
    cache = tmp_path / "geocode.json"
    answer = Location("莲都区, 丽水市", (28.45, 119.91), {"place_id": 1})
    service = _StubService(answer, down=False)
    geocoder = CachedFallbackGeocoder(service, OfflineGeocoder(), min_delay_seconds=0,
                                      cache_path=cache)  # fmt: skip
    assert geocoder.geocode("莲都区").raw == {"place_id": 1}
    reopened = CachedFallbackGeocoder(service, OfflineGeocoder(), min_delay_seconds=0,
                                      cache_path=cache)  # fmt: skip
    assert reopened.geocode("莲都区").point[:2] == (28.45, 119.91)
    assert service.calls == 1
