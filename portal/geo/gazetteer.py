"""The gazetteer: China's provinces, cities, counties and (some) towns, with WGS-84 points.

Read from ``data/gazetteer/gazetteer.csv`` (built by ``data/gazetteer/build_gazetteer.py``) and
the staff-maintained ``data/gazetteer/local_places.csv``; both have the header
``code,name,level,parent_code,lat,lon,aliases,source,pinyin`` with ``|``-separated aliases (files
without the last column are still read). A place whose point is unknown has empty ``lat``/``lon``
and is placed by its nearest ancestor that has one. ``pinyin`` is the name's reading, spaced
syllables with tone marks (``lián dū qū``); an empty one is derived (``readings.place_reading``).
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from portal.domain import RegionLevel
from portal.geo.names import derived_aliases, normalise_name
from portal.geo.readings import place_reading

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "gazetteer"
GAZETTEER_CSV = DATA_DIR / "gazetteer.csv"
LOCAL_PLACES_CSV = DATA_DIR / "local_places.csv"
FIELDS = ("code", "name", "level", "parent_code", "lat", "lon", "aliases", "source", "pinyin")
LEGACY_FIELDS = FIELDS[:-1]  # before the pinyin column

_LEVEL_ORDER = {level: rank for rank, level in enumerate(RegionLevel)}


class GazetteerError(ValueError):
    """A gazetteer file is malformed: wrong header, unknown level, bad number, duplicate code."""


@dataclass(frozen=True, slots=True)
class Place:
    """One region. ``lat``/``lon`` are WGS-84, or None when no reliable point is known."""

    code: str
    name: str
    level: RegionLevel
    parent_code: str | None
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...] = field(default=())
    source: str = ""
    pinyin: str = ""  # spaced syllables with tone marks, one per character of the name

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None

    def readings(self) -> Iterator[tuple[str, str]]:
        """The name and each alias with its reading. An alias that begins the name (莲都 of
        莲都区) takes the name's first syllables, so both read the gazetteer's way."""
        syllables = self.pinyin.split()
        if len(syllables) == len(self.name):
            yield self.name, self.pinyin
            # A town's stem names more than the town (仙都 of 仙都街道 is also 仙都养老院).
            stem = self.name.removesuffix("街道").removesuffix("镇").removesuffix("乡")
            if self.level == RegionLevel.TOWN and 2 <= len(stem) < len(self.name):
                yield stem, " ".join(syllables[: len(stem)])
        for alias in self.aliases:
            if self.name.startswith(alias) and len(syllables) == len(self.name):
                yield alias, " ".join(syllables[: len(alias)])
            else:
                yield alias, place_reading(alias)


class Gazetteer:
    """Look-ups over a set of places: by code, by name or alias, and along the hierarchy."""

    def __init__(self, places: Iterable[Place]) -> None:
        """Index ``places``.

        :raise GazetteerError: if two places share a code.
        """
        self._by_code: dict[str, Place] = {}
        self._by_name: dict[str, list[Place]] = {}
        self._children: dict[str, list[Place]] = {}
        for place in places:
            if place.code in self._by_code:
                raise GazetteerError(f"duplicate code {place.code} ({place.name})")
            self._by_code[place.code] = place
            for key in dict.fromkeys((place.name, *place.aliases)):
                self._by_name.setdefault(key, []).append(place)
            if place.parent_code:
                self._children.setdefault(place.parent_code, []).append(place)

    @classmethod
    def from_csv(cls, *paths: Path) -> "Gazetteer":
        """Load places from CSV files in the gazetteer format; missing optional files are skipped.

        :raise GazetteerError: if a file's header or a row is malformed.
        """
        places: list[Place] = []
        for path in paths:
            if path.exists():
                places.extend(read_places(path))
        return cls(places)

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Place | None:
        """Return the place with this code, or None."""
        return self._by_code.get(code)

    def find(self, name: str, within: str | None = None) -> list[Place]:
        """Places whose name, alias or short form equals ``name`` (whitespace ignored).

        With ``within`` (a code), only places inside that region (or the region itself) are
        returned. Results run from the largest level to the smallest, then by code.
        """
        found = self._by_name.get(normalise_name(name), [])
        if within is not None:
            found = [place for place in found if self.contains(ancestor=within, code=place.code)]
        return sorted(found, key=lambda place: (_LEVEL_ORDER[place.level], place.code))

    def ancestors(self, code: str) -> list[Place]:
        """The chain of enclosing regions of ``code``, nearest first (empty for unknown codes)."""
        chain: list[Place] = []
        place = self._by_code.get(code)
        while place is not None and place.parent_code:
            place = self._by_code.get(place.parent_code)
            if place is not None:
                chain.append(place)
        return chain

    def children(self, code: str) -> list[Place]:
        """The places whose parent is ``code``, by code."""
        return sorted(self._children.get(code, []), key=lambda place: place.code)

    def contains(self, *, ancestor: str, code: str) -> bool:
        """True when ``code`` is ``ancestor`` itself or lies inside it.

        Keyword-only, so no caller can swap the two codes without it showing. Pages and rules use
        :class:`portal.places.Area` (``area.contains(other)``), which is built on this.
        """
        if ancestor == code:
            return code in self._by_code
        return any(place.code == ancestor for place in self.ancestors(code))

    def names(self) -> Iterator[tuple[str, Place]]:
        """Every name and alias with its place (a name shared by several places repeats)."""
        for name, places in self._by_name.items():
            for place in places:
                yield name, place

    def readings(self) -> Iterator[tuple[str, str]]:
        """Every name and alias with its reading (``莲都区``, ``lián dū qū``)."""
        for place in self._by_code.values():
            yield from place.readings()

    def places(self) -> Iterator[Place]:
        """Every place, in file order."""
        return iter(self._by_code.values())


def read_places(path: Path) -> list[Place]:
    """Parse one gazetteer CSV file.

    Rule-derived short forms (``names.derived_aliases``) are added to the aliases given in the
    file, so staff need not type them.

    :raise GazetteerError: on a wrong header, an unknown level or a malformed coordinate.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or tuple(header) not in (FIELDS, LEGACY_FIELDS):
            raise GazetteerError(f"{path.name}: header must be {','.join(FIELDS)}")
        width = len(header)
        return [
            _parse_row(path, line, row, width) for line, row in enumerate(reader, start=2) if row
        ]


def _parse_row(path: Path, line: int, row: list[str], width: int = len(FIELDS)) -> Place:
    if len(row) != width:
        raise GazetteerError(f"{path.name}:{line}: expected {width} fields, got {len(row)}")
    code, name, level_text, parent, lat_text, lon_text, alias_text, source = row[:8]
    reading = row[8].strip() if width > 8 else ""
    try:
        level = RegionLevel(level_text)
        lat = float(lat_text) if lat_text else None
        lon = float(lon_text) if lon_text else None
    except ValueError as error:
        raise GazetteerError(f"{path.name}:{line}: {error}") from None
    if (lat is None) != (lon is None):
        raise GazetteerError(f"{path.name}:{line}: lat and lon must both be given or both empty")
    given = [alias for alias in alias_text.split("|") if alias]
    aliases = tuple(dict.fromkeys([*given, *derived_aliases(name, level)]))
    return Place(
        code, name, level, parent or None, lat, lon, aliases, source, reading or place_reading(name)
    )


@cache
def load_default() -> Gazetteer:
    """The bundled gazetteer plus ``local_places.csv``, loaded once per process."""
    return Gazetteer.from_csv(GAZETTEER_CSV, LOCAL_PLACES_CSV)
